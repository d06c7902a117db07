/**
 * A number box. What is typed stays while it is wrong, with the reason under
 * it; a valid number is stored at once (so the charts and the run use it);
 * leaving the box shows the stored value again.
 */
import { useId, useState } from 'react';
import { formatNumber, parseNumber, type NumberRule } from './hyperparameters';
import { draftKeys } from '../ui/draft-keys';

export interface NumberFieldProps {
  readonly label: string;
  readonly hint?: string;
  readonly value: number | undefined;
  readonly rule: NumberRule;
  readonly placeholder?: string;
  readonly testId: string;
  onCommit(value: number | undefined): void;
}

export function NumberField({ label, hint, value, rule, placeholder, testId, onCommit }: NumberFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const parsed = draft === null ? null : parseNumber(draft, rule);
  const problem = parsed && !parsed.ok ? parsed.message : null;
  return (
    <div className="tfield">
      <label className="tfield__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className={`tfield__input tfield__input--number${problem ? ' invalid' : ''}`}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        value={draft ?? formatNumber(value)}
        placeholder={placeholder}
        aria-invalid={problem ? true : undefined}
        data-testid={testId}
        onChange={(e) => {
          setDraft(e.target.value);
          const next = parseNumber(e.target.value, rule);
          if (next.ok && next.value !== value) onCommit(next.value);
        }}
        {...draftKeys(setDraft)}
      />
      {problem ? (
        <p className="tfield__problem" role="alert">
          {problem}
        </p>
      ) : (
        hint && <p className="tfield__hint">{hint}</p>
      )}
    </div>
  );
}
