/**
 * Normalisation layers: shape rules and parameter counts checked against real
 * PyTorch (channels-first there, mapped back to channels-last), Keras's own
 * counts including the non-trainable moving statistics, the axis errors, and
 * each layer's lowering run through verify().
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runTorch, type TorchCase, type TorchResult } from '../../tests/torch/reference';
import type { ErrorCode } from '../compiler/catalogue';
import type { IRNode } from '../ir/graph';
import { verify } from '../ir/verify';
import { BatchNormalization } from './batch-normalization';
import type { LayerDef, Shape } from './define';
import { LayerNormalization } from './layer-normalization';
import { check, lowerForTest, shapeRuleError } from './testing';

interface Row {
  id: string;
  layer: LayerDef;
  params: Record<string, unknown>;
  inputs: Shape[];
  /** PyTorch's equivalent; `toKeras` maps its output shape (without batch) back to channels-last. */
  torch?: Omit<TorchCase, 'id'> & { toKeras?: (s: number[]) => number[]; pytorchCount?: 'same' | 'differs' };
  /** Keras's numbers, where PyTorch cannot give them. */
  expect?: { output: Shape; params: number; nonTrainable?: number };
  throws?: { code: ErrorCode };
}

const chw = (s: number[]) => [...s.slice(1), s[0]!];

const ROWS: Row[] = [
  { id: 'bn-32', layer: BatchNormalization, params: {}, inputs: [[32]], expect: { output: [32], params: 128, nonTrainable: 64 }, torch: { module: 'nn.BatchNorm1d(32)', input: [2, 32], pytorchCount: 'differs' } },
  { id: 'bn-image', layer: BatchNormalization, params: {}, inputs: [[8, 8, 16]], torch: { module: 'nn.BatchNorm2d(16)', input: [2, 16, 8, 8], toKeras: chw, pytorchCount: 'differs' } },
  { id: 'bn-sequence', layer: BatchNormalization, params: { momentum: 0.9 }, inputs: [[5, 12]], torch: { module: 'nn.BatchNorm1d(12)', input: [2, 12, 5], toKeras: chw, pytorchCount: 'differs' } },
  { id: 'bn-channels-first-axis1', layer: BatchNormalization, params: { axis: 1 }, inputs: [[4, 6, 6]], torch: { module: 'nn.BatchNorm2d(4)', input: [2, 4, 6, 6], pytorchCount: 'differs' } },
  { id: 'bn-no-affine', layer: BatchNormalization, params: { center: false, scale: false }, inputs: [[32]], expect: { output: [32], params: 64, nonTrainable: 64 }, torch: { module: 'nn.BatchNorm1d(32, affine=False)', input: [2, 32], pytorchCount: 'differs' } },
  { id: 'bn-no-center', layer: BatchNormalization, params: { center: false }, inputs: [[32]], expect: { output: [32], params: 96, nonTrainable: 64 } },
  { id: 'ln-features', layer: LayerNormalization, params: {}, inputs: [[5, 12]], torch: { module: 'nn.LayerNorm(12)', input: [2, 5, 12] } },
  { id: 'ln-whole-sample', layer: LayerNormalization, params: { axis: [-1, -2] }, inputs: [[5, 12]], torch: { module: 'nn.LayerNorm([5, 12])', input: [2, 5, 12] } },
  { id: 'ln-no-affine', layer: LayerNormalization, params: { center: false, scale: false }, inputs: [[5, 12]], torch: { module: 'nn.LayerNorm(12, elementwise_affine=False)', input: [2, 5, 12] } },
  { id: 'ln-no-center', layer: LayerNormalization, params: { center: false }, inputs: [[12]], expect: { output: [12], params: 12, nonTrainable: 0 } },
  // what a learner gets wrong
  { id: 'bn-axis-past-end', layer: BatchNormalization, params: { axis: 3 }, inputs: [[5, 12]], throws: { code: 'NW025' } },
  { id: 'bn-axis-batch', layer: BatchNormalization, params: { axis: 0 }, inputs: [[5, 12]], throws: { code: 'NW025' } },
  { id: 'ln-axis-past-end', layer: LayerNormalization, params: { axis: [2] }, inputs: [[12]], throws: { code: 'NW025' } },
  { id: 'ln-axis-twice', layer: LayerNormalization, params: { axis: [-1, 1] }, inputs: [[12]], throws: { code: 'NW025' } },
  { id: 'ln-no-axis', layer: LayerNormalization, params: { axis: null }, inputs: [[12]], throws: { code: 'NW025' } },
];

describe('normalisation layers against PyTorch', () => {
  let torch: Map<string, TorchResult>;
  beforeAll(() => {
    torch = runTorch(ROWS.filter((r) => r.torch).map((r) => ({ id: r.id, ...r.torch! })));
  });

  it.each(ROWS.map((r) => [r.id, r] as const))('%s', (_id, row) => {
    if (row.throws) {
      expect(shapeRuleError(() => check(row.layer, row.params, row.inputs)).code).toBe(row.throws.code);
      return;
    }
    const got = check(row.layer, row.params, row.inputs);
    if (row.expect) {
      expect(got.output).toEqual(row.expect.output);
      expect(got.total).toBe(row.expect.params);
      if (row.expect.nonTrainable !== undefined) expect(got.nonTrainable).toBe(row.expect.nonTrainable);
    }
    if (row.torch) {
      const ref = torch.get(row.id)!;
      expect(ref.error).toBeNull();
      const perSample = ref.output!.slice(1);
      expect(got.output).toEqual(row.torch.toKeras ? row.torch.toKeras(perSample) : perSample);
      if (got.pytorch) expect(got.pytorch.count).toBe(ref.params);
      if (row.torch.pytorchCount === 'differs') {
        // PyTorch's parameters are exactly Keras's trainable weights; the moving statistics are its buffers.
        expect(got.total).not.toBe(ref.params);
        expect(got.trainable).toBe(ref.params);
      } else expect(got.total).toBe(ref.params);
    }
  });
});

/** Lowering: the IR must verify, have the shape the rule promised, and feed the op what its comment in ops.ts says. */
interface LowerRow {
  id: string;
  layer: LayerDef;
  params: Record<string, unknown>;
  inputs: Shape[];
  op: 'batch_norm' | 'layer_norm';
  arg: Record<string, unknown>;
  /** The op's sources after x: 'param:<name>' or 'const:<value>'. */
  sources: string[];
}

const LOWER_ROWS: LowerRow[] = [
  { id: 'bn', layer: BatchNormalization, params: {}, inputs: [[8, 8, 16]], op: 'batch_norm', arg: { axis: 3, epsilon: 0.001, momentum: 0.99 }, sources: ['param:gamma', 'param:beta', 'param:moving_mean', 'param:moving_variance'] },
  { id: 'bn-axis1', layer: BatchNormalization, params: { axis: 1 }, inputs: [[4, 6, 6]], op: 'batch_norm', arg: { axis: 1 }, sources: ['param:gamma', 'param:beta', 'param:moving_mean', 'param:moving_variance'] },
  { id: 'bn-no-affine', layer: BatchNormalization, params: { center: false, scale: false }, inputs: [[32]], op: 'batch_norm', arg: { axis: 1 }, sources: ['const:1', 'const:0', 'param:moving_mean', 'param:moving_variance'] },
  { id: 'ln', layer: LayerNormalization, params: { epsilon: 1e-5 }, inputs: [[5, 12]], op: 'layer_norm', arg: { axes: [2], epsilon: 1e-5 }, sources: ['param:gamma', 'param:beta'] },
  { id: 'ln-two-axes', layer: LayerNormalization, params: { axis: [-1, 1] }, inputs: [[5, 12]], op: 'layer_norm', arg: { axes: [1, 2] }, sources: ['param:gamma', 'param:beta'] },
  { id: 'ln-no-scale', layer: LayerNormalization, params: { scale: false }, inputs: [[5, 12]], op: 'layer_norm', arg: { axes: [2] }, sources: ['const:1', 'param:beta'] },
];

describe('lowering', () => {
  it.each(LOWER_ROWS.map((r) => [r.id, r] as const))('%s', (_id, row) => {
    const graph = lowerForTest(row.layer, row.params, row.inputs);
    verify(graph);
    const out = graph.nodes[graph.outputs[0]!.node]!;
    const { output } = check(row.layer, row.params, row.inputs);
    expect(out.shape).toEqual([-1, ...output]);
    expect(out.op).toBe(row.op);
    expect(out.arg).toMatchObject(row.arg);
    const [x, ...rest] = out.src.map((s) => graph.nodes[s]!);
    expect(x!.op).toBe('input');
    expect(rest.map(describeSource)).toEqual(row.sources);
    // gamma and beta, constant or learned, are shaped like the normalised axes
    const normalised = rest[0]!.shape;
    for (const n of rest) expect(n.shape).toEqual(normalised);
    for (const n of rest.filter((n) => n.op === 'const')) expect((n.arg['values'] as number[]).length).toBe(normalised.reduce((a, d) => a * d, 1));
  });
});

function describeSource(n: IRNode): string {
  if (n.op === 'param') return `param:${String(n.arg['name']).split('/').at(-1)}`;
  const values = [...new Set(n.arg['values'] as number[])];
  return `${n.op}:${values.length === 1 ? values[0] : values.join('|')}`;
}
