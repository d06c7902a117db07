/**
 * A regression model's predictions against the true values, sorted by the
 * true value, as the "predicted vs true" chart draws them: on the diagonal is
 * perfect, above it the model guessed too high, below too low.
 */
export interface PredictedVsTrue {
  /** True values, ascending. */
  readonly truth: number[];
  readonly predicted: number[];
  /** The diagonal's ends: the smallest and largest value of either kind. */
  readonly range: [number, number];
}

/** `width` outputs per sample; the first one is compared with the (first) target. */
export function predictedVsTrue(outputs: ArrayLike<number>, labels: ArrayLike<number>, width: number): PredictedVsTrue {
  const count = Math.floor(outputs.length / Math.max(1, width));
  const labelWidth = count ? Math.max(1, Math.round(labels.length / count)) : 1;
  const pairs = Array.from({ length: count }, (_, i) => [labels[i * labelWidth]!, outputs[i * width]!] as const).sort((a, b) => a[0] - b[0]);
  let lo = Infinity;
  let hi = -Infinity;
  for (const [t, p] of pairs) {
    lo = Math.min(lo, t, p);
    hi = Math.max(hi, t, p);
  }
  return { truth: pairs.map((p) => p[0]), predicted: pairs.map((p) => p[1]), range: Number.isFinite(lo) ? [lo, hi] : [0, 1] };
}
