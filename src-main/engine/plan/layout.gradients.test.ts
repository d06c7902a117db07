/**
 * The layout, normalisation, dropout and embedding gradient rules against
 * finite differences on the reference backend, through small models (the
 * same pattern and tolerance as gradients.test.ts). A trainable layer sits
 * before each op under test, so the op's input gradient is checked as well
 * as its own weights'. Dropout's mask depends only on (seed, step), and a
 * gradient check never advances the step, so finite differences see one fixed
 * mask. Then a few checks on the plans themselves: what training and
 * inference plans launch for these ops.
 */
import { describe, expect, it } from 'vitest';
import { BATCH, IRBuilder, type IRGraph } from '../../../shared/ir/graph';
import type { Loss } from '../../../shared/graph/schema';
import { ReferenceExecutor } from '../reference/executor';
import { fillBatch, gradientCheck, graph, irOf, trainingPlan, type NodeRow } from '../testing';
import { buildPlan } from './build-plan';
import type { Plan } from './types';

interface Row {
  name: string;
  nodes: NodeRow[];
  edges?: [string, string, string?][];
  loss?: Loss;
  fromLogits?: boolean;
}

const IN = (shape: number[], dtype?: string): NodeRow => ['in', 'Input', { shape, ...(dtype ? { dtype } : {}) }];
const MSE: Loss = 'mean_squared_error';

const ROWS: Row[] = [
  { name: 'Permute a sequence', nodes: [IN([3, 4]), ['h', 'Dense', { units: 2, activation: 'tanh' }], ['p', 'Permute', { dims: [2, 1] }], ['out', 'Dense', { units: 2 }]] },
  { name: 'Permute three axes', nodes: [IN([2, 3, 2]), ['h', 'Dense', { units: 3 }], ['p', 'Permute', { dims: [3, 1, 2] }], ['f', 'Flatten'], ['out', 'Dense', { units: 2 }]] },
  { name: 'Concatenate on the last axis', nodes: [IN([3, 2]), ['a', 'Dense', { units: 2, activation: 'tanh' }], ['b', 'Dense', { units: 3 }], ['c', 'Concatenate', { axis: -1 }], ['out', 'Dense', { units: 2 }]],
    edges: [['in', 'a'], ['in', 'b'], ['a', 'c', 'in0'], ['b', 'c', 'in1'], ['c', 'out']] },
  { name: 'Concatenate on a middle axis, with an input used twice', nodes: [IN([3, 2]), ['a', 'Dense', { units: 4, activation: 'tanh' }], ['c', 'Concatenate', { axis: 1 }], ['f', 'Flatten'], ['out', 'Dense', { units: 2 }]],
    edges: [['in', 'a'], ['a', 'c', 'in0'], ['a', 'c', 'in1'], ['c', 'f'], ['f', 'out']] },
  { name: 'RepeatVector', nodes: [IN([3]), ['h', 'Dense', { units: 4, activation: 'tanh' }], ['r', 'RepeatVector', { n: 3 }], ['out', 'Dense', { units: 2 }]] },
  { name: 'Reshape and Flatten', nodes: [IN([6]), ['h', 'Dense', { units: 6 }], ['r', 'Reshape', { target_shape: [3, 2] }], ['d', 'Dense', { units: 2, activation: 'tanh' }], ['f', 'Flatten'], ['out', 'Dense', { units: 2 }]] },
  { name: 'BatchNormalization of dense features', nodes: [IN([4]), ['h', 'Dense', { units: 5, use_bias: false }], ['bn', 'BatchNormalization'], ['a', 'Activation', { activation: 'tanh' }], ['out', 'Dense', { units: 3 }]], loss: 'sparse_categorical_crossentropy', fromLogits: true },
  { name: 'BatchNormalization of a [4, 4, 2] image', nodes: [IN([6]), ['h', 'Dense', { units: 32, use_bias: false }], ['r', 'Reshape', { target_shape: [4, 4, 2] }], ['bn', 'BatchNormalization', { momentum: 0.9 }], ['f', 'Flatten'], ['out', 'Dense', { units: 2 }]] },
  { name: 'BatchNormalization without center and scale', nodes: [IN([4]), ['h', 'Dense', { units: 3, use_bias: false }], ['bn', 'BatchNormalization', { center: false, scale: false }], ['out', 'Dense', { units: 2 }]] },
  { name: 'LayerNormalization of each timestep', nodes: [IN([3, 4]), ['h', 'Dense', { units: 4 }], ['ln', 'LayerNormalization'], ['out', 'Dense', { units: 2 }]] },
  { name: 'LayerNormalization of a whole sample', nodes: [IN([3, 4]), ['h', 'Dense', { units: 4 }], ['ln', 'LayerNormalization', { axis: [-2, -1] }], ['f', 'Flatten'], ['out', 'Dense', { units: 2 }]] },
  { name: 'Dropout', nodes: [IN([4]), ['h', 'Dense', { units: 8, activation: 'tanh' }], ['d', 'Dropout', { rate: 0.3 }], ['out', 'Dense', { units: 2 }]] },
  { name: 'Embedding', nodes: [IN([4], 'int32'), ['e', 'Embedding', { input_dim: 5, output_dim: 3 }], ['f', 'Flatten'], ['out', 'Dense', { units: 3 }]], loss: 'sparse_categorical_crossentropy', fromLogits: true },
  { name: 'TimeDistributed(Dense) on a sequence', nodes: [IN([3, 4]), ['td', 'TimeDistributed', { layer: { type: 'Dense', params: { units: 3, activation: 'tanh' } } }], ['f', 'Flatten'], ['out', 'Dense', { units: 2 }]] },
];

/** x → matmul → reverse(axis 1) → slice [1:3, 1:3] → matmul: ops no layer reaches alone (reverse comes from Bidirectional). */
function reverseAndSlice(): IRGraph {
  const ir = new IRBuilder();
  ir.origin = 'm';
  const x = ir.emit('input', [], [BATCH, 3, 2], { name: 'x' });
  const w1 = ir.emit('param', [], [2, 4], { name: 'm/w1', init: 'glorot_uniform', trainable: true });
  const w2 = ir.emit('param', [], [2, 2], { name: 'm/w2', init: 'glorot_uniform', trainable: true });
  const h = ir.emit('matmul', [x, w1], [BATCH, 3, 4]);
  const r = ir.emit('reverse', [h], [BATCH, 3, 4], { axis: 1 });
  const s = ir.emit('slice', [r], [BATCH, 2, 2], { starts: [1, 1], ends: [3, 3], axes: [1, 2] });
  ir.markOutput('out', ir.emit('matmul', [s, w2], [BATCH, 2, 2]));
  return ir.finish();
}

function check(plan: Plan): void {
  const exec = new ReferenceExecutor(plan, 3);
  fillBatch(exec, 11);
  const { worst, where, skipped, checked } = gradientCheck(exec);
  expect(worst, where).toBeLessThan(2e-2);
  expect(checked, `${skipped} elements sat on kinks`).toBeGreaterThan(skipped);
}

describe('layout, normalisation, dropout and embedding gradients match finite differences', () => {
  it.each(ROWS.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    check(trainingPlan(graph(row.nodes, row.edges), row.loss ?? MSE, 4, row.fromLogits ?? false));
  });

  it('reverse and a two-axis slice', () => {
    check(buildPlan(reverseAndSlice(), { batch: 3, training: { loss: { fn: MSE, fromLogits: false }, optimizer: { type: 'sgd', learningRate: 0.1 } } }));
  });
});

describe('training and inference plans', () => {
  const bnGraph = graph([IN([3]), ['bn', 'BatchNormalization', { momentum: 0.9 }], ['d', 'Dropout', { rate: 0.5 }], ['out', 'Dense', { units: 2 }]]);

  it('batch_norm lists the moving statistics as outputs when training, and moves them', () => {
    const plan = trainingPlan(bnGraph, MSE, 4);
    const step = plan.steps.find((s) => s.kernel === 'batch_norm')!;
    const name = (t: number) => plan.tensors[t]!.name;
    expect(step.arg).toMatchObject({ axis: 1, training: true, momentum: 0.9 });
    expect(step.outputs.slice(3).map(name)).toEqual(['bn/moving_mean', 'bn/moving_variance']);
    expect(step.inputs.slice(3)).toEqual(step.outputs.slice(3));
    const exec = new ReferenceExecutor(plan, 1);
    fillBatch(exec, 2);
    exec.run();
    const batch = Array.from(exec.read(plan.inputs[0]!));
    const mean0 = (batch[0]! + batch[3]! + batch[6]! + batch[9]!) / 4;
    expect(exec.read(step.outputs[3]!)[0]).toBeCloseTo(0.1 * mean0, 6); // 0.9·0 + 0.1·mean
    // Gradients reach gamma and beta but never the moving statistics.
    const trained = plan.training!.params.map((p) => name(p.param));
    expect(trained).toEqual(expect.arrayContaining(['bn/gamma', 'bn/beta']));
    expect(trained).not.toContain('bn/moving_mean');
  });

  it('inference uses the moving statistics, and dropout launches nothing', () => {
    const plan = buildPlan(irOf(bnGraph), { batch: 2 });
    expect(plan.steps.map((s) => s.kernel)).toEqual(['batch_norm', 'matmul']);
    expect(plan.steps[0]!.arg['training']).toBe(false);
    expect(plan.steps[0]!.outputs).toHaveLength(1);
    // Dropout's output is batch_norm's: the Dense reads it directly.
    expect(plan.steps[1]!.inputs[0]).toBe(plan.steps[0]!.outputs[0]);
  });

  it('dropout draws a new mask on each update', () => {
    const plan = trainingPlan(graph([IN([50]), ['d', 'Dropout', { rate: 0.5 }], ['out', 'Dense', { units: 1 }]]), MSE, 2);
    const mask = plan.steps.find((s) => s.kernel === 'dropout')!.outputs[1]!;
    const exec = new ReferenceExecutor(plan, 1);
    fillBatch(exec, 2);
    exec.run({ update: false });
    const first = Array.from(exec.read(mask));
    exec.run({ update: false });
    expect(Array.from(exec.read(mask))).toEqual(first);
    exec.run();
    expect(Array.from(exec.read(mask))).not.toEqual(first);
  });
});
