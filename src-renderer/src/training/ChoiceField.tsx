/** A menu of named choices; the chosen one's explanation shows under it. */
import { useId } from 'react';
import type { Choice } from './hyperparameters';

export interface ChoiceFieldProps<T extends string> {
  readonly label: string;
  readonly value: T;
  readonly choices: readonly Choice<T>[];
  readonly testId: string;
  onChoose(value: T): void;
}

export function ChoiceField<T extends string>({ label, value, choices, testId, onChoose }: ChoiceFieldProps<T>) {
  const id = useId();
  const chosen = choices.find((c) => c.value === value);
  return (
    <div className="tfield">
      <label className="tfield__label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="tfield__input" value={value} data-testid={testId} onChange={(e) => onChoose(e.target.value as T)}>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      {chosen && <p className="tfield__hint">{chosen.hint}</p>}
    </div>
  );
}
