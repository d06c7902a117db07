/**
 * The confusion matrix as the heatmap table draws it: for each true class (a
 * row), how its samples were predicted (the columns). A cell's shade is the
 * share of that row, so a small class's mistakes show as clearly as a big
 * one's; the diagonal (right answers) and the rest (mistakes) use different
 * colours.
 */

export interface ConfusionCell {
  readonly count: number;
  /** Of the samples whose true class is this row, the share predicted as this column. */
  readonly share: number;
  readonly correct: boolean;
}

export interface ConfusionRow {
  readonly label: string;
  readonly total: number;
  readonly cells: readonly ConfusionCell[];
}

export interface ConfusionTable {
  readonly classes: readonly string[];
  readonly rows: readonly ConfusionRow[];
  /** How many samples were predicted as each class. */
  readonly predictedTotals: readonly number[];
  readonly total: number;
  readonly correct: number;
}

/** `matrix[true][predicted]`; class names beyond those given are numbered. */
export function confusionTable(matrix: readonly (readonly number[])[], classes: readonly string[]): ConfusionTable {
  const k = matrix.length;
  const names = Array.from({ length: k }, (_, i) => classes[i] ?? String(i));
  const rows = matrix.map((row, t) => {
    const total = row.reduce((s, v) => s + v, 0);
    return { label: names[t]!, total, cells: row.map((count, p) => ({ count, share: total ? count / total : 0, correct: t === p })) };
  });
  const predictedTotals = names.map((_, p) => matrix.reduce((s, row) => s + (row[p] ?? 0), 0));
  return {
    classes: names,
    rows,
    predictedTotals,
    total: rows.reduce((s, r) => s + r.total, 0),
    correct: matrix.reduce((s, row, i) => s + (row[i] ?? 0), 0),
  };
}

/** The cell's background: green for right answers, red for mistakes, stronger for a bigger share. Empty cells stay plain. */
export function cellStyle(cell: ConfusionCell): { background: string; strong: boolean } {
  if (cell.count === 0) return { background: 'transparent', strong: false };
  const alpha = 0.12 + 0.78 * cell.share;
  const hue = cell.correct ? '31 138 76' : '198 40 40';
  return { background: `rgb(${hue} / ${Math.round(alpha * 100)}%)`, strong: alpha > 0.55 };
}
