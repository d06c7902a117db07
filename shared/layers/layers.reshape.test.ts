/**
 * Single-input core layers (reshaping, activations as layers, Dropout):
 * shape rules checked against real PyTorch, the errors they raise, and their
 * lowering to IR. Where PyTorch has no module (Reshape, Permute,
 * RepeatVector), a one-line module wraps the tensor method that does the same.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runTorch, type TorchCase, type TorchResult } from '../../tests/torch/reference';
import type { IRGraph } from '../ir/graph';
import { verify } from '../ir/verify';
import { Activation } from './activation';
import type { LayerDef, Shape } from './define';
import { Dropout } from './dropout';
import { ELU } from './elu';
import { Flatten } from './flatten';
import { LeakyReLU } from './leaky-relu';
import { Permute } from './permute';
import { ReLU } from './relu';
import { RepeatVector } from './repeat-vector';
import { Reshape } from './reshape';
import { Softmax } from './softmax';
import { check, lowerForTest, shapeRuleError } from './testing';

interface Row {
  id: string;
  layer: LayerDef;
  params?: Record<string, unknown>;
  input: Shape;
  /** PyTorch's equivalent, fed (2, ...input): these layers do not care about channel order. */
  torch?: string;
  /** The ops it lowers to (inputs left out) and the arg of the last one. */
  ir?: { ops: string[]; arg?: Record<string, unknown> };
  /** For rows that must fail: the catalogued code and what the message must name. */
  error?: { code: string; names: string[] };
}

/** A PyTorch module whose forward is the given expression of x. */
const fn = (body: string) => `type('F', (nn.Module,), {'forward': lambda self, x: ${body}})()`;

const ROWS: Row[] = [
  { id: 'flatten-image', layer: Flatten, input: [5, 4, 3], torch: 'nn.Flatten()', ir: { ops: ['reshape'], arg: { shape: [-1, 60] } } },
  { id: 'flatten-vector', layer: Flatten, input: [7], torch: 'nn.Flatten()', ir: { ops: ['reshape'] } },
  { id: 'reshape-to-image', layer: Reshape, params: { target_shape: [28, 28, 1] }, input: [784], torch: fn('x.reshape(x.shape[0], 28, 28, 1)'), ir: { ops: ['reshape'], arg: { shape: [-1, 28, 28, 1] } } },
  { id: 'reshape-infer', layer: Reshape, params: { target_shape: [-1, 4] }, input: [3, 8], torch: fn('x.reshape(x.shape[0], -1, 4)'), ir: { ops: ['reshape'], arg: { shape: [-1, 6, 4] } } },
  { id: 'reshape-default-flat', layer: Reshape, input: [2, 3, 4], torch: fn('x.reshape(x.shape[0], -1)'), ir: { ops: ['reshape'] } },
  { id: 'permute-swap', layer: Permute, params: { dims: [2, 1] }, input: [5, 8], torch: fn('x.permute(0, 2, 1)'), ir: { ops: ['transpose'], arg: { perm: [0, 2, 1] } } },
  { id: 'permute-3d', layer: Permute, params: { dims: [3, 1, 2] }, input: [4, 5, 6], torch: fn('x.permute(0, 3, 1, 2)'), ir: { ops: ['transpose'], arg: { perm: [0, 3, 1, 2] } } },
  { id: 'repeat-vector', layer: RepeatVector, params: { n: 3 }, input: [8], torch: fn('x.unsqueeze(1).repeat(1, 3, 1)'), ir: { ops: ['repeat'], arg: { axis: 1, times: 3 } } },
  { id: 'dropout', layer: Dropout, params: { rate: 0.2 }, input: [10], torch: 'nn.Dropout(0.2)', ir: { ops: ['dropout'], arg: { rate: 0.2 } } },
  { id: 'activation-sigmoid', layer: Activation, params: { activation: 'sigmoid' }, input: [4, 3], torch: 'nn.Sigmoid()', ir: { ops: ['sigmoid'] } },
  { id: 'activation-step', layer: Activation, params: { activation: 'step' }, input: [2], ir: { ops: ['step'] } },
  { id: 'activation-linear', layer: Activation, input: [3], torch: 'nn.Identity()', ir: { ops: [] } },
  { id: 'relu', layer: ReLU, input: [4, 4, 2], torch: 'nn.ReLU()', ir: { ops: ['relu'] } },
  { id: 'relu-slope', layer: ReLU, params: { negative_slope: 0.1 }, input: [6], torch: 'nn.LeakyReLU(0.1)', ir: { ops: ['leaky_relu'], arg: { alpha: 0.1 } } },
  { id: 'leaky-relu', layer: LeakyReLU, input: [6], torch: 'nn.LeakyReLU(0.3)', ir: { ops: ['leaky_relu'], arg: { alpha: 0.3 } } },
  { id: 'elu', layer: ELU, input: [6], torch: 'nn.ELU(alpha=1.0)', ir: { ops: ['elu'], arg: { alpha: 1 } } },
  { id: 'softmax', layer: Softmax, input: [3, 5], torch: 'nn.Softmax(dim=-1)', ir: { ops: ['softmax'], arg: { axis: 2 } } },
  { id: 'softmax-axis1', layer: Softmax, params: { axis: 1 }, input: [3, 5], torch: 'nn.Softmax(dim=1)', ir: { ops: ['softmax'], arg: { axis: 1 } } },
  // must fail
  { id: 'reshape-mismatch', layer: Reshape, params: { target_shape: [5, 2] }, input: [3, 4], error: { code: 'NW024', names: ['(batch, 3, 4)', '(batch, 5, 2)'] } },
  { id: 'reshape-indivisible', layer: Reshape, params: { target_shape: [-1, 5] }, input: [3, 4], error: { code: 'NW024', names: ['(batch, 3, 4)', '(batch, -1, 5)'] } },
  { id: 'permute-too-short', layer: Permute, params: { dims: [1] }, input: [4, 5], error: { code: 'NW025', names: ['(batch, 4, 5)'] } },
  { id: 'permute-repeated', layer: Permute, params: { dims: [1, 1] }, input: [4, 5], error: { code: 'NW025', names: ['[1,1]'] } },
  { id: 'permute-from-zero', layer: Permute, params: { dims: [0, 1] }, input: [4, 5], error: { code: 'NW025', names: ['[0,1]'] } },
  { id: 'permute-null', layer: Permute, params: { dims: null }, input: [4, 5], error: { code: 'NW025', names: ['null'] } },
  { id: 'repeat-vector-sequence', layer: RepeatVector, input: [3, 4], error: { code: 'NW020', names: ['(batch, 3, 4)'] } },
  { id: 'softmax-no-such-axis', layer: Softmax, params: { axis: 2 }, input: [5], error: { code: 'NW025', names: ['axis 2'] } },
  { id: 'softmax-batch-axis', layer: Softmax, params: { axis: 0 }, input: [5], error: { code: 'NW025', names: ['axis 0'] } },
];

describe('single-input core layers', () => {
  let torch: Map<string, TorchResult>;
  beforeAll(() => {
    const cases: TorchCase[] = ROWS.filter((r) => r.torch).map((r) => ({ id: r.id, module: r.torch!, input: [2, ...r.input] }));
    torch = runTorch(cases);
  });

  it.each(ROWS.map((r) => [r.id, r] as const))('%s', (_id, row) => {
    const params = row.params ?? {};
    if (row.error) {
      const error = shapeRuleError(() => check(row.layer, params, [row.input]));
      expect(error.code).toBe(row.error.code);
      for (const name of row.error.names) expect(error.message).toContain(name);
      return;
    }
    const got = check(row.layer, params, [row.input]);
    if (row.torch) {
      const ref = torch.get(row.id)!;
      expect(ref.error).toBeNull();
      expect(got.output).toEqual(ref.output!.slice(1));
      expect(got.total).toBe(ref.params);
    }
    const graph = lowerForTest(row.layer, params, [row.input]);
    verify(graph);
    const out = graph.nodes[graph.outputs[0]!.node]!;
    expect(out.shape).toEqual([-1, ...got.output]);
    expect(graph.nodes.filter((n) => n.op !== 'input').map((n) => n.op)).toEqual(row.ir!.ops);
    if (row.ir!.arg) expect(out.arg).toMatchObject(row.ir!.arg);
  });
});

/** Evaluates an elementwise IR graph on one number; enough for ReLU's threshold lowering. */
function evalScalar(graph: IRGraph, x: number): number {
  const v: number[] = [];
  for (const n of graph.nodes) {
    const [a = NaN, b = NaN] = n.src.map((s) => v[s]!);
    const alpha = n.arg['alpha'] as number;
    const table: Partial<Record<string, () => number>> = {
      input: () => x,
      const: () => (n.arg['values'] as number[])[0]!,
      add: () => a + b,
      sub: () => a - b,
      neg: () => -a,
      scale: () => a * (n.arg['factor'] as number),
      step: () => (a > 0 ? 1 : 0),
      relu: () => Math.max(0, a),
      leaky_relu: () => (a > 0 ? a : alpha * a),
    };
    const f = table[n.op];
    if (!f) throw new Error(`evalScalar has no rule for ${n.op}`);
    v.push(f());
  }
  return v[graph.outputs[0]!.node]!;
}

describe('ReLU with a threshold lowers to what Keras computes', () => {
  const keras = (x: number, slope: number, t: number) => (x >= t ? x : slope * (x - t));
  it.each([
    [0, 1.5],
    [0.2, 1.5],
    [0.2, -2],
    [0.5, 0],
  ])('negative_slope %s, threshold %s', (slope, t) => {
    const graph = lowerForTest(ReLU, { negative_slope: slope, threshold: t }, [[3]]);
    verify(graph);
    for (const x of [t - 2, t - 0.5, t, t + 0.25, t + 3, 0]) {
      expect(evalScalar(graph, x)).toBeCloseTo(keras(x, slope, t), 12);
    }
  });
});
