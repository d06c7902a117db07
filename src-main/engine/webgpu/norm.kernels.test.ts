/**
 * The normalisation and dropout kernels against the reference, one row per
 * case, on seeded random data with odd sizes. Each normalisation row runs
 * with the software and the hardware workgroup size, and its sizes pick
 * reductions by workgroup, by thread, or both in one launch (see
 * kernels/norm.ts). Outputs start full of garbage, so a kernel that leaves a
 * cell unwritten fails; batch_norm's moving statistics start from real values
 * and are checked after the in-place update. Dropout must make exactly the
 * reference's keep/drop decisions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../random';
import { REFERENCE_KERNELS } from '../reference/kernels';
import type { RefTensor } from '../reference/tensor';
import { byWorkgroup, dropoutThreshold, groupsOf } from './kernels/norm';
import type { DeviceCaps } from './kernels/types';
import { mismatch, stepRunner, testDevice, type KernelCase, type StepRunner } from './test-harness';

interface Tensor {
  readonly shape: readonly number[];
  readonly fill?: 'normal' | 'positive' | 'shifted';
}

interface Row extends KernelCase<Tensor> {
  /** Derives inputs from others (the saved statistics from a reference forward). */
  readonly prepare?: (data: Float32Array[]) => void;
  readonly step?: number;
  readonly rtol?: number;
  readonly atol?: number;
}

const size = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);
const ENV = { step: 1, learningRate: 0, seed: 0 };

function fill(t: Tensor, rng: Random): Float32Array {
  return Float32Array.from({ length: size(t.shape) }, () => {
    switch (t.fill) {
      case 'positive': return 0.1 + rng.next() * 2;
      // A large mean: the two-pass variance must not cancel it away.
      case 'shifted': return 30 + 2 * rng.normal();
      default: return rng.normal();
    }
  });
}

const without = (shape: readonly number[], axes: readonly number[]) => shape.filter((_, a) => !axes.includes(a));
const only = (shape: readonly number[], axes: readonly number[]) => axes.map((a) => shape[a]!);

/** Fills mean and invStd (tensors 3, 4) from a reference forward over x (tensor 1). */
function savedStatistics(kernel: 'batch_norm' | 'layer_norm', shape: readonly number[], stats: readonly number[], arg: Record<string, unknown>) {
  return (d: Float32Array[]) => {
    const scratch = (s: readonly number[]) => ({ data: new Float32Array(size(s)), shape: s });
    const param = kernel === 'batch_norm' ? [shape[arg['axis'] as number]!] : only(shape, arg['axes'] as number[]);
    const gb = [{ data: d[2]!, shape: param }, { data: new Float32Array(size(param)), shape: param }];
    const moving = kernel === 'batch_norm' ? [scratch(param), scratch(param)] : [];
    const outs: RefTensor[] = [scratch(shape), { data: d[3]!, shape: stats }, { data: d[4]!, shape: stats }, ...moving];
    REFERENCE_KERNELS[kernel]!([{ data: d[1]!, shape }, ...gb, ...moving], outs, { ...arg, epsilon: 1e-3, momentum: 0.9, training: true }, ENV);
  };
}

const BATCH_NORMS: [number[], number][] = [[[4, 9, 11, 5], 3], [[33, 7], 1], [[3, 4, 5, 6], 1], [[600, 3], 1], [[2, 150, 3], 2], [[5, 1, 2, 4], 3]];
const LAYER_NORMS: [number[], number[]][] = [[[6, 130], [1]], [[300, 17], [1]], [[4, 7, 9], [2]], [[2, 3, 4, 5], [1, 3]], [[3, 5, 7], [1, 2]], [[2, 200, 3], [0, 2]], [[9, 1, 6], [2]]];

const normRows = (): Row[] => [
  ...BATCH_NORMS.flatMap(([shape, axis]): Row[] => {
    const C = [shape[axis]!];
    return [
      {
        name: `batch_norm training [${shape}] axis ${axis}`, kernel: 'batch_norm',
        tensors: [{ shape, fill: 'shifted' }, { shape: C }, { shape: C }, { shape: C }, { shape: C, fill: 'positive' }, { shape }, { shape: C }, { shape: C }],
        inputs: [0, 1, 2, 3, 4], outputs: [5, 6, 7, 3, 4], arg: { axis, epsilon: 1e-3, momentum: 0.9, training: true }, rtol: 1e-4, atol: 1e-4,
      },
      {
        name: `batch_norm inference [${shape}] axis ${axis}`, kernel: 'batch_norm',
        tensors: [{ shape }, { shape: C }, { shape: C }, { shape: C }, { shape: C, fill: 'positive' }, { shape }],
        inputs: [0, 1, 2, 3, 4], outputs: [5], arg: { axis, epsilon: 1e-3, momentum: 0.9, training: false },
      },
      {
        name: `batch_norm_grad [${shape}] axis ${axis}`, kernel: 'batch_norm_grad',
        tensors: [{ shape }, { shape }, { shape: C }, { shape: C }, { shape: C }, { shape }, { shape: C }, { shape: C }],
        inputs: [0, 1, 2, 3, 4], outputs: [5, 6, 7], arg: { axis }, prepare: savedStatistics('batch_norm', shape, C, { axis }), rtol: 1e-4, atol: 1e-4,
      },
    ];
  }),
  ...LAYER_NORMS.flatMap(([shape, axes]): Row[] => {
    const stats = without(shape, axes);
    const param = only(shape, axes);
    return [
      {
        name: `layer_norm training [${shape}] over [${axes}]`, kernel: 'layer_norm',
        tensors: [{ shape, fill: 'shifted' }, { shape: param }, { shape: param }, { shape }, { shape: stats }, { shape: stats }],
        inputs: [0, 1, 2], outputs: [3, 4, 5], arg: { axes, epsilon: 1e-5 }, rtol: 1e-4, atol: 1e-4,
      },
      {
        name: `layer_norm inference [${shape}] over [${axes}]`, kernel: 'layer_norm',
        tensors: [{ shape }, { shape: param }, { shape: param }, { shape }],
        inputs: [0, 1, 2], outputs: [3], arg: { axes, epsilon: 1e-3 }, rtol: 1e-4, atol: 1e-5,
      },
      {
        name: `layer_norm_grad [${shape}] over [${axes}]`, kernel: 'layer_norm_grad',
        tensors: [{ shape }, { shape }, { shape: param }, { shape: stats }, { shape: stats }, { shape }, { shape: param }, { shape: param }],
        inputs: [0, 1, 2, 3, 4], outputs: [5, 6, 7], arg: { axes }, prepare: savedStatistics('layer_norm', shape, stats, { axes }), rtol: 1e-4, atol: 1e-4,
      },
    ];
  }),
];

const DROPOUTS: [number[], number, number, number][] = [[[7, 13], 0.5, 3, 1], [[3, 1000], 0.1, 12345, 7], [[5, 3, 11], 0.9, 0xdeadbeef, 2], [[64], 0.3, 0, 1000000], [[17], 1, 4, 1], [[2, 9], 0.75, 99, 3]];
const dropoutRows = (): Row[] => DROPOUTS.map(([shape, rate, seed, step]): Row => ({
  name: `dropout [${shape}] rate ${rate} seed ${seed} step ${step}`, kernel: 'dropout', tensors: [{ shape }, { shape }, { shape }],
  inputs: [0], outputs: [1, 2], arg: { rate, seed }, step,
}));

let runner: StepRunner;
beforeAll(async () => {
  runner = stepRunner(await testDevice());
});

async function check(row: Row, caps: Partial<DeviceCaps>): Promise<void> {
  const rng = new Random(size(row.tensors[0]!.shape) * 13 + row.tensors.length);
  const data = row.tensors.map((t) => fill(t, rng));
  row.prepare?.(data);
  const expected = data.map((d) => d.slice());
  const ref = (ids: readonly number[]): RefTensor[] => ids.map((i) => ({ data: expected[i]!, shape: row.tensors[i]!.shape }));
  REFERENCE_KERNELS[row.kernel]!(ref(row.inputs), ref(row.outputs), row.arg, { ...ENV, step: row.step ?? 1 });
  const got = await runner.run(row.kernel, row.tensors.map((t, i) => ({ shape: t.shape, data: data[i] })), row.inputs, row.outputs, row.arg, {
    caps, env: [{ step: row.step ?? 1, lr: 0, lrCorrected: 0 }],
  });
  for (const o of row.outputs) expect(mismatch(got[o]!, expected[o]!, row.rtol ?? 1e-5, row.atol ?? 1e-6), `output ${o}`).toBeUndefined();
  if (row.kernel === 'dropout') {
    // The same decisions, not merely close values.
    const mask = row.outputs[1]!;
    expect(Array.from(got[mask]!), 'mask').toEqual(Array.from(expected[mask]!));
  }
}

describe('WebGPU normalisation kernels match the reference', () => {
  it.each(normRows().flatMap((row) => [true, false].map((software) => [`${row.name} (${software ? 'software' : 'hardware'} sizes)`, row, software] as const)))('%s', async (_name, row, software) => {
    await check(row, { software });
  });
});

describe('WebGPU dropout matches the reference bit for bit', () => {
  it.each(dropoutRows().map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    await check(row, {});
  });

  it('keeps about 1 − rate of the elements', async () => {
    const n = 20000;
    const x = new Float32Array(n).fill(1);
    const got = await runner.run('dropout', [{ shape: [n], data: x }, { shape: [n] }, { shape: [n] }], [0], [1, 2], { rate: 0.3, seed: 5 });
    const kept = got[2]!.filter((m) => m !== 0).length / n;
    expect(kept).toBeGreaterThan(0.68);
    expect(kept).toBeLessThan(0.72);
    expect(new Set(got[2]!)).toEqual(new Set([0, Math.fround(1 / 0.7)]));
  });
});

describe('norm helpers', () => {
  it('thresholds dropout exactly as counterUniform compares', () => {
    expect(dropoutThreshold(0)).toBe(0);
    expect(dropoutThreshold(0.5)).toBe(2 ** 31);
    expect(dropoutThreshold(1)).toBe(2 ** 32);
    // hash/2³² ≥ rate ⇔ hash ≥ ceil(rate·2³²), on either side of the boundary.
    const rate = 0.1;
    const t = dropoutThreshold(rate);
    expect(t / 2 ** 32 >= rate).toBe(true);
    expect((t - 1) / 2 ** 32 >= rate).toBe(false);
  });

  it('groups as the reference numbers them, merging neighbouring axes', () => {
    // [2,3,4,5] over [1,3]: group k = (a0, a2), element m = (a1, a3); x offset = a0·60 + a1·20 + a2·5 + a3.
    const g = groupsOf([2, 3, 4, 5], [1, 3]);
    expect([g.count, g.size]).toEqual([8, 15]);
    expect(g.offset('k', 'm')).toBe('(k % 4u) * 5u + (k / 4u) * 60u + (m % 5u) + (m / 5u) * 20u');
    const c = groupsOf([4, 9, 11, 5], [0, 1, 2]);
    expect([c.count, c.size, c.offset('k', 'm')]).toEqual([5, 396, 'k + m * 5u']);
  });

  it('reduces long or few groups by workgroup, many short ones by thread', () => {
    const caps = { software: true } as DeviceCaps;
    expect(byWorkgroup(5, 396, caps)).toBe(true);
    expect(byWorkgroup(300, 17, caps)).toBe(false);
    expect(byWorkgroup(3000, 200, caps)).toBe(false);
    expect(byWorkgroup(3000, 20000, caps)).toBe(true);
  });
});
