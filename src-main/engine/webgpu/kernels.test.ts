/**
 * Every WebGPU kernel against its reference kernel, one row per case, on
 * seeded random data with odd sizes. Each row runs through the real
 * machinery (memory plan, pipelines, bind groups). Matmul rows run in both
 * variants, register-blocked and workgroup-tiled, whatever the adapter.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../plan/types';
import { Random } from '../random';
import { UNARY_FNS } from '../reference/kernels/activation-math';
import { REFERENCE_KERNELS } from '../reference/kernels';
import type { RefTensor } from '../reference/tensor';
import { mismatch, stepRunner, testDevice, type KernelCase, type HostTensor, type StepRunner } from './test-harness';

interface Tensor extends HostTensor {
  /** How to fill it: normal values, positive ones, class ids below `classes`, 0/1, or probabilities. */
  readonly fill?: 'normal' | 'positive' | 'classes' | 'binary' | 'probs' | 'signs';
  readonly classes?: number;
}

interface Row extends KernelCase<Tensor> {
  readonly rtol?: number;
  readonly atol?: number;
  /** Derive input i from the reference output of another kernel (unary_grad's y = f(x)). */
  readonly prepare?: (data: (Float32Array | Int32Array)[]) => void;
}

const size = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);

function fillData(t: Tensor, rng: Random): Float32Array | Int32Array {
  const n = size(t.shape);
  if (t.dtype === 'i32') return Int32Array.from({ length: n }, () => Math.floor(rng.next() * (t.classes ?? 3)));
  const f = t.fill ?? 'normal';
  return Float32Array.from({ length: n }, () => {
    switch (f) {
      case 'positive': return 0.05 + rng.next() * 3;
      case 'binary': return rng.next() < 0.5 ? 0 : 1;
      case 'signs': return rng.next() < 0.5 ? -1 : 1;
      case 'probs': return 0.02 + rng.next() * 0.96;
      case 'classes': return Math.floor(rng.next() * (t.classes ?? 3));
      default: return rng.normal();
    }
  });
}

// ── matmul ─────────────────────────────────────────────────────────────────
const MATMUL_SIZES: [number, number, number][] = [[1, 1, 1], [7, 13, 5], [33, 65, 17], [4, 8, 12], [128, 784, 128], [128, 128, 10], [64, 36, 100], [3, 4, 9]];
const matmulRows = (): Row[] => MATMUL_SIZES.flatMap(([M, K, N]): Row[] => [
  { name: `matmul ${M}x${K}x${N}`, kernel: 'matmul', tensors: [{ shape: [M, K] }, { shape: [K, N] }, { shape: [M, N] }], inputs: [0, 1], outputs: [2], arg: { transB: false, hasBias: false, activation: null }, atol: 1e-7 * K },
  { name: `matmul ${M}x${K}x${N} + bias, relu`, kernel: 'matmul', tensors: [{ shape: [M, K] }, { shape: [K, N] }, { shape: [N] }, { shape: [M, N] }], inputs: [0, 1, 2], outputs: [3], arg: { transB: false, hasBias: true, activation: 'relu' }, atol: 1e-7 * K },
  { name: `matmul ${M}x${K}x${N} transB + bias, sigmoid`, kernel: 'matmul', tensors: [{ shape: [M, K] }, { shape: [N, K] }, { shape: [N] }, { shape: [M, N] }], inputs: [0, 1, 2], outputs: [3], arg: { transB: true, hasBias: true, activation: 'sigmoid' }, atol: 1e-7 * K },
  { name: `matmul ${M}x${K}x${N} transB`, kernel: 'matmul', tensors: [{ shape: [M, K] }, { shape: [N, K] }, { shape: [M, N] }], inputs: [0, 1], outputs: [2], arg: { transB: true, hasBias: false, activation: null }, atol: 1e-7 * K },
  { name: `matmul_at ${M}x${K}x${N}`, kernel: 'matmul_at', tensors: [{ shape: [M, K] }, { shape: [M, N] }, { shape: [K, N] }], inputs: [0, 1], outputs: [2], arg: {}, atol: 1e-7 * M },
]).concat([
  { name: 'matmul over a sequence, leaky relu', kernel: 'matmul', tensors: [{ shape: [2, 3, 4] }, { shape: [4, 6] }, { shape: [6] }, { shape: [2, 3, 6] }], inputs: [0, 1, 2], outputs: [3], arg: { transB: false, hasBias: true, activation: 'leaky_relu', alpha: 0.2 } },
  { name: 'matmul_at over a sequence', kernel: 'matmul_at', tensors: [{ shape: [2, 3, 4] }, { shape: [2, 3, 6] }, { shape: [4, 6] }], inputs: [0, 1], outputs: [2], arg: {} },
  { name: 'matmul tanh epilogue', kernel: 'matmul', tensors: [{ shape: [9, 5] }, { shape: [5, 11] }, { shape: [11] }, { shape: [9, 11] }], inputs: [0, 1, 2], outputs: [3], arg: { transB: false, hasBias: true, activation: 'tanh' } },
]);

// ── elementwise ────────────────────────────────────────────────────────────
const UNARY_ARGS: Record<string, Record<string, unknown>[]> = {
  scale: [{ factor: 0.37 }], leaky_relu: [{ alpha: 0.2 }], elu: [{ alpha: 1.3 }], gelu: [{ approximate: false }, { approximate: true }],
};
const POSITIVE = new Set(['log', 'sqrt']);
const unaryRows = (): Row[] => Object.keys(UNARY_FNS).flatMap((fn) => (UNARY_ARGS[fn] ?? [{}]).flatMap((extra): Row[] => {
  const fill = POSITIVE.has(fn) ? 'positive' : 'normal';
  const label = `${fn}${Object.keys(extra).length ? ` ${JSON.stringify(extra)}` : ''}`;
  return [
    { name: `unary ${label}`, kernel: 'unary', tensors: [{ shape: [3, 37], fill }, { shape: [3, 37] }], inputs: [0], outputs: [1], arg: { fn, ...extra } },
    {
      name: `unary_grad ${label}`, kernel: 'unary_grad', tensors: [{ shape: [3, 37] }, { shape: [3, 37], fill }, { shape: [3, 37] }, { shape: [3, 37] }], inputs: [0, 1, 2], outputs: [3], arg: { fn, ...extra },
      prepare: (d) => d[2]!.set(d[1]!.map((x) => Math.fround(UNARY_FNS[fn]!.f(x, { fn, ...extra })))),
    },
  ];
}));

const BROADCASTS: [number[], number[], number[]][] = [[[4, 5], [4, 5], [4, 5]], [[3, 8], [8], [3, 8]], [[2, 4], [1], [2, 4]], [[4, 5], [5], [4, 5]], [[4, 1], [1, 5], [4, 5]], [[2, 3, 4], [3, 1], [2, 3, 4]], [[1], [3, 7], [3, 7]], [[2, 1, 4], [2, 3, 1], [2, 3, 4]]];
const binaryRows = (): Row[] => ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'ge'].flatMap((fn) => BROADCASTS.map(([a, b, y]): Row => ({
  name: `binary ${fn} [${a}] · [${b}]`, kernel: 'binary', tensors: [{ shape: a }, { shape: b, fill: fn === 'div' ? 'positive' : 'normal' }, { shape: y }], inputs: [0, 1], outputs: [2], arg: { fn },
})));

// ── reductions and softmax ─────────────────────────────────────────────────
const REDUCTIONS: [number[], number[]][] = [[[128, 10], [0]], [[3, 4, 5], [1]], [[3, 4, 5], [0, 2]], [[3, 4, 5], [0, 1, 2]], [[7, 9], [1]], [[2, 1, 6], [1]]];
const reduceRows = (): Row[] => ['sum', 'mean', 'max'].flatMap((fn) => REDUCTIONS.flatMap(([shape, axes]): Row[] => {
  const out = shape.filter((_, i) => !axes.includes(i));
  const outShape = out.length ? out : [1];
  return [
    { name: `reduce ${fn} [${shape}] over [${axes}]`, kernel: 'reduce', tensors: [{ shape }, { shape: outShape }], inputs: [0], outputs: [1], arg: { fn, axes } },
    {
      name: `reduce_grad ${fn} [${shape}] over [${axes}]`, kernel: 'reduce_grad', tensors: [{ shape: outShape }, { shape }, { shape: outShape }, { shape }], inputs: [0, 1, 2], outputs: [3], arg: { fn, axes },
      prepare: (d) => REFERENCE_KERNELS.reduce!([{ data: d[1]!, shape }], [{ data: d[2]!, shape: outShape }], { fn, axes }, { step: 1, learningRate: 0, seed: 0 }),
    },
  ];
}));
const softmaxRows = (): Row[] => [false, true].flatMap((log) => [[5, 7], [2, 3, 10], [4, 1]].flatMap((shape): Row[] => [
  { name: `softmax log=${log} [${shape}]`, kernel: 'softmax', tensors: [{ shape }, { shape }], inputs: [0], outputs: [1], arg: { log } },
  {
    name: `softmax_grad log=${log} [${shape}]`, kernel: 'softmax_grad', tensors: [{ shape }, { shape }, { shape }], inputs: [0, 1], outputs: [2], arg: { log },
    prepare: (d) => REFERENCE_KERNELS.softmax!([{ data: Float32Array.from(d[1]!), shape }], [{ data: d[1]!, shape }], { log }, { step: 1, learningRate: 0, seed: 0 }),
  },
]));

// ── training ───────────────────────────────────────────────────────────────
const ELEMENT_LOSSES: [string, boolean, Tensor['fill'], Tensor['fill']][] = [
  ['mean_squared_error', false, 'normal', 'normal'], ['mean_absolute_error', false, 'normal', 'normal'], ['huber', false, 'normal', 'normal'],
  ['log_cosh', false, 'normal', 'normal'], ['hinge', false, 'normal', 'binary'], ['hinge', false, 'normal', 'signs'],
  ['binary_crossentropy', true, 'normal', 'binary'], ['binary_crossentropy', false, 'probs', 'binary'], ['binary_crossentropy', false, 'probs', 'probs'],
];
const lossRows = (): Row[] => [
  ...ELEMENT_LOSSES.flatMap(([fn, fromLogits, p, t]) => [[6, 4], [3, 2, 5]].map((shape): Row => ({
    name: `loss ${fn} logits=${fromLogits} targets=${t} [${shape}]`, kernel: 'loss', tensors: [{ shape, fill: p }, { shape, fill: t }, { shape: [shape[0]!] }, { shape }], inputs: [0, 1], outputs: [2, 3], arg: { fn, fromLogits, sparse: false },
  }))),
  ...[true, false].flatMap((fromLogits) => [[6, 4], [3, 2, 5]].flatMap((shape): Row[] => [
    { name: `loss CE logits=${fromLogits} [${shape}]`, kernel: 'loss', tensors: [{ shape, fill: fromLogits ? 'normal' : 'probs' }, { shape, fill: 'probs' }, { shape: [shape[0]!] }, { shape }], inputs: [0, 1], outputs: [2, 3], arg: { fn: 'categorical_crossentropy', fromLogits, sparse: false } },
    { name: `loss sparse CE logits=${fromLogits} [${shape}]`, kernel: 'loss', tensors: [{ shape, fill: fromLogits ? 'normal' : 'probs' }, { shape: shape.slice(0, -1), dtype: 'i32', classes: shape.at(-1)! }, { shape: [shape[0]!] }, { shape }], inputs: [0, 1], outputs: [2, 3], arg: { fn: 'sparse_categorical_crossentropy', fromLogits, sparse: true } },
  ])),
  { name: 'loss KL divergence', kernel: 'loss', tensors: [{ shape: [5, 3], fill: 'probs' }, { shape: [5, 3], fill: 'probs' }, { shape: [5] }, { shape: [5, 3] }], inputs: [0, 1], outputs: [2, 3], arg: { fn: 'kl_divergence', fromLogits: false, sparse: false } },
];

const metricsRows = (): Row[] => [
  { name: 'metrics sparse', kernel: 'metrics', tensors: [{ shape: [130], fill: 'positive' }, { shape: [130, 10] }, { shape: [130], dtype: 'i32', classes: 10 }, { shape: [5], fill: 'positive' }], inputs: [0, 1, 2], outputs: [3], arg: { task: 'sparse' } },
  { name: 'metrics sparse over a sequence', kernel: 'metrics', tensors: [{ shape: [6], fill: 'positive' }, { shape: [6, 3, 4] }, { shape: [6, 3], dtype: 'i32', classes: 4 }, { shape: [5] }], inputs: [0, 1, 2], outputs: [3], arg: { task: 'sparse' } },
  { name: 'metrics one-hot', kernel: 'metrics', tensors: [{ shape: [70], fill: 'positive' }, { shape: [70, 4] }, { shape: [70, 4], fill: 'probs' }, { shape: [5] }], inputs: [0, 1, 2], outputs: [3], arg: { task: 'onehot' } },
  { name: 'metrics binary, logits', kernel: 'metrics', tensors: [{ shape: [33], fill: 'positive' }, { shape: [33, 2] }, { shape: [33, 2], fill: 'binary' }, { shape: [5] }], inputs: [0, 1, 2], outputs: [3], arg: { task: 'binary', fromLogits: true } },
  { name: 'metrics binary, probabilities', kernel: 'metrics', tensors: [{ shape: [33], fill: 'positive' }, { shape: [33, 1], fill: 'probs' }, { shape: [33, 1], fill: 'binary' }, { shape: [5] }], inputs: [0, 1, 2], outputs: [3], arg: { task: 'binary', fromLogits: false } },
  { name: 'metrics regression', kernel: 'metrics', tensors: [{ shape: [20], fill: 'positive' }, { shape: [20, 3] }, { shape: [20, 3] }, { shape: [5], fill: 'positive' }], inputs: [0, 1, 2], outputs: [3], arg: { task: 'regression' } },
];

const copyRows = (): Row[] => [
  { name: 'copy f32', kernel: 'copy', tensors: [{ shape: [3, 11] }, { shape: [3, 11] }], inputs: [0], outputs: [1], arg: {} },
  { name: 'copy i32', kernel: 'copy', tensors: [{ shape: [17], dtype: 'i32', classes: 1000 }, { shape: [17], dtype: 'i32' }], inputs: [0], outputs: [1], arg: {} },
];

const ROWS: Row[] = [...matmulRows(), ...unaryRows(), ...binaryRows(), ...reduceRows(), ...softmaxRows(), ...lossRows(), ...metricsRows(), ...copyRows()];

// ── optimizer: several steps over odd-sized weights, so packing padding is exercised ──
const OPTIMIZERS: Record<string, unknown>[] = [
  { type: 'sgd', learningRate: 0.1 },
  { type: 'sgd', learningRate: 0.1, momentum: 0.9 },
  { type: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 },
  { type: 'sgd', learningRate: 0.05, l1: 0.01, l2: 0.02 },
  { type: 'adagrad', learningRate: 0.1 },
  { type: 'rmsprop', learningRate: 0.01, rho: 0.8 },
  { type: 'adam', learningRate: 0.01 },
  { type: 'adam', learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, l2: 0.01 },
  { type: 'adamw', learningRate: 0.01, weightDecay: 0.01 },
];
const WEIGHTS = [[7, 13], [5], [1], [3, 4]];

let runner: StepRunner;
beforeAll(async () => {
  runner = stepRunner(await testDevice());
});

describe('WebGPU kernels match the reference', () => {
  const variants = (row: Row) => (row.kernel === 'matmul' || row.kernel === 'matmul_at' ? [true, false] : [undefined]);
  it.each(ROWS.flatMap((row) => variants(row).map((software) => [`${row.name}${software === undefined ? '' : software ? ' (register)' : ' (tiled)'}`, row, software] as const)))('%s', async (_name, row, software) => {
    const rng = new Random(size(row.tensors[0]!.shape) * 31 + row.tensors.length);
    const data = row.tensors.map((t) => fillData(t, rng));
    row.prepare?.(data);
    const expected = data.map((d) => d.slice());
    const ref = (ids: readonly number[]): RefTensor[] => ids.map((i) => ({ data: expected[i]!, shape: row.tensors[i]!.shape }));
    REFERENCE_KERNELS[row.kernel]!(ref(row.inputs), ref(row.outputs), row.arg, { step: 1, learningRate: 0, seed: 0 });
    const got = await runner.run(row.kernel, row.tensors.map((t, i) => ({ ...t, data: row.outputs.includes(i) && row.kernel !== 'metrics' ? undefined : data[i] })), row.inputs, row.outputs, row.arg, software === undefined ? {} : { caps: { software } });
    for (const o of row.outputs) expect(mismatch(got[o]!, expected[o]!, row.rtol ?? 1e-5, row.atol ?? 1e-6), `output ${o}`).toBeUndefined();
  });

  it.each(OPTIMIZERS.map((o) => [JSON.stringify(o), o] as const))('optimizer %s, 3 steps', async (_name, arg) => {
    const rng = new Random(5);
    const count = WEIGHTS.length;
    const slots = arg['type'] === 'adam' || arg['type'] === 'adamw' ? 2 : arg['type'] === 'sgd' ? (arg['momentum'] ? 1 : 0) : 1;
    const start = arg['type'] === 'adagrad' ? 0.1 : 0;
    const tensors: HostTensor[] = [
      ...WEIGHTS.map((shape, i): HostTensor => ({ shape, role: 'param', name: `w${i}`, data: fillData({ shape }, rng) })),
      ...WEIGHTS.map((shape, i): HostTensor => ({ shape, role: 'grad', name: `w${i}:grad`, data: fillData({ shape }, rng) })),
      ...Array.from({ length: slots }, (_, s) => WEIGHTS.map((shape, i): HostTensor => ({ shape, role: 'state', name: `w${i}:opt${s}`, data: new Float32Array(size(shape)).fill(start) }))).flat(),
    ];
    const ids = tensors.map((_, i) => i);
    const inputs = ids.slice(0, 2 * count);
    const outputs = ids.slice(2 * count);
    const full = { ...arg, count, slots };
    const training: Plan['training'] = { targets: [], loss: 0, metrics: 0, params: WEIGHTS.map((_, i) => ({ param: i, grad: count + i })) };
    const expected = tensors.map((t) => t.data!.slice());
    const lr = arg['learningRate'] as number;
    const env = [1, 2, 3].map((t) => {
      const b1 = (arg['beta1'] as number | undefined) ?? 0.9;
      const b2 = (arg['beta2'] as number | undefined) ?? 0.999;
      return { step: t, lr, lrCorrected: (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t) };
    });
    for (const e of env) {
      const ref = (list: number[]): RefTensor[] => list.map((i) => ({ data: expected[i]!, shape: tensors[i]!.shape }));
      REFERENCE_KERNELS.optimizer!(ref(inputs), ref(outputs), full, { step: e.step, learningRate: lr, seed: 0 });
    }
    const got = await runner.run('optimizer', tensors, inputs, outputs, full, { env, training });
    for (const i of [...ids.slice(0, count), ...outputs]) expect(mismatch(got[i]!, expected[i]!, 1e-5, 1e-6), tensors[i]!.name).toBeUndefined();
  });
});
