/** Which data the evaluation is about: the test data, the validation data or the training data. */
import { useId } from 'react';
import type { SplitName } from '../../../shared/ipc/services';

const LABELS: Record<SplitName, string> = { test: 'Test data', validation: 'Validation data', train: 'Training data' };

export function SplitPicker({ splits, value, onPick }: { splits: readonly SplitName[]; value: SplitName; onPick(s: SplitName): void }) {
  const id = useId();
  return (
    <span className="split-picker">
      <label htmlFor={id} className="muted">
        Evaluated on
      </label>
      <select id={id} className="tfield__input" value={value} data-testid="split-picker" onChange={(e) => onPick(e.target.value as SplitName)}>
        {splits.map((s) => (
          <option key={s} value={s}>
            {LABELS[s]}
          </option>
        ))}
      </select>
    </span>
  );
}
