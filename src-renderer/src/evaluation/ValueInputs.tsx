/** One number box per input value, for models that read rows of numbers. */
import { formatNumber, parseNumber } from '../training/hyperparameters';
import { useId, useState } from 'react';

function ValueBox({ name, value, onChange }: { name: string; value: number; onChange(v: number): void }) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const parsed = draft === null ? null : parseNumber(draft, {});
  return (
    <div className="tfield">
      <label className="tfield__label" htmlFor={id}>
        {name}
      </label>
      <input
        id={id}
        className={`tfield__input tfield__input--number${parsed && !parsed.ok ? ' invalid' : ''}`}
        inputMode="decimal"
        value={draft ?? formatNumber(value)}
        data-testid="playground-value"
        onChange={(e) => {
          setDraft(e.target.value);
          const p = parseNumber(e.target.value, {});
          if (p.ok && p.value !== undefined) onChange(p.value);
        }}
        onBlur={() => setDraft(null)}
      />
    </div>
  );
}

export function ValueInputs({ names, values, onChange }: { names: readonly string[]; values: readonly number[]; onChange(values: number[]): void }) {
  return (
    <div className="value-inputs">
      {names.map((name, i) => (
        <ValueBox key={`${i}:${name}`} name={name} value={values[i] ?? 0} onChange={(v) => onChange(values.map((old, j) => (j === i ? v : old)))} />
      ))}
    </div>
  );
}
