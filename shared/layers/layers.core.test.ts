/**
 * Shape rules and parameter counts, checked against real PyTorch where PyTorch
 * has the same layer. One row per case: the Keras-side layer and input, and
 * the equivalent PyTorch module and input (channels-first where it applies).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runTorch, type TorchCase, type TorchResult } from '../../tests/torch/reference';
import { Add } from './add';
import { Conv2D } from './conv2d';
import { Dense } from './dense';
import type { LayerDef, Shape } from './define';
import { LSTM } from './lstm';
import { check } from './testing';

interface Row {
  id: string;
  layer: LayerDef;
  params: Record<string, unknown>;
  inputs: Shape[];
  /** PyTorch's equivalent; `toKeras` maps its output shape (without batch) back to channels-last. */
  torch?: Omit<TorchCase, 'id'> & { toKeras?: (s: number[]) => number[]; pytorchCount?: 'same' | 'differs' };
  expect?: { output: Shape; params: number };
}

const chw = (s: number[]) => [...s.slice(1), s[0]!];

const ROWS: Row[] = [
  { id: 'dense-784-128', layer: Dense, params: { units: 128, activation: 'relu' }, inputs: [[784]], torch: { module: 'nn.Linear(784, 128)', input: [2, 784] } },
  { id: 'dense-nobias', layer: Dense, params: { units: 7, use_bias: false }, inputs: [[5]], torch: { module: 'nn.Linear(5, 7, bias=False)', input: [2, 5] } },
  { id: 'dense-on-sequence', layer: Dense, params: { units: 4 }, inputs: [[6, 3]], torch: { module: 'nn.Linear(3, 4)', input: [2, 6, 3] } },
  { id: 'conv2d-valid', layer: Conv2D, params: { filters: 6, kernel_size: 5 }, inputs: [[32, 32, 1]], torch: { module: 'nn.Conv2d(1, 6, 5)', input: [2, 1, 32, 32], toKeras: chw } },
  { id: 'conv2d-same-stride2', layer: Conv2D, params: { filters: 8, kernel_size: 3, strides: 2, padding: 'same' }, inputs: [[15, 15, 3]], expect: { output: [8, 8, 8], params: 224 } },
  { id: 'conv2d-dilated', layer: Conv2D, params: { filters: 4, kernel_size: [3, 2], dilation_rate: [2, 3] }, inputs: [[11, 13, 2]], torch: { module: 'nn.Conv2d(2, 4, (3, 2), dilation=(2, 3))', input: [2, 2, 11, 13], toKeras: chw } },
  { id: 'conv2d-groups', layer: Conv2D, params: { filters: 8, kernel_size: 3, groups: 2 }, inputs: [[9, 9, 4]], torch: { module: 'nn.Conv2d(4, 8, 3, groups=2)', input: [2, 4, 9, 9], toKeras: chw } },
  { id: 'add-3', layer: Add, params: {}, inputs: [[4, 5], [4, 5], [4, 5]], expect: { output: [4, 5], params: 0 } },
  { id: 'lstm-last', layer: LSTM, params: { units: 16 }, inputs: [[5, 8]], torch: { module: 'nn.LSTM(8, 16, batch_first=True)', input: [2, 5, 8], toKeras: (s) => s.slice(-1), pytorchCount: 'differs' } },
  { id: 'lstm-seq', layer: LSTM, params: { units: 16, return_sequences: true }, inputs: [[5, 8]], torch: { module: 'nn.LSTM(8, 16, batch_first=True)', input: [2, 5, 8], pytorchCount: 'differs' } },
];

describe('core layers against PyTorch', () => {
  let torch: Map<string, TorchResult>;
  beforeAll(() => {
    torch = runTorch(ROWS.filter((r) => r.torch).map((r) => ({ id: r.id, ...r.torch! })));
  });

  it.each(ROWS.map((r) => [r.id, r] as const))('%s', (_id, row) => {
    const got = check(row.layer, row.params, row.inputs);
    if (row.expect) {
      expect(got.output).toEqual(row.expect.output);
      expect(got.total).toBe(row.expect.params);
    }
    if (row.torch) {
      const ref = torch.get(row.id)!;
      expect(ref.error).toBeNull();
      const perSample = ref.output!.slice(1);
      expect(got.output).toEqual(row.torch.toKeras ? row.torch.toKeras(perSample) : perSample);
      if (row.torch.pytorchCount === 'differs') {
        expect(got.pytorch?.count).toBe(ref.params);
        expect(got.total).not.toBe(ref.params);
      } else {
        expect(got.total).toBe(ref.params);
      }
    }
  });
});
