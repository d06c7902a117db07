/** The dataset menu: the built-ins by group, plus whatever the project names that is not one of them (an import). */
import { useId } from 'react';
import { BUILTIN_DATASETS, builtinDataset } from './datasets';

const GROUPS = [...new Set(BUILTIN_DATASETS.map((d) => d.group))];

export function DatasetPicker({ value, imported, onPick }: { value: string | undefined; imported?: string | undefined; onPick(name: string): void }) {
  const id = useId();
  const known = builtinDataset(value);
  return (
    <div className="tfield">
      <label className="tfield__label" htmlFor={id}>
        Dataset
      </label>
      <select id={id} className="tfield__input" value={imported ? `file:${imported}` : (known?.name ?? value ?? '')} data-testid="dataset-picker" onChange={(e) => !e.target.value.startsWith('file:') && onPick(e.target.value)}>
        {!value && !imported && <option value="">Choose a dataset…</option>}
        {imported && <option value={`file:${imported}`}>Your file: {imported}</option>}
        {value && !known && !imported && <option value={value}>{value}</option>}
        {GROUPS.map((group) => (
          <optgroup key={group} label={group}>
            {BUILTIN_DATASETS.filter((d) => d.group === group).map((d) => (
              <option key={d.name} value={d.name}>
                {d.title}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {known && <p className="tfield__hint">{known.summary}</p>}
    </div>
  );
}
