/**
 * Evaluation on the host from the model's outputs over a whole split: the
 * loss (computed with the reference loss kernel, so it is the same formula
 * the training step uses) and the metrics the task calls for.
 */
import type { Evaluation } from '../../shared/ipc/services';
import { classificationReport, predictedClasses, regressionReport } from '../../shared/metrics/classification';
import type { LossSpec } from '../engine/plan/rules/loss';
import { loss as lossKernel } from '../engine/reference/kernels/training';
import type { Split } from '../data/types';

export type { Evaluation };

const REGRESSION = new Set(['mean_squared_error', 'mean_absolute_error', 'huber', 'log_cosh']);

export function evaluate(outputs: Float32Array, split: Split, spec: LossSpec, outputShape: readonly number[]): Evaluation {
  const count = split.x.shape[0]!;
  const shape = [count, ...outputShape];
  const perSample = new Float32Array(count);
  const grad = new Float32Array(outputs.length);
  const sparse = spec.fn === 'sparse_categorical_crossentropy';
  // The model's outputs are after its final activation, so cross-entropy reads probabilities unless the project says logits.
  lossKernel([{ data: outputs, shape }, { data: split.y.data, shape: split.y.shape }], [{ data: perSample, shape: [count] }, { data: grad, shape }], { fn: spec.fn, fromLogits: spec.fromLogits, sparse }, { step: 0, learningRate: 0, seed: 0 });
  const loss = perSample.reduce((s, v) => s + v, 0) / count;
  if (REGRESSION.has(spec.fn) && !(outputShape.at(-1) === 1 && isBinary(split.y.data))) {
    return { loss, ...regressionReport(split.y.data, outputs) };
  }
  const classes = outputShape.at(-1)!;
  const scores = classes === 1 ? outputs : classes === 2 ? Float32Array.from({ length: outputs.length / 2 }, (_, r) => outputs[r * 2 + 1]!) : undefined;
  const threshold = spec.fromLogits ? 0 : 0.5;
  const predicted = predictedClasses(outputs, classes, threshold);
  const truth = sparse ? split.y.data : classes === 1 ? Int32Array.from(split.y.data, (v) => (v > 0.5 ? 1 : 0)) : predictedClasses(split.y.data, classes);
  const report = classificationReport(truth, predicted, classes, scores);
  return { loss, accuracy: report.accuracy, report };
}

function isBinary(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== 0 && values[i] !== 1) return false;
  return true;
}
