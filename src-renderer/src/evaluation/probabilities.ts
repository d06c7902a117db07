/**
 * A model's raw outputs as class probabilities. A model whose last layer has
 * no softmax or sigmoid outputs logits (the project then says fromLogits);
 * those are turned into probabilities here, as the loss does during training.
 * A single output is a yes/no answer: the probability of class 1.
 */

export function sigmoid(v: number): number {
  return 1 / (1 + Math.exp(-v));
}

export function softmax(row: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) max = Math.max(max, row[i]!);
  const e = Array.from({ length: row.length }, (_, i) => Math.exp(row[i]! - max));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}

/** One sample's outputs as one probability per class (two for a single output). */
export function toProbabilities(row: ArrayLike<number>, fromLogits: boolean): number[] {
  if (row.length === 1) {
    const p = fromLogits ? sigmoid(row[0]!) : Math.min(1, Math.max(0, row[0]!));
    return [1 - p, p];
  }
  if (fromLogits) return softmax(row);
  // Already probabilities (a softmax layer); tidy rounding so the bars add up to 100%.
  const clamped = Array.from({ length: row.length }, (_, i) => Math.max(0, row[i]!));
  const sum = clamped.reduce((s, v) => s + v, 0);
  return sum > 0 ? clamped.map((v) => v / sum) : clamped.map(() => 1 / row.length);
}

/** Every row of a batch of outputs; `width` outputs per sample. */
export function rowsOf(outputs: ArrayLike<number>, width: number): ArrayLike<number>[] {
  const rows: ArrayLike<number>[] = [];
  const all = Float32Array.from(outputs as ArrayLike<number>);
  for (let r = 0; r * width < all.length; r++) rows.push(all.subarray(r * width, (r + 1) * width));
  return rows;
}

export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
