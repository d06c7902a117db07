/**
 * Gradients through convolution, pooling, padding and resampling layers,
 * against finite differences on the reference backend: one row per small
 * model. Each row puts a trainable layer before the op under test, so its
 * input gradient (conv_grad_input, pool_grad, crop, upsample_grad…) is
 * checked too, not only its weight gradient. Inputs stay tiny (≤ 7×7) so the
 * whole file runs in seconds. Tolerances as in gradients.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Loss } from '../../../shared/graph/schema';
import { ReferenceExecutor } from '../reference/executor';
import { fillBatch, gradientCheck, graph, trainingPlan, type NodeRow } from '../testing';
import type { Kernel } from './kernels';

interface Row {
  name: string;
  nodes: NodeRow[];
  loss: Loss;
  fromLogits?: boolean;
  batch?: number;
  /** Kernels the plan must launch, so a row cannot pass by testing something else. */
  launches: Kernel[];
}

const IN = (shape: number[]): NodeRow => ['in', 'Input', { shape }];
const CE = { loss: 'sparse_categorical_crossentropy' as const, fromLogits: true };
const MSE = { loss: 'mean_squared_error' as const };
const HEAD: NodeRow[] = [['flat', 'Flatten'], ['out', 'Dense', { units: 3 }]];

export const CONV_GRADIENT_ROWS: Row[] = [
  { name: 'Conv1D tanh → Conv1D strided same', nodes: [IN([7, 2]), ['c1', 'Conv1D', { filters: 3, kernel_size: [3], activation: 'tanh' }], ['c2', 'Conv1D', { filters: 2, kernel_size: [2], strides: [2], padding: 'same' }]], ...MSE, launches: ['conv', 'conv_grad_input', 'conv_grad_weight'] },
  { name: 'Conv1D causal, dilated', nodes: [IN([7, 2]), ['c1', 'Conv1D', { filters: 2, kernel_size: [2] }], ['c2', 'Conv1D', { filters: 3, kernel_size: [3], padding: 'causal', dilation_rate: [2] }]], ...MSE, launches: ['pad', 'crop', 'conv'] },
  { name: 'Conv2D fused bias + relu → Flatten → Dense', nodes: [IN([6, 6, 2]), ['c', 'Conv2D', { filters: 3, kernel_size: [3, 3], activation: 'relu' }], ...HEAD], ...CE, launches: ['conv', 'conv_grad_weight'] },
  { name: 'Conv2D unfused gelu, then no bias', nodes: [IN([5, 5, 2]), ['c1', 'Conv2D', { filters: 3, kernel_size: [2, 2], activation: 'gelu' }], ['c2', 'Conv2D', { filters: 2, kernel_size: [3, 3], use_bias: false }]], ...MSE, launches: ['conv', 'unary_grad'] },
  { name: 'Conv2D strided same on odd sizes', nodes: [IN([5, 7, 2]), ['c1', 'Conv2D', { filters: 2, kernel_size: [2, 2], padding: 'same', activation: 'sigmoid' }], ['c2', 'Conv2D', { filters: 3, kernel_size: [3, 3], strides: [2, 2], padding: 'same' }]], ...MSE, launches: ['conv'] },
  { name: 'Conv2D strides (2, 3), valid, rectangular kernel', nodes: [IN([7, 7, 2]), ['c1', 'Conv2D', { filters: 2, kernel_size: [1, 1], activation: 'tanh' }], ['c2', 'Conv2D', { filters: 2, kernel_size: [3, 2], strides: [2, 3] }]], ...MSE, launches: ['conv'] },
  { name: 'Conv2D dilated same', nodes: [IN([6, 6, 2]), ['c1', 'Conv2D', { filters: 2, kernel_size: [2, 2], activation: 'elu' }], ['c2', 'Conv2D', { filters: 2, kernel_size: [3, 3], dilation_rate: [2, 2], padding: 'same' }]], ...MSE, launches: ['conv'] },
  { name: 'Conv2D groups', nodes: [IN([5, 5, 4]), ['c1', 'Conv2D', { filters: 4, kernel_size: [1, 1], activation: 'tanh' }], ['c2', 'Conv2D', { filters: 6, kernel_size: [3, 3], groups: 2, padding: 'same' }]], ...MSE, launches: ['conv'] },
  { name: 'DepthwiseConv2D, depth multiplier 2', nodes: [IN([6, 6, 2]), ['c1', 'Conv2D', { filters: 3, kernel_size: [1, 1], activation: 'tanh' }], ['d', 'DepthwiseConv2D', { kernel_size: [3, 3], depth_multiplier: 2, strides: [2, 2], padding: 'same' }], ...HEAD], ...CE, launches: ['conv'] },
  { name: 'Conv2DTranspose strided same', nodes: [IN([3, 3, 2]), ['c1', 'Conv2D', { filters: 2, kernel_size: [1, 1], activation: 'tanh' }], ['t', 'Conv2DTranspose', { filters: 3, kernel_size: [3, 3], strides: [2, 2], padding: 'same' }]], ...MSE, launches: ['conv_grad_input', 'conv_grad_weight', 'conv'] },
  { name: 'Conv2DTranspose valid with output padding, sigmoid', nodes: [IN([3, 2, 2]), ['c1', 'Conv2D', { filters: 2, kernel_size: [1, 1], activation: 'tanh' }], ['t', 'Conv2DTranspose', { filters: 2, kernel_size: [2, 3], strides: [2, 2], output_padding: [1, 1], activation: 'sigmoid' }]], ...MSE, launches: ['conv_grad_input'] },
  { name: 'MaxPooling2D', nodes: [IN([6, 6, 2]), ['c', 'Conv2D', { filters: 3, kernel_size: [2, 2], activation: 'tanh' }], ['p', 'MaxPooling2D', {}], ...HEAD], ...CE, launches: ['pool', 'pool_grad'] },
  { name: 'MaxPooling2D overlapping same', nodes: [IN([6, 6, 2]), ['c', 'Conv2D', { filters: 2, kernel_size: [2, 2] }], ['p', 'MaxPooling2D', { pool_size: [3, 3], strides: [2, 2], padding: 'same' }], ...HEAD], ...CE, launches: ['pool_grad'] },
  { name: 'AveragePooling2D same on odd size', nodes: [IN([6, 6, 2]), ['c', 'Conv2D', { filters: 3, kernel_size: [2, 2], activation: 'tanh' }], ['p', 'AveragePooling2D', { padding: 'same' }], ...HEAD], ...CE, launches: ['pool_grad'] },
  { name: 'MaxPooling1D and AveragePooling1D', nodes: [IN([9, 2]), ['c', 'Conv1D', { filters: 2, kernel_size: [2] }], ['p1', 'MaxPooling1D', { pool_size: [2], strides: [1] }], ['p2', 'AveragePooling1D', { pool_size: [3], strides: [2], padding: 'same' }]], ...MSE, launches: ['pool_grad'] },
  { name: 'GlobalAveragePooling2D', nodes: [IN([5, 5, 2]), ['c', 'Conv2D', { filters: 4, kernel_size: [3, 3], activation: 'relu' }], ['g', 'GlobalAveragePooling2D'], ['out', 'Dense', { units: 3 }]], ...CE, launches: ['reduce_grad'] },
  { name: 'GlobalMaxPooling2D', nodes: [IN([5, 5, 2]), ['c', 'Conv2D', { filters: 4, kernel_size: [2, 2] }], ['g', 'GlobalMaxPooling2D'], ['out', 'Dense', { units: 3 }]], ...CE, launches: ['reduce_grad'] },
  { name: 'ZeroPadding2D', nodes: [IN([4, 4, 2]), ['c1', 'Conv2D', { filters: 2, kernel_size: [2, 2], activation: 'tanh' }], ['z', 'ZeroPadding2D', { padding: [[1, 0], [2, 1]] }], ['c2', 'Conv2D', { filters: 2, kernel_size: [3, 3] }]], ...MSE, launches: ['pad', 'crop'] },
  { name: 'UpSampling2D', nodes: [IN([3, 3, 2]), ['c1', 'Conv2D', { filters: 2, kernel_size: [2, 2], activation: 'tanh' }], ['u', 'UpSampling2D', { size: [2, 3] }], ['c2', 'Conv2D', { filters: 2, kernel_size: [3, 3] }]], ...MSE, launches: ['upsample', 'upsample_grad'] },
  {
    name: 'LeNet-like chain',
    nodes: [IN([10, 10, 1]), ['c1', 'Conv2D', { filters: 3, kernel_size: [3, 3], activation: 'relu' }], ['p1', 'MaxPooling2D', {}], ['c2', 'Conv2D', { filters: 4, kernel_size: [2, 2], activation: 'relu' }], ['p2', 'AveragePooling2D', {}], ['flat', 'Flatten'], ['d1', 'Dense', { units: 6, activation: 'relu' }], ['out', 'Dense', { units: 3 }]],
    ...CE,
    launches: ['conv', 'conv_grad_input', 'conv_grad_weight', 'pool', 'pool_grad'],
  },
];

describe('conv and pooling gradients match finite differences', () => {
  it.each(CONV_GRADIENT_ROWS.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const plan = trainingPlan(graph(row.nodes), row.loss, row.batch ?? 3, row.fromLogits ?? false);
    const kernels = new Set(plan.steps.map((s) => s.kernel));
    for (const k of row.launches) expect(kernels, `plan launches ${k}`).toContain(k);
    const exec = new ReferenceExecutor(plan, 3);
    fillBatch(exec, 11);
    const { worst, where, skipped, checked } = gradientCheck(exec, 10);
    expect(worst, where).toBeLessThan(2e-2);
    expect(checked, `${skipped} elements sat on kinks`).toBeGreaterThan(skipped);
  });
});
