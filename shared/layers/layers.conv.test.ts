/**
 * Convolution layers: shape rules and parameter counts checked against real
 * PyTorch, the errors they raise, and their lowering to IR. PyTorch is
 * channels-first, so its output shapes are mapped back with `chw`. Where
 * PyTorch has no direct equivalent (strided "same" padding), rows give the
 * Keras-derived expectation and cite the formula.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runTorch, type TorchCase, type TorchResult } from '../../tests/torch/reference';
import { verify } from '../ir/verify';
import { Conv1D } from './conv1d';
import { Conv2D } from './conv2d';
import { Conv2DTranspose } from './conv2d-transpose';
import type { LayerDef, Shape } from './define';
import { DepthwiseConv2D } from './depthwise-conv2d';
import { check, lowerForTest, shapeRuleError } from './testing';

interface Row {
  id: string;
  layer: LayerDef;
  params: Record<string, unknown>;
  input: Shape;
  /** PyTorch's equivalent, on a channels-first input with a batch of 2. */
  torch?: { module: string; input: number[] };
  expect?: { output: Shape; params: number };
  /** The ops it lowers to, inputs left out, in order. */
  ir?: string[];
  /** For rows that must fail: the catalogued code and what the message must name. */
  error?: { code: string; names: string[] };
}

const chw = (s: number[]) => [...s.slice(1), s[0]!];

const CONV = ['param', 'conv', 'param', 'add'];
const CONVT = ['param', 'conv_transpose', 'param', 'add'];

const ROWS: Row[] = [
  // Conv1D
  { id: 'conv1d-valid', layer: Conv1D, params: { filters: 4, kernel_size: 3 }, input: [10, 2], torch: { module: 'nn.Conv1d(2, 4, 3)', input: [2, 2, 10] }, ir: CONV },
  { id: 'conv1d-same-even-kernel', layer: Conv1D, params: { filters: 5, kernel_size: 4, padding: 'same' }, input: [9, 3], torch: { module: "nn.Conv1d(3, 5, 4, padding='same')", input: [2, 3, 9] }, ir: CONV },
  { id: 'conv1d-stride3-odd', layer: Conv1D, params: { filters: 3, kernel_size: 5, strides: 3 }, input: [17, 2], torch: { module: 'nn.Conv1d(2, 3, 5, stride=3)', input: [2, 2, 17] }, ir: CONV },
  // Keras "same": ceil(9 / 2) = 5 steps; 3·3·6 + 6 = 60 weights.
  { id: 'conv1d-same-stride2', layer: Conv1D, params: { filters: 6, kernel_size: 3, strides: 2, padding: 'same' }, input: [9, 3], expect: { output: [5, 6], params: 60 }, ir: CONV },
  { id: 'conv1d-groups', layer: Conv1D, params: { filters: 6, kernel_size: 3, groups: 3, use_bias: false }, input: [8, 3], torch: { module: 'nn.Conv1d(3, 6, 3, groups=3, bias=False)', input: [2, 3, 8] }, ir: ['param', 'conv'] },
  // Keras pads (kernel_size − 1)·dilation zeros at the start only.
  { id: 'conv1d-causal-dilated', layer: Conv1D, params: { filters: 4, kernel_size: 3, dilation_rate: 2, padding: 'causal', activation: 'relu' }, input: [10, 2], torch: { module: 'nn.Sequential(nn.ConstantPad1d((4, 0), 0.0), nn.Conv1d(2, 4, 3, dilation=2))', input: [2, 2, 10] }, ir: ['pad', ...CONV, 'relu'] },
  { id: 'conv1d-causal-k1', layer: Conv1D, params: { filters: 2, kernel_size: 1, padding: 'causal' }, input: [5, 3], torch: { module: 'nn.Conv1d(3, 2, 1)', input: [2, 3, 5] }, ir: CONV },
  // Conv2D
  { id: 'conv2d-same-odd', layer: Conv2D, params: { filters: 4, kernel_size: [3, 5], padding: 'same' }, input: [7, 9, 2], torch: { module: "nn.Conv2d(2, 4, (3, 5), padding='same')", input: [2, 2, 7, 9] }, ir: CONV },
  // Conv2DTranspose: Keras's length is size·s + max(k − s, 0) ("valid") or size·s ("same") when output_padding is empty.
  { id: 'convT-valid-s2', layer: Conv2DTranspose, params: { filters: 4, kernel_size: 3, strides: 2 }, input: [5, 5, 3], torch: { module: 'nn.ConvTranspose2d(3, 4, 3, stride=2)', input: [2, 3, 5, 5] }, ir: CONVT },
  { id: 'convT-valid-kernel-below-stride', layer: Conv2DTranspose, params: { filters: 4, kernel_size: 2, strides: 3 }, input: [4, 6, 2], torch: { module: 'nn.ConvTranspose2d(2, 4, 2, stride=3, output_padding=1)', input: [2, 2, 4, 6] }, ir: CONVT },
  { id: 'convT-same-s2-odd-kernel', layer: Conv2DTranspose, params: { filters: 4, kernel_size: 3, strides: 2, padding: 'same' }, input: [7, 5, 3], torch: { module: 'nn.ConvTranspose2d(3, 4, 3, stride=2, padding=1, output_padding=1)', input: [2, 3, 7, 5] }, ir: CONVT },
  { id: 'convT-same-s2-even-kernel', layer: Conv2DTranspose, params: { filters: 2, kernel_size: 4, strides: 2, padding: 'same', use_bias: false }, input: [6, 9, 1], torch: { module: 'nn.ConvTranspose2d(1, 2, 4, stride=2, padding=1, bias=False)', input: [2, 1, 6, 9] }, ir: ['param', 'conv_transpose'] },
  { id: 'convT-output-padding-valid', layer: Conv2DTranspose, params: { filters: 4, kernel_size: 3, strides: 2, output_padding: 1 }, input: [5, 5, 3], torch: { module: 'nn.ConvTranspose2d(3, 4, 3, stride=2, output_padding=1)', input: [2, 3, 5, 5] }, ir: CONVT },
  // With output_padding, "same" crops ⌊k/2⌋ from each side: (n − 1)·s + k − 2⌊k/2⌋ + output_padding.
  { id: 'convT-output-padding-same', layer: Conv2DTranspose, params: { filters: 4, kernel_size: 5, strides: 3, padding: 'same', output_padding: [2, 1] }, input: [4, 4, 2], torch: { module: 'nn.ConvTranspose2d(2, 4, 5, stride=3, padding=2, output_padding=(2, 1))', input: [2, 2, 4, 4] }, ir: CONVT },
  { id: 'convT-rect', layer: Conv2DTranspose, params: { filters: 3, kernel_size: [3, 2], strides: [1, 2], activation: 'sigmoid' }, input: [4, 4, 5], torch: { module: 'nn.ConvTranspose2d(5, 3, (3, 2), stride=(1, 2))', input: [2, 5, 4, 4] }, ir: [...CONVT, 'sigmoid'] },
  // DepthwiseConv2D is PyTorch's Conv2d(C, C·m, k, groups=C).
  { id: 'depthwise-m1', layer: DepthwiseConv2D, params: {}, input: [8, 8, 3], torch: { module: 'nn.Conv2d(3, 3, 3, groups=3)', input: [2, 3, 8, 8] }, ir: ['param', 'reshape', 'conv', 'param', 'add'] },
  { id: 'depthwise-m2-same', layer: DepthwiseConv2D, params: { depth_multiplier: 2, padding: 'same' }, input: [7, 9, 4], torch: { module: "nn.Conv2d(4, 8, 3, groups=4, padding='same')", input: [2, 4, 7, 9] }, ir: ['param', 'reshape', 'conv', 'param', 'add'] },
  { id: 'depthwise-dilated', layer: DepthwiseConv2D, params: { depth_multiplier: 3, dilation_rate: 2, use_bias: false }, input: [11, 10, 2], torch: { module: 'nn.Conv2d(2, 6, 3, groups=2, dilation=2, bias=False)', input: [2, 2, 11, 10] }, ir: ['param', 'reshape', 'conv'] },
  { id: 'depthwise-stride2-rect', layer: DepthwiseConv2D, params: { kernel_size: [3, 5], strides: 2, activation: 'relu' }, input: [9, 12, 3], torch: { module: 'nn.Conv2d(3, 3, (3, 5), stride=2, groups=3)', input: [2, 3, 9, 12] }, ir: ['param', 'reshape', 'conv', 'param', 'add', 'relu'] },
  // Keras "same": ceil(15 / 2) = 8; 3·3·3 + 3 = 30 weights.
  { id: 'depthwise-same-stride2', layer: DepthwiseConv2D, params: { strides: 2, padding: 'same' }, input: [15, 15, 3], expect: { output: [8, 8, 3], params: 30 }, ir: ['param', 'reshape', 'conv', 'param', 'add'] },
  // must fail
  { id: 'conv1d-kernel-too-large', layer: Conv1D, params: { kernel_size: 7 }, input: [5, 2], error: { code: 'NW022', names: ['7', 'size 5'] } },
  { id: 'conv1d-on-image', layer: Conv1D, params: {}, input: [8, 8, 3], error: { code: 'NW020', names: ['(batch, 8, 8, 3)'] } },
  { id: 'conv1d-causal-on-vector', layer: Conv1D, params: { padding: 'causal' }, input: [8], error: { code: 'NW020', names: ['(batch, 8)'] } },
  { id: 'conv2d-on-vector', layer: Conv2D, params: {}, input: [784], error: { code: 'NW020', names: ['(batch, 784)'] } },
  { id: 'conv2d-kernel-too-large', layer: Conv2D, params: { kernel_size: 5 }, input: [4, 4, 1], error: { code: 'NW022', names: ['5', 'size 4'] } },
  { id: 'conv2d-groups-indivisible', layer: Conv2D, params: { filters: 6, groups: 4 }, input: [8, 8, 6], error: { code: 'NW026', names: ['4 groups', '6 input channels'] } },
  { id: 'convT-on-vector', layer: Conv2DTranspose, params: {}, input: [16], error: { code: 'NW020', names: ['(batch, 16)'] } },
  { id: 'convT-output-padding-not-below-stride', layer: Conv2DTranspose, params: { strides: 2, output_padding: [1, 2] }, input: [4, 4, 3], error: { code: 'NW011', names: ['(1, 2)', '(2, 2)'] } },
  // (1 − 1)·1 + 2 − 2·1 + 0 = 0 rows.
  { id: 'convT-shrinks-to-nothing', layer: Conv2DTranspose, params: { kernel_size: 2, padding: 'same', output_padding: 0 }, input: [1, 1, 3], error: { code: 'NW028', names: ['(batch, 1, 1, 3)', 'size 0'] } },
  { id: 'depthwise-kernel-too-large', layer: DepthwiseConv2D, params: { kernel_size: 5 }, input: [4, 4, 3], error: { code: 'NW022', names: ['5', 'size 4'] } },
  { id: 'depthwise-on-sequence', layer: DepthwiseConv2D, params: {}, input: [10, 3], error: { code: 'NW020', names: ['(batch, 10, 3)'] } },
  { id: 'depthwise-stride-and-dilation', layer: DepthwiseConv2D, params: { strides: 2, dilation_rate: 2 }, input: [9, 9, 3], error: { code: 'NW011', names: ['dilation'] } },
];

describe('convolution layers', () => {
  let torch: Map<string, TorchResult>;
  beforeAll(() => {
    const cases: TorchCase[] = ROWS.filter((r) => r.torch).map((r) => ({ id: r.id, ...r.torch! }));
    torch = runTorch(cases);
  });

  it.each(ROWS.map((r) => [r.id, r] as const))('%s', (_id, row) => {
    if (row.error) {
      const error = shapeRuleError(() => check(row.layer, row.params, [row.input]));
      expect(error.code).toBe(row.error.code);
      for (const name of row.error.names) expect(error.message).toContain(name);
      return;
    }
    const got = check(row.layer, row.params, [row.input]);
    if (row.expect) {
      expect(got.output).toEqual(row.expect.output);
      expect(got.total).toBe(row.expect.params);
    }
    if (row.torch) {
      const ref = torch.get(row.id)!;
      expect(ref.error).toBeNull();
      expect(got.output).toEqual(chw(ref.output!.slice(1)));
      expect(got.total).toBe(ref.params);
    }
    const graph = lowerForTest(row.layer, row.params, [row.input]);
    verify(graph);
    expect(graph.nodes[graph.outputs[0]!.node]!.shape).toEqual([-1, ...got.output]);
    expect(graph.nodes.filter((n) => n.op !== 'input').map((n) => n.op)).toEqual(row.ir);
  });
});

describe('convolution lowering details', () => {
  it('Conv2DTranspose keeps Keras\'s kernel layout (kh, kw, filters, in_channels)', () => {
    const graph = lowerForTest(Conv2DTranspose, { filters: 4, kernel_size: [3, 2], strides: 2, output_padding: 1 }, [[5, 5, 3]]);
    const kernel = graph.nodes.find((n) => n.op === 'param' && String(n.arg['name']).endsWith('/kernel'))!;
    expect(kernel.shape).toEqual([3, 2, 4, 3]);
    expect(graph.nodes.find((n) => n.op === 'conv_transpose')!.arg).toEqual({ strides: [2, 2], padding: 'valid', outputPadding: [1, 1] });
  });

  it('DepthwiseConv2D is a conv with one group per channel over a reshaped kernel', () => {
    const graph = lowerForTest(DepthwiseConv2D, { kernel_size: [3, 5], depth_multiplier: 2 }, [[9, 9, 4]]);
    const kernel = graph.nodes.find((n) => n.op === 'param' && String(n.arg['name']).endsWith('/kernel'))!;
    const reshape = graph.nodes.find((n) => n.op === 'reshape')!;
    const conv = graph.nodes.find((n) => n.op === 'conv')!;
    expect(kernel.shape).toEqual([3, 5, 4, 2]);
    expect(reshape.shape).toEqual([3, 5, 1, 8]);
    expect(conv.src[1]).toBe(reshape.id);
    expect(conv.arg['groups']).toBe(4);
    expect(graph.nodes.find((n) => n.op === 'param' && String(n.arg['name']).endsWith('/bias'))!.shape).toEqual([8]);
  });

  it('causal Conv1D pads only the start, by (kernel_size − 1)·dilation', () => {
    const graph = lowerForTest(Conv1D, { filters: 2, kernel_size: 4, dilation_rate: 3, padding: 'causal' }, [[10, 1]]);
    const pad = graph.nodes.find((n) => n.op === 'pad')!;
    expect(pad.arg['pads']).toEqual([[0, 0], [9, 0], [0, 0]]);
    expect(graph.nodes.find((n) => n.op === 'conv')!.arg['padding']).toBe('valid');
  });

  it('rejects output_padding of the wrong length, and accepts one number or null', () => {
    expect(() => check(Conv2DTranspose, { output_padding: [1, 1, 1] }, [[4, 4, 3]])).toThrow(/output_padding/);
    expect(() => check(Conv2DTranspose, { output_padding: -1 }, [[4, 4, 3]])).toThrow(/output_padding/);
    expect(check(Conv2DTranspose, { output_padding: null }, [[4, 4, 3]]).output).toEqual([6, 6, 32]);
  });
});
