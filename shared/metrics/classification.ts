/**
 * Evaluation metrics computed from a model's outputs and the true labels:
 * accuracy, the confusion matrix, per-class and macro precision, recall and
 * F1, ROC AUC for binary tasks, and MAE/RMSE for regression. Pure functions,
 * shared by the CLI, the training session and the app.
 */

/** The predicted class of each row: argmax over the last axis, or a threshold for a single output. */
export function predictedClasses(outputs: ArrayLike<number>, classes: number, threshold = 0.5): Int32Array {
  if (classes === 1) return Int32Array.from({ length: outputs.length }, (_, i) => (outputs[i]! > threshold ? 1 : 0));
  const rows = outputs.length / classes;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (outputs[r * classes + c]! > outputs[r * classes + best]!) best = c;
    out[r] = best;
  }
  return out;
}

/** matrix[true][predicted] counts. */
export function confusionMatrix(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) m[truth[i]!]![predicted[i]!]!++;
  return m;
}

export interface ClassReport {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface ClassificationReport {
  readonly accuracy: number;
  readonly confusion: number[][];
  readonly perClass: ClassReport[];
  /** Unweighted means over classes (as scikit-learn's "macro" average). */
  readonly macro: { readonly precision: number; readonly recall: number; readonly f1: number };
  /** For binary tasks: area under the ROC curve from the scores. */
  readonly rocAuc?: number;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function classificationReport(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes: number, scores?: ArrayLike<number>): ClassificationReport {
  const k = Math.max(classes, 2);
  const confusion = confusionMatrix(truth, predicted, k);
  const perClass = confusion.map((row, c) => {
    const tp = row[c]!;
    const support = row.reduce((s, v) => s + v, 0);
    const predictedAs = confusion.reduce((s, r) => s + r[c]!, 0);
    const precision = ratio(tp, predictedAs);
    const recall = ratio(tp, support);
    return { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  const mean = (f: (r: ClassReport) => number) => perClass.reduce((s, r) => s + f(r), 0) / perClass.length;
  const correct = confusion.reduce((s, row, c) => s + row[c]!, 0);
  const report: ClassificationReport = {
    accuracy: ratio(correct, truth.length),
    confusion,
    perClass,
    macro: { precision: mean((r) => r.precision), recall: mean((r) => r.recall), f1: mean((r) => r.f1) },
  };
  return scores && k === 2 ? { ...report, rocAuc: rocAuc(truth, scores) } : report;
}

/**
 * ROC AUC as the probability that a random positive scores above a random
 * negative (ties count half): the Mann–Whitney U statistic, from ranks.
 */
export function rocAuc(truth: ArrayLike<number>, scores: ArrayLike<number>): number {
  const order = Array.from({ length: truth.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const ranks = new Float64Array(truth.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < truth.length; i++) {
    if (truth[i]! > 0) {
      positives++;
      rankSum += ranks[i]!;
    }
  }
  const negatives = truth.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function regressionReport(truth: ArrayLike<number>, predicted: ArrayLike<number>): { mae: number; rmse: number } {
  let abs = 0;
  let sq = 0;
  for (let i = 0; i < truth.length; i++) {
    const d = predicted[i]! - truth[i]!;
    abs += Math.abs(d);
    sq += d * d;
  }
  return { mae: abs / truth.length, rmse: Math.sqrt(sq / truth.length) };
}
