/**
 * The layout kernels (transpose, concat, slice, reverse, repeat, and the
 * embedding gather with its gradient) against the reference, one row per
 * case, on seeded random data with odd sizes. Moves must be bit-exact, for
 * i32 as for f32. Outputs start full of garbage, so a kernel that leaves a
 * cell unwritten fails.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kernel } from '../plan/kernels';
import type { DType } from '../plan/types';
import { Random } from '../random';
import { REFERENCE_KERNELS } from '../reference/kernels';
import type { RefTensor } from '../reference/tensor';
import type { DeviceCaps } from './kernels/types';
import { simplifyTranspose } from './kernels/layout';
import { mismatch, stepRunner, testDevice, type KernelCase, type StepRunner } from './test-harness';

interface Tensor {
  readonly shape: readonly number[];
  readonly dtype?: DType;
  /** For i32 tensors: values drawn from [low, high). */
  readonly range?: readonly [number, number];
}

interface Row extends KernelCase<Tensor> {
  readonly caps?: Partial<DeviceCaps>;
  /** Sums differ from the reference only in rounding; moves must be exact. */
  readonly rtol?: number;
}

const size = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);

function fill(t: Tensor, rng: Random): Float32Array | Int32Array {
  const n = size(t.shape);
  if (t.dtype === 'i32') {
    const [low, high] = t.range ?? [-1000, 1000];
    return Int32Array.from({ length: n }, () => low + Math.floor(rng.next() * (high - low)));
  }
  return Float32Array.from({ length: n }, () => rng.normal());
}

const DTYPES: DType[] = ['f32', 'i32'];

/** One-input moves, in both dtypes. */
function moves(kernel: Kernel, cases: readonly [number[], number[], Record<string, unknown>][]): Row[] {
  return DTYPES.flatMap((dtype) => cases.map(([x, y, arg]): Row => ({
    name: `${kernel} ${dtype} [${x}] → [${y}] ${JSON.stringify(arg)}`, kernel, tensors: [{ shape: x, dtype }, { shape: y, dtype }], inputs: [0], outputs: [1], arg,
  })));
}

const permuted = (shape: number[], perm: number[]) => perm.map((a) => shape[a]!);
const TRANSPOSES: [number[], number[]][] = [
  [[3, 5], [1, 0]], [[2, 3, 5], [0, 2, 1]], [[2, 3, 5], [2, 0, 1]], [[3, 1, 4, 5], [0, 2, 3, 1]], [[2, 3, 4, 5], [0, 2, 3, 1]],
  [[2, 3, 4, 5], [3, 1, 2, 0]], [[7, 1, 1], [2, 0, 1]], [[2, 3, 4], [0, 1, 2]], [[3, 2, 1, 5, 2], [4, 2, 0, 3, 1]],
];

const withAxis = (shape: readonly number[], axis: number, n: number) => shape.map((d, a) => (a === axis ? n : d));
const CONCATS: [number[], number, number[]][] = [[[2, 3, 5], 0, [1, 4, 2]], [[2, 3, 5], 1, [3, 1, 2]], [[2, 3, 5], 2, [5, 2, 7]], [[7, 3], 1, [3, 3, 1, 2, 4]]];

const ROWS: Row[] = [
  ...moves('transpose', TRANSPOSES.map(([x, perm]) => [x, permuted(x, perm), { perm }])),
  ...DTYPES.flatMap((dtype) => CONCATS.map(([shape, axis, sizes]): Row => ({
    name: `concat ${dtype} ${sizes.length} × [${shape}] axis ${axis}, sizes [${sizes}]`, kernel: 'concat',
    tensors: [...sizes.map((n) => ({ shape: withAxis(shape, axis, n), dtype })), { shape: withAxis(shape, axis, sizes.reduce((a, b) => a + b)), dtype }],
    inputs: sizes.map((_, i) => i), outputs: [sizes.length], arg: { axis },
  }))),
  {
    name: 'concat of 5 inputs, 2 per program', kernel: 'concat', tensors: [[3, 2], [3, 1], [3, 4], [3, 3], [3, 5], [3, 15]].map((shape) => ({ shape })),
    inputs: [0, 1, 2, 3, 4], outputs: [5], arg: { axis: 1 }, caps: { maxStorageBuffersPerShaderStage: 3 },
  },
  {
    name: 'concat with a repeated input', kernel: 'concat', tensors: [{ shape: [2, 3, 4] }, { shape: [2, 1, 4] }, { shape: [2, 7, 4] }],
    inputs: [0, 1, 0], outputs: [2], arg: { axis: 1 },
  },
  {
    name: 'concat with a repeated input across programs', kernel: 'concat', tensors: [{ shape: [5, 2] }, { shape: [5, 3] }, { shape: [5, 14] }],
    inputs: [0, 1, 0, 0, 1, 0], outputs: [2], arg: { axis: 1 }, caps: { maxStorageBuffersPerShaderStage: 2 },
  },
  ...moves('slice', [[[2, 9, 5], [2, 4, 5], { axis: 1, start: 3 }], [[2, 9, 5], [2, 9, 2], { axis: 2, start: 3 }], [[7, 3], [7, 3], { axis: 1, start: 0 }], [[5, 6], [2, 6], { axis: 0, start: 1 }], [[3, 11], [3, 1], { axis: 1, start: 10 }]]),
  ...moves('reverse', [[[2, 3, 5], [2, 3, 5], { axis: 0 }], [[2, 3, 5], [2, 3, 5], { axis: 1 }], [[2, 3, 5], [2, 3, 5], { axis: 2 }], [[4, 1, 3], [4, 1, 3], { axis: 1 }], [[9], [9], { axis: 0 }]]),
  ...moves('repeat', [[[2, 5], [3, 2, 5], { axis: 0, times: 3 }], [[2, 5], [2, 4, 5], { axis: 1, times: 4 }], [[2, 5], [2, 5, 3], { axis: 2, times: 3 }], [[3, 2, 7], [3, 1, 2, 7], { axis: 1, times: 1 }]]),
  // Ids run past both ends of the table: those read zeros and add nothing.
  ...([[[13, 5], [4, 7]], [[3, 9], [2, 3, 5]], [[40, 1], [17]], [[50, 300], [6, 11]], [[1, 4], [5]]] as [number[], number[]][]).flatMap(([table, ids]): Row[] => [
    {
      name: `gather [${table}] by [${ids}]`, kernel: 'gather', tensors: [{ shape: table }, { shape: ids, dtype: 'i32', range: [-2, table[0]! + 2] }, { shape: [...ids, table[1]!] }],
      inputs: [0, 1], outputs: [2], arg: {},
    },
    ...[true, false].map((software): Row => ({
      name: `gather_grad [${ids}] into [${table}] (${software ? 'software' : 'hardware'} blocking)`, kernel: 'gather_grad',
      tensors: [{ shape: [...ids, table[1]!] }, { shape: ids, dtype: 'i32', range: [-2, table[0]! + 2] }, { shape: table }],
      inputs: [0, 1], outputs: [2], arg: {}, caps: { software }, rtol: 1e-6,
    })),
  ]),
];

let runner: StepRunner;
beforeAll(async () => {
  runner = stepRunner(await testDevice());
});

describe('WebGPU layout kernels match the reference', () => {
  it.each(ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const rng = new Random(size(row.tensors[0]!.shape) * 17 + row.tensors.length);
    const data = row.tensors.map((t) => fill(t, rng));
    const expected = data.map((d) => d.slice());
    const ref = (ids: readonly number[]): RefTensor[] => ids.map((i) => ({ data: expected[i]!, shape: row.tensors[i]!.shape }));
    REFERENCE_KERNELS[row.kernel]!(ref(row.inputs), ref(row.outputs), row.arg, { step: 1, learningRate: 0, seed: 0 });
    const got = await runner.run(row.kernel, row.tensors.map((t, i) => ({ ...t, data: data[i] })), row.inputs, row.outputs, row.arg, row.caps ? { caps: row.caps } : {});
    for (const o of row.outputs) {
      if (row.rtol === undefined) expect(Array.from(got[o]!), `output ${o}`).toEqual(Array.from(expected[o]!));
      else expect(mismatch(got[o]!, expected[o]!, row.rtol, 1e-6), `output ${o}`).toBeUndefined();
    }
  });
});

describe('simplifyTranspose', () => {
  it.each([
    [[2, 3, 4, 5], [0, 2, 3, 1], [2, 3, 20], [0, 2, 1]],
    [[2, 3, 4], [0, 1, 2], [24], [0]],
    [[7, 1, 1], [2, 0, 1], [7], [0]],
    [[3, 1, 4, 5], [0, 2, 3, 1], [60], [0]],
    [[3, 4, 5], [0, 2, 1], [3, 4, 5], [0, 2, 1]],
    [[2, 3, 4, 5], [3, 1, 2, 0], [2, 12, 5], [2, 1, 0]],
  ])('[%s] by [%s] is [%s] by [%s]', (shape, perm, s, p) => {
    expect(simplifyTranspose(shape, perm)).toEqual({ shape: s, perm: p });
  });
});
