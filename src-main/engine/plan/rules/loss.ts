/**
 * The loss head of a training plan. One `loss` launch computes the per-sample
 * loss and its gradient together. Where the model ends in softmax (or
 * sigmoid) and the loss is cross-entropy, the launch reads the logits before
 * the activation instead, which is both faster and numerically stable: the
 * gradient becomes simply (probabilities − targets).
 */
import type { IRGraph } from '../../../../shared/ir/graph';
import type { Loss } from '../../../../shared/graph/schema';
import type { PlanBuilder } from '../builder';

export interface LossSpec {
  readonly fn: Loss;
  readonly fromLogits: boolean;
}

export interface LossHead {
  readonly target: number;
  readonly perSample: number;
  readonly dPrediction: number;
  /** The IR node the gradient flows into: the output, or the logits before its softmax/sigmoid. */
  readonly seedNode: number;
}

export function addLoss(b: PlanBuilder, ir: IRGraph, tensors: readonly number[], spec: LossSpec): LossHead {
  const outNode = ir.nodes[ir.outputs[0]!.node]!;
  let seedNode = outNode.id;
  let fromLogits = spec.fromLogits;
  const crossEntropy = spec.fn === 'categorical_crossentropy' || spec.fn === 'sparse_categorical_crossentropy';
  const lastAxis = outNode.shape.length - 1;
  if (!fromLogits && crossEntropy && outNode.op === 'softmax' && [-1, lastAxis].includes(outNode.arg['axis'] as number)) {
    seedNode = outNode.src[0]!;
    fromLogits = true;
  } else if (!fromLogits && spec.fn === 'binary_crossentropy' && outNode.op === 'sigmoid') {
    seedNode = outNode.src[0]!;
    fromLogits = true;
  }
  const prediction = tensors[seedNode]!;
  const shape = b.shape(prediction);
  b.origin = 'loss';
  const sparse = spec.fn === 'sparse_categorical_crossentropy';
  const target = b.tensor(sparse ? shape.slice(0, -1) : shape, 'target', sparse ? 'i32' : 'f32', 'target');
  const perSample = b.tensor([b.batch], 'temp', 'f32', 'loss');
  const dPrediction = b.tensor(shape, 'temp', 'f32', 'dloss');
  b.step('loss', [prediction, target], [perSample, dPrediction], { fn: spec.fn, fromLogits, sparse });
  return { target, perSample, dPrediction, seedNode };
}

const TASKS: Record<Loss, 'sparse' | 'onehot' | 'binary' | 'regression'> = {
  sparse_categorical_crossentropy: 'sparse',
  categorical_crossentropy: 'onehot',
  kl_divergence: 'onehot',
  binary_crossentropy: 'binary',
  hinge: 'binary',
  mean_squared_error: 'regression',
  mean_absolute_error: 'regression',
  huber: 'regression',
  log_cosh: 'regression',
};

/** Loss, accuracy and error sums accumulate on the device; the host reads them every few steps. */
export function addMetrics(b: PlanBuilder, head: LossHead, spec: LossSpec): number {
  const acc = b.tensor([5], 'metric', 'f32', 'metrics', { values: [0] });
  const fromLogits = b.steps.at(-1)!.arg['fromLogits'];
  b.step('metrics', [head.perSample, b.steps.at(-1)!.inputs[0]!, head.target], [acc], { task: TASKS[spec.fn], fromLogits });
  return acc;
}
