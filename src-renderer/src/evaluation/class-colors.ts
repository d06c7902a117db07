/**
 * One colour per class, the same in every picture of the data: the points in
 * the plane, the decision boundary and the playground's bars. Two classes get
 * TensorFlow Playground's orange and blue.
 */
const PALETTE = ['#f59322', '#0877bd', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

export function classColor(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

/** "#rrggbb" → [r, g, b]. */
export function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.replace('#', '').slice(0, 6), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
