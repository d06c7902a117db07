/** A run's loss, epoch by epoch, as a line small enough to sit in a list row. */
import { sparklinePoints } from './sparkline';

export function Sparkline({ values, label, width = 72, height = 22 }: { values: readonly number[]; label: string; width?: number; height?: number }) {
  const points = sparklinePoints(values, width, height);
  if (!points) return null;
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-testid="run-sparkline">
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}
