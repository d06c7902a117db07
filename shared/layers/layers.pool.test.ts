/**
 * Pooling, padding and resampling layers: shape rules checked against real
 * PyTorch, the errors they raise, and their lowering to IR. PyTorch is
 * channels-first, so its output shapes are mapped back with `chw`. Keras's
 * "same" pooling gives ceil(n / stride); PyTorch's ceil_mode=True gives the
 * same size when the window equals the stride, and rows say so.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runTorch, type TorchCase, type TorchResult } from '../../tests/torch/reference';
import { verify } from '../ir/verify';
import { AveragePooling1D } from './average-pooling1d';
import { AveragePooling2D } from './average-pooling2d';
import type { LayerDef, Shape } from './define';
import { GlobalAveragePooling1D } from './global-average-pooling1d';
import { GlobalAveragePooling2D } from './global-average-pooling2d';
import { GlobalMaxPooling1D } from './global-max-pooling1d';
import { GlobalMaxPooling2D } from './global-max-pooling2d';
import { MaxPooling1D } from './max-pooling1d';
import { MaxPooling2D } from './max-pooling2d';
import { parseParams } from './params';
import { check, lowerForTest, shapeRuleError } from './testing';
import { UpSampling2D } from './up-sampling2d';
import { ZeroPadding2D } from './zero-padding2d';

interface Row {
  id: string;
  layer: LayerDef;
  params: Record<string, unknown>;
  input: Shape;
  /** PyTorch's equivalent, on a channels-first input with a batch of 2. */
  torch?: { module: string; input: number[] };
  expect?: Shape;
  /** The one op it lowers to and (part of) that op's arg. */
  ir?: { op: string; arg: Record<string, unknown> };
  /** For rows that must fail: the catalogued code and what the message must name. */
  error?: { code: string; names: string[] };
}

const chw = (s: number[]) => [...s.slice(1), s[0]!];

const ROWS: Row[] = [
  // MaxPooling / AveragePooling
  { id: 'maxpool2d-default', layer: MaxPooling2D, params: {}, input: [28, 28, 6], torch: { module: 'nn.MaxPool2d(2)', input: [2, 6, 28, 28] }, ir: { op: 'max_pool', arg: { window: [2, 2], strides: [2, 2], padding: 'valid' } } },
  { id: 'maxpool2d-odd-drops-edge', layer: MaxPooling2D, params: {}, input: [7, 9, 3], torch: { module: 'nn.MaxPool2d(2)', input: [2, 3, 7, 9] }, ir: { op: 'max_pool', arg: { strides: [2, 2] } } },
  { id: 'maxpool2d-overlapping', layer: MaxPooling2D, params: { pool_size: 3, strides: 2 }, input: [13, 13, 4], torch: { module: 'nn.MaxPool2d(3, stride=2)', input: [2, 4, 13, 13] }, ir: { op: 'max_pool', arg: { window: [3, 3], strides: [2, 2] } } },
  { id: 'maxpool2d-rect', layer: MaxPooling2D, params: { pool_size: [2, 3], strides: [1, 2] }, input: [6, 11, 2], torch: { module: 'nn.MaxPool2d((2, 3), stride=(1, 2))', input: [2, 2, 6, 11] }, ir: { op: 'max_pool', arg: { window: [2, 3], strides: [1, 2] } } },
  { id: 'maxpool2d-same-odd', layer: MaxPooling2D, params: { padding: 'same' }, input: [7, 9, 3], torch: { module: 'nn.MaxPool2d(2, ceil_mode=True)', input: [2, 3, 7, 9] }, ir: { op: 'max_pool', arg: { padding: 'same' } } },
  { id: 'maxpool2d-same-stride1', layer: MaxPooling2D, params: { pool_size: 3, strides: 1, padding: 'same' }, input: [5, 6, 2], torch: { module: 'nn.MaxPool2d(3, stride=1, padding=1)', input: [2, 2, 5, 6] }, ir: { op: 'max_pool', arg: { strides: [1, 1] } } },
  // Keras "same": ceil(10 / 4) = 3, ceil(7 / 4) = 2, whatever the window.
  { id: 'maxpool2d-same-strided', layer: MaxPooling2D, params: { pool_size: 3, strides: 4, padding: 'same' }, input: [10, 7, 5], expect: [3, 2, 5], ir: { op: 'max_pool', arg: { window: [3, 3], strides: [4, 4] } } },
  { id: 'maxpool1d-default', layer: MaxPooling1D, params: {}, input: [10, 4], torch: { module: 'nn.MaxPool1d(2)', input: [2, 4, 10] }, ir: { op: 'max_pool', arg: { window: [2], strides: [2] } } },
  { id: 'maxpool1d-stride1', layer: MaxPooling1D, params: { pool_size: 3, strides: 1 }, input: [10, 4], torch: { module: 'nn.MaxPool1d(3, stride=1)', input: [2, 4, 10] }, ir: { op: 'max_pool', arg: { strides: [1] } } },
  { id: 'maxpool1d-same-odd', layer: MaxPooling1D, params: { padding: 'same' }, input: [11, 3], torch: { module: 'nn.MaxPool1d(2, ceil_mode=True)', input: [2, 3, 11] }, ir: { op: 'max_pool', arg: { padding: 'same' } } },
  { id: 'avgpool2d-default', layer: AveragePooling2D, params: {}, input: [8, 8, 3], torch: { module: 'nn.AvgPool2d(2)', input: [2, 3, 8, 8] }, ir: { op: 'avg_pool', arg: { window: [2, 2], strides: [2, 2] } } },
  { id: 'avgpool2d-pool3-stride1', layer: AveragePooling2D, params: { pool_size: 3, strides: 1 }, input: [6, 5, 2], torch: { module: 'nn.AvgPool2d(3, stride=1)', input: [2, 2, 6, 5] }, ir: { op: 'avg_pool', arg: { strides: [1, 1] } } },
  { id: 'avgpool2d-same-odd', layer: AveragePooling2D, params: { padding: 'same' }, input: [5, 5, 2], torch: { module: 'nn.AvgPool2d(2, ceil_mode=True)', input: [2, 2, 5, 5] }, ir: { op: 'avg_pool', arg: { padding: 'same' } } },
  { id: 'avgpool1d-pool3', layer: AveragePooling1D, params: { pool_size: 3 }, input: [9, 2], torch: { module: 'nn.AvgPool1d(3)', input: [2, 2, 9] }, ir: { op: 'avg_pool', arg: { window: [3], strides: [3] } } },
  { id: 'avgpool1d-overlapping', layer: AveragePooling1D, params: { pool_size: 4, strides: 2 }, input: [11, 2], torch: { module: 'nn.AvgPool1d(4, stride=2)', input: [2, 2, 11] }, ir: { op: 'avg_pool', arg: { window: [4], strides: [2] } } },
  // Global pooling
  { id: 'gap2d', layer: GlobalAveragePooling2D, params: {}, input: [7, 7, 64], torch: { module: 'nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten())', input: [2, 64, 7, 7] }, ir: { op: 'reduce_mean', arg: { axes: [1, 2], keepDims: false } } },
  { id: 'gap2d-keepdims', layer: GlobalAveragePooling2D, params: { keepdims: true }, input: [5, 3, 8], torch: { module: 'nn.AdaptiveAvgPool2d(1)', input: [2, 8, 5, 3] }, ir: { op: 'reduce_mean', arg: { axes: [1, 2], keepDims: true } } },
  { id: 'gmp2d', layer: GlobalMaxPooling2D, params: {}, input: [4, 6, 10], torch: { module: 'nn.Sequential(nn.AdaptiveMaxPool2d(1), nn.Flatten())', input: [2, 10, 4, 6] }, ir: { op: 'reduce_max', arg: { axes: [1, 2], keepDims: false } } },
  { id: 'gap1d', layer: GlobalAveragePooling1D, params: {}, input: [10, 8], torch: { module: 'nn.Sequential(nn.AdaptiveAvgPool1d(1), nn.Flatten())', input: [2, 8, 10] }, ir: { op: 'reduce_mean', arg: { axes: [1], keepDims: false } } },
  { id: 'gmp1d-keepdims', layer: GlobalMaxPooling1D, params: { keepdims: true }, input: [10, 8], torch: { module: 'nn.AdaptiveMaxPool1d(1)', input: [2, 8, 10] }, ir: { op: 'reduce_max', arg: { axes: [1], keepDims: true } } },
  // ZeroPadding2D: PyTorch's ZeroPad2d takes (left, right, top, bottom).
  { id: 'zeropad-int', layer: ZeroPadding2D, params: { padding: 2 }, input: [28, 28, 1], torch: { module: 'nn.ZeroPad2d(2)', input: [2, 1, 28, 28] }, ir: { op: 'pad', arg: { pads: [[0, 0], [2, 2], [2, 2], [0, 0]] } } },
  { id: 'zeropad-default', layer: ZeroPadding2D, params: {}, input: [5, 4, 3], torch: { module: 'nn.ZeroPad2d(1)', input: [2, 3, 5, 4] }, ir: { op: 'pad', arg: { pads: [[0, 0], [1, 1], [1, 1], [0, 0]] } } },
  { id: 'zeropad-rows-cols', layer: ZeroPadding2D, params: { padding: [2, 3] }, input: [5, 4, 3], torch: { module: 'nn.ZeroPad2d((3, 3, 2, 2))', input: [2, 3, 5, 4] }, ir: { op: 'pad', arg: { pads: [[0, 0], [2, 2], [3, 3], [0, 0]] } } },
  { id: 'zeropad-nested', layer: ZeroPadding2D, params: { padding: [[1, 2], [3, 4]] }, input: [5, 4, 3], torch: { module: 'nn.ZeroPad2d((3, 4, 1, 2))', input: [2, 3, 5, 4] }, ir: { op: 'pad', arg: { pads: [[0, 0], [1, 2], [3, 4], [0, 0]] } } },
  { id: 'zeropad-flat', layer: ZeroPadding2D, params: { padding: [0, 2, 3, 0] }, input: [5, 4, 3], torch: { module: 'nn.ZeroPad2d((3, 0, 0, 2))', input: [2, 3, 5, 4] }, ir: { op: 'pad', arg: { pads: [[0, 0], [0, 2], [3, 0], [0, 0]] } } },
  // UpSampling2D
  { id: 'upsample-default', layer: UpSampling2D, params: {}, input: [5, 7, 3], torch: { module: 'nn.Upsample(scale_factor=2)', input: [2, 3, 5, 7] }, ir: { op: 'upsample', arg: { factors: [2, 2] } } },
  { id: 'upsample-rect', layer: UpSampling2D, params: { size: [2, 3] }, input: [4, 5, 1], torch: { module: 'nn.Upsample(scale_factor=(2, 3))', input: [2, 1, 4, 5] }, ir: { op: 'upsample', arg: { factors: [2, 3] } } },
  // must fail
  { id: 'maxpool2d-window-too-large', layer: MaxPooling2D, params: { pool_size: 4 }, input: [3, 3, 1], error: { code: 'NW022', names: ['4', 'size 3'] } },
  { id: 'maxpool2d-on-vector', layer: MaxPooling2D, params: {}, input: [784], error: { code: 'NW020', names: ['(batch, 784)'] } },
  { id: 'avgpool1d-on-image', layer: AveragePooling1D, params: {}, input: [8, 8, 3], error: { code: 'NW020', names: ['(batch, 8, 8, 3)'] } },
  { id: 'avgpool1d-window-too-large', layer: AveragePooling1D, params: { pool_size: 6 }, input: [5, 3], error: { code: 'NW022', names: ['6', 'size 5'] } },
  { id: 'gap2d-on-sequence', layer: GlobalAveragePooling2D, params: {}, input: [10, 8], error: { code: 'NW020', names: ['(batch, 10, 8)'] } },
  { id: 'gmp1d-on-vector', layer: GlobalMaxPooling1D, params: {}, input: [8], error: { code: 'NW020', names: ['(batch, 8)'] } },
  { id: 'zeropad-on-sequence', layer: ZeroPadding2D, params: {}, input: [10, 8], error: { code: 'NW020', names: ['(batch, 10, 8)'] } },
  { id: 'upsample-on-vector', layer: UpSampling2D, params: {}, input: [16], error: { code: 'NW020', names: ['(batch, 16)'] } },
];

describe('pooling, padding and resampling layers', () => {
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
    expect(got.total).toBe(0);
    if (row.expect) expect(got.output).toEqual(row.expect);
    if (row.torch) {
      const ref = torch.get(row.id)!;
      expect(ref.error).toBeNull();
      expect(got.output).toEqual(chw(ref.output!.slice(1)));
      expect(ref.params).toBe(0);
    }
    const graph = lowerForTest(row.layer, row.params, [row.input]);
    verify(graph);
    const out = graph.nodes[graph.outputs[0]!.node]!;
    expect(out.shape).toEqual([-1, ...got.output]);
    expect(graph.nodes.filter((n) => n.op !== 'input').map((n) => n.op)).toEqual([row.ir!.op]);
    expect(out.arg).toMatchObject(row.ir!.arg);
  });
});

describe('pooling and padding parameters', () => {
  const parse = (layer: LayerDef, raw: Record<string, unknown>) => parseParams(layer.params, raw);

  it.each([
    ['one number', 3, [3, 3]],
    ['a list', [1, 2], [1, 2]],
    ['null', null, null],
  ] as const)('pool strides accept %s', (_what, strides, want) => {
    const { values, issues } = parse(MaxPooling2D, { strides });
    expect(issues).toEqual([]);
    expect(values['strides']).toEqual(want);
  });

  it.each([
    ['the wrong length', [2]],
    ['zero', 0],
    ['a fraction', 1.5],
  ] as const)('pool strides reject %s', (_what, strides) => {
    expect(parse(MaxPooling2D, { strides }).issues.map((i) => i.param)).toEqual(['strides']);
  });

  it('stored ZeroPadding2D padding parses to itself', () => {
    const once = parse(ZeroPadding2D, { padding: [[1, 2], [3, 4]] }).values;
    expect(once['padding']).toEqual([1, 2, 3, 4]);
    expect(parse(ZeroPadding2D, once).values).toEqual(once);
  });

  it.each([[-1], [[1, 2, 3]], [[[1, 2], [3]]], ['1']])('ZeroPadding2D rejects padding %j', (padding) => {
    expect(parse(ZeroPadding2D, { padding }).issues.map((i) => i.param)).toEqual(['padding']);
  });

  it('UpSampling2D offers only nearest-neighbour interpolation', () => {
    expect(parse(UpSampling2D, { interpolation: 'bilinear' }).issues.map((i) => i.param)).toEqual(['interpolation']);
  });
});
