/**
 * Every gradient rule against finite differences, on the reference backend.
 * One row per case: a small graph, a loss, and a batch. Float32 arithmetic
 * bounds the precision, so the tolerance is a relative 2e-2 on central
 * differences with h = 1e-3 (typical errors are far below that).
 */
import { describe, expect, it } from 'vitest';
import type { Loss } from '../../../shared/graph/schema';
import { ReferenceExecutor } from '../reference/executor';
import { fillBatch, gradientCheck, graph, trainingPlan, type NodeRow } from '../testing';

interface Row {
  name: string;
  nodes: NodeRow[];
  edges?: [string, string, string?][];
  loss: Loss;
  fromLogits?: boolean;
  batch?: number;
}

const IN = (shape: number[], dtype?: string): NodeRow => ['in', 'Input', { shape, ...(dtype ? { dtype } : {}) }];

export const GRADIENT_ROWS: Row[] = [
  { name: 'dense relu → dense, sparse CE from logits', nodes: [IN([5]), ['h', 'Dense', { units: 7, activation: 'relu' }], ['out', 'Dense', { units: 3 }]], loss: 'sparse_categorical_crossentropy', fromLogits: true },
  { name: 'dense tanh → softmax, categorical CE', nodes: [IN([4]), ['h', 'Dense', { units: 6, activation: 'tanh' }], ['out', 'Dense', { units: 3, activation: 'softmax' }]], loss: 'categorical_crossentropy' },
  { name: 'dense sigmoid → sigmoid, binary CE', nodes: [IN([3]), ['h', 'Dense', { units: 4, activation: 'sigmoid' }], ['out', 'Dense', { units: 1, activation: 'sigmoid' }]], loss: 'binary_crossentropy' },
  { name: 'binary CE from logits', nodes: [IN([3]), ['out', 'Dense', { units: 2 }]], loss: 'binary_crossentropy', fromLogits: true },
  { name: 'MSE regression', nodes: [IN([3]), ['h', 'Dense', { units: 5, activation: 'elu' }], ['out', 'Dense', { units: 2 }]], loss: 'mean_squared_error' },
  { name: 'MAE', nodes: [IN([3]), ['out', 'Dense', { units: 2 }]], loss: 'mean_absolute_error' },
  { name: 'Huber', nodes: [IN([3]), ['out', 'Dense', { units: 2 }]], loss: 'huber' },
  { name: 'log-cosh', nodes: [IN([3]), ['out', 'Dense', { units: 2 }]], loss: 'log_cosh' },
  { name: 'hinge', nodes: [IN([3]), ['out', 'Dense', { units: 1, activation: 'tanh' }]], loss: 'hinge' },
  { name: 'KL divergence', nodes: [IN([4]), ['out', 'Dense', { units: 3, activation: 'softmax' }]], loss: 'kl_divergence' },
  { name: 'unfused activations', nodes: [IN([4]), ['h', 'Dense', { units: 5 }], ['a1', 'Activation', { activation: 'gelu' }], ['a2', 'Activation', { activation: 'swish' }], ['a3', 'Activation', { activation: 'softplus' }], ['out', 'Dense', { units: 2 }]], loss: 'mean_squared_error' },
  { name: 'leaky relu, selu, softsign, hard sigmoid', nodes: [IN([4]), ['h', 'Dense', { units: 5, activation: 'leaky_relu' }], ['h2', 'Dense', { units: 5, activation: 'selu' }], ['h3', 'Dense', { units: 5, activation: 'softsign' }], ['out', 'Dense', { units: 2, activation: 'hard_sigmoid' }]], loss: 'mean_squared_error' },
  { name: 'dense without bias', nodes: [IN([4]), ['out', 'Dense', { units: 3, use_bias: false }]], loss: 'sparse_categorical_crossentropy', fromLogits: true },
  { name: 'residual add and a shared input', nodes: [IN([4]), ['a', 'Dense', { units: 4, activation: 'tanh' }], ['m', 'Add'], ['out', 'Dense', { units: 2 }]], edges: [['in', 'a'], ['a', 'm', 'in0'], ['in', 'm', 'in1'], ['m', 'out']], loss: 'mean_squared_error' },
  { name: 'subtract, multiply, maximum, minimum, average', nodes: [IN([3]), ['a', 'Dense', { units: 4 }], ['b', 'Dense', { units: 4 }], ['s', 'Subtract'], ['p', 'Multiply'], ['mx', 'Maximum'], ['mn', 'Minimum'], ['av', 'Average'], ['out', 'Dense', { units: 1 }]],
    edges: [['in', 'a'], ['in', 'b'], ['a', 's', 'in0'], ['b', 's', 'in1'], ['a', 'p', 'in0'], ['s', 'p', 'in1'], ['p', 'mx', 'in0'], ['b', 'mx', 'in1'], ['mx', 'mn', 'in0'], ['a', 'mn', 'in1'], ['mn', 'av', 'in0'], ['s', 'av', 'in1'], ['av', 'out']], loss: 'mean_squared_error' },
  { name: 'dense over a sequence (last axis)', nodes: [IN([3, 4]), ['h', 'Dense', { units: 5, activation: 'relu' }], ['out', 'Dense', { units: 3 }]], loss: 'sparse_categorical_crossentropy', fromLogits: true },
  { name: 'softmax over a middle axis', nodes: [IN([3, 4]), ['h', 'Dense', { units: 2 }], ['s', 'Softmax', { axis: 1 }], ['f', 'Flatten'], ['out', 'Dense', { units: 2 }]], loss: 'mean_squared_error' },
  { name: 'log softmax', nodes: [IN([4]), ['h', 'Dense', { units: 3 }], ['out', 'Activation', { activation: 'log_softmax' }]], loss: 'mean_squared_error' },
];

describe('gradients match finite differences', () => {
  it.each(GRADIENT_ROWS.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const plan = trainingPlan(graph(row.nodes, row.edges), row.loss, row.batch ?? 4, row.fromLogits ?? false);
    const exec = new ReferenceExecutor(plan, 3);
    fillBatch(exec, 11);
    const { worst, where, skipped, checked } = gradientCheck(exec);
    expect(worst, where).toBeLessThan(2e-2);
    expect(checked, `${skipped} elements sat on kinks`).toBeGreaterThan(skipped);
  });
});
