/** The model's answer as one bar per class, the most likely one highlighted. */
import { formatPercent } from '../training/series';
import { classColor } from './class-colors';
import { argmax } from './probabilities';

export function ProbabilityBars({ probabilities, classes }: { probabilities: readonly number[]; classes: readonly string[] }) {
  const best = argmax([...probabilities]);
  return (
    <div className="probabilities" data-testid="probabilities" data-best={classes[best] ?? String(best)}>
      <p className="probabilities__answer">
        The model says <strong data-testid="prediction">{classes[best] ?? String(best)}</strong>
        <span className="muted"> ({formatPercent(probabilities[best], 0)} sure)</span>
      </p>
      <ul className="probabilities__list">
        {probabilities.map((p, i) => (
          <li key={i} className={`probabilities__row${i === best ? ' probabilities__row--best' : ''}`} data-testid="probability" data-class={classes[i] ?? String(i)} data-value={p.toFixed(4)}>
            <span className="probabilities__name" title={classes[i]}>
              {classes[i] ?? String(i)}
            </span>
            <span className="probabilities__track">
              <span className="probabilities__bar" style={{ width: `${Math.max(0, Math.min(1, p)) * 100}%`, background: classes.length <= 2 ? classColor(i) : i === best ? 'var(--accent)' : 'var(--border-strong)' }} />
            </span>
            <span className="probabilities__value">{formatPercent(p, 1)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
