/**
 * The samples the model got wrong, most confident mistakes first: those are
 * the ones worth a look (a mislabelled sample, or a pattern the model has
 * wrongly learnt). Labels may be class ids, one-hot rows or 0/1 targets.
 */
import { argmax, toProbabilities } from './probabilities';

export interface Mistake {
  /** The sample's index in the split. */
  readonly index: number;
  readonly truth: number;
  readonly predicted: number;
  /** The probability the model gave its (wrong) answer. */
  readonly confidence: number;
}

export interface Predictions {
  readonly truth: Int32Array;
  readonly predicted: Int32Array;
  readonly confidence: Float32Array;
}

/**
 * Each sample's true class, predicted class and the probability of the
 * prediction. `width` is the model's outputs per sample: 1 for a single
 * sigmoid (a yes/no answer), else one per class.
 */
export function predictions(outputs: ArrayLike<number>, labels: ArrayLike<number>, width: number, fromLogits: boolean): Predictions {
  const count = Math.floor(outputs.length / Math.max(1, width));
  const labelWidth = count ? Math.round(labels.length / count) : 1;
  const truth = new Int32Array(count);
  const predicted = new Int32Array(count);
  const confidence = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const row = Array.from({ length: width }, (_, c) => outputs[i * width + c]!);
    const p = toProbabilities(row, fromLogits);
    predicted[i] = argmax(p);
    confidence[i] = p[predicted[i]!]!;
    if (labelWidth > 1) truth[i] = argmax(Array.from({ length: labelWidth }, (_, c) => labels[i * labelWidth + c]!));
    else truth[i] = width === 1 ? (labels[i]! > 0.5 ? 1 : 0) : Math.round(labels[i]!);
  }
  return { truth, predicted, confidence };
}

export function mistakes(p: Predictions, limit = 24): Mistake[] {
  const wrong: Mistake[] = [];
  for (let i = 0; i < p.truth.length; i++) {
    if (p.truth[i] !== p.predicted[i]) wrong.push({ index: i, truth: p.truth[i]!, predicted: p.predicted[i]!, confidence: p.confidence[i]! });
  }
  return wrong.sort((a, b) => b.confidence - a.confidence || a.index - b.index).slice(0, limit);
}
