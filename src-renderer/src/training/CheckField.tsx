/** A yes/no setting with its explanation beside it. */
import { useId, type ReactNode } from 'react';

export function CheckField({ label, hint, checked, testId, onChange }: { label: string; hint: ReactNode; checked: boolean; testId: string; onChange(on: boolean): void }) {
  const id = useId();
  return (
    <div className="tfield tfield--check">
      <input id={id} type="checkbox" className="tfield__check" checked={checked} data-testid={testId} onChange={(e) => onChange(e.target.checked)} />
      <label className="tfield__label" htmlFor={id}>
        {label}
      </label>
      <p className="tfield__hint">{hint}</p>
    </div>
  );
}
