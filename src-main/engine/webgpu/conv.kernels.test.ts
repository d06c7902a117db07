/**
 * The WebGPU conv/pool family against its reference kernels, one row per
 * case, on seeded random data with odd sizes: 1-D, 2-D and 3-D, strides,
 * dilations, groups and depthwise, 'same' padding, transposed convolutions
 * (conv_grad_input as a forward, with cells no tap reaches), average pooling
 * that excludes padding and max pooling with ties. Each row runs through the
 * real machinery (memory plan, pipelines, bind groups). Outputs start out
 * holding garbage, so a kernel that skips a cell fails. Conv rows run in both
 * variants, llvmpipe's (software) and other adapters', whatever the adapter.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { kerasPads } from '../plan/rules/conv';
import { Random } from '../random';
import { REFERENCE_KERNELS } from '../reference/kernels';
import type { RefTensor } from '../reference/tensor';
import { mismatch, stepRunner, testDevice, type KernelCase, type HostTensor, type StepRunner } from './test-harness';

interface Tensor extends HostTensor {
  /** normal values, or small integers so that max pooling meets ties. */
  readonly fill?: 'normal' | 'ties';
}

interface Row extends KernelCase<Tensor> {
  readonly atol?: number;
  /** Derive inputs from others (pool_grad's y = pool(x)). */
  readonly prepare?: (data: Float32Array[]) => void;
  /** Run in both conv variants. */
  readonly variants?: boolean;
}

const size = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);
const ENV = { step: 1, learningRate: 0, seed: 0 };
const GARBAGE = 12345;

function fillData(t: Tensor, rng: Random): Float32Array {
  return Float32Array.from({ length: size(t.shape) }, () => (t.fill === 'ties' ? Math.floor(rng.next() * 3) : rng.normal()));
}

// ── convolutions ───────────────────────────────────────────────────────────
interface ConvCase {
  readonly name: string;
  /** x's shape, batch first, channels last. */
  readonly x: readonly number[];
  readonly window: readonly number[];
  readonly filters: number;
  readonly strides?: readonly number[];
  readonly dilations?: readonly number[];
  readonly padding?: 'same' | 'valid';
  readonly groups?: number;
  readonly activation?: string;
}

const CONVS: ConvCase[] = [
  { name: 'LeNet conv1-like 5x5 valid', x: [2, 12, 11, 1], window: [5, 5], filters: 6, activation: 'tanh' },
  { name: 'LeNet conv2-like 5x5 valid', x: [2, 9, 10, 6], window: [5, 5], filters: 16, activation: 'tanh' },
  { name: '3x3 stride 2 same', x: [2, 9, 8, 3], window: [3, 3], filters: 5, strides: [2, 2], padding: 'same', activation: 'relu' },
  { name: '4x4 stride 2 same (odd padding)', x: [2, 10, 9, 2], window: [4, 4], filters: 3, strides: [2, 2], padding: 'same' },
  { name: '3x3 dilation 2 same', x: [1, 11, 9, 4], window: [3, 3], filters: 7, dilations: [2, 2], padding: 'same' },
  { name: '3x2 strides 2,1 dilations 1,2 valid', x: [2, 9, 10, 3], window: [3, 2], filters: 4, strides: [2, 1], dilations: [1, 2] },
  { name: '2 groups', x: [2, 7, 6, 6], window: [3, 2], filters: 4, strides: [2, 1], groups: 2 },
  { name: '3 groups same', x: [1, 6, 7, 9], window: [3, 3], filters: 6, padding: 'same', groups: 3, activation: 'sigmoid' },
  { name: 'depthwise 3x3 same, multiplier 2', x: [2, 8, 7, 5], window: [3, 3], filters: 10, padding: 'same', groups: 5 },
  { name: 'depthwise 3x3 stride 2 same', x: [2, 9, 9, 4], window: [3, 3], filters: 4, strides: [2, 2], padding: 'same', groups: 4 },
  { name: '37 filters from 24 channels (channel tails)', x: [1, 6, 5, 24], window: [3, 3], filters: 37, padding: 'same' },
  { name: '1-D window 3 same, 20 filters', x: [3, 17, 4], window: [3], filters: 20, padding: 'same', activation: 'relu' },
  { name: '1-D window 2 stride 3 (gaps)', x: [2, 13, 3], window: [2], filters: 4, strides: [3] },
  { name: '1-D window 5 stride 2 dilation 3 same', x: [2, 23, 2], window: [5], filters: 3, strides: [2], dilations: [3], padding: 'same' },
  { name: '1-D long rows (column tails)', x: [2, 45, 3], window: [3], filters: 4 },
  { name: '3-D 2x3x2 strides 1,2,1 same', x: [1, 4, 5, 6, 2], window: [2, 3, 2], filters: 3, strides: [1, 2, 1], padding: 'same' },
  { name: 'window larger than a valid row', x: [1, 3, 30, 2], window: [3, 7], filters: 5, strides: [1, 3] },
  // Larger launches, so that llvmpipe's blocks span several rows (and leave row and column tails).
  { name: 'batch 16, rows blocked, 3x3 stride 2 same', x: [16, 17, 15, 3], window: [3, 3], filters: 8, strides: [2, 2], padding: 'same', activation: 'relu' },
  { name: 'batch 6, rows blocked, 3x3 dilation 2 same, 2 groups', x: [6, 13, 12, 4], window: [3, 3], filters: 6, dilations: [2, 2], padding: 'same', groups: 2 },
];

/** The three kernels of one conv geometry, each against its reference. */
function convRows(c: ConvCase): Row[] {
  const rank = c.window.length;
  const strides = c.strides ?? c.window.map(() => 1);
  const dilations = c.dilations ?? c.window.map(() => 1);
  const groups = c.groups ?? 1;
  const inSize = c.x.slice(1, -1);
  const outSize = inSize.map((n, a) => (c.padding === 'same' ? Math.ceil(n / strides[a]!) : Math.floor((n - (c.window[a]! - 1) * dilations[a]! - 1) / strides[a]!) + 1));
  const pads = kerasPads(c.padding ?? 'valid', inSize, outSize, c.window, strides, dilations);
  const cin = c.x.at(-1)!;
  const x = c.x;
  const y = [x[0]!, ...outSize, c.filters];
  const w = [...c.window, cin / groups, c.filters];
  const arg = { strides, pads, dilations, groups };
  const terms = size(c.window) * (cin / groups);
  if (rank !== c.x.length - 2) throw new Error(`${c.name}: rank mismatch`);
  return [
    { name: `conv ${c.name}`, kernel: 'conv', tensors: [{ shape: x }, { shape: w }, { shape: y }], inputs: [0, 1], outputs: [2], arg: { ...arg, hasBias: false, activation: null, alpha: null }, atol: 1e-6 * terms, variants: true },
    ...(c.activation ? [{ name: `conv ${c.name} + bias, ${c.activation}`, kernel: 'conv' as const, tensors: [{ shape: x }, { shape: w }, { shape: [c.filters] }, { shape: y }], inputs: [0, 1, 2], outputs: [3], arg: { ...arg, hasBias: true, activation: c.activation, alpha: null }, atol: 1e-6 * terms, variants: true }] : []),
    { name: `conv_grad_input ${c.name}`, kernel: 'conv_grad_input', tensors: [{ shape: y }, { shape: w }, { shape: x }], inputs: [0, 1], outputs: [2], arg, atol: 1e-6 * size(c.window) * (c.filters / groups), variants: true },
    { name: `conv_grad_weight ${c.name}`, kernel: 'conv_grad_weight', tensors: [{ shape: x }, { shape: y }, { shape: w }], inputs: [0, 1], outputs: [2], arg, atol: 1e-6 * size(y.slice(0, -1)), variants: true },
  ];
}

/**
 * conv_grad_input as the forward of Conv2DTranspose / Conv1DTranspose, with
 * the arg rules/conv.ts derives: x plays dy, the Keras kernel (k…, filters,
 * in) is used unchanged, the output may be cropped ('same') or padded
 * (output_padding) and windows shorter than the stride leave cells no tap reaches.
 */
interface TransposeCase {
  readonly name: string;
  readonly x: readonly number[];
  readonly window: readonly number[];
  readonly filters: number;
  readonly strides: readonly number[];
  readonly padding: 'same' | 'valid';
  readonly outputPadding?: readonly number[];
}

const TRANSPOSES: TransposeCase[] = [
  { name: '3x3 stride 2 same', x: [2, 5, 4, 3], window: [3, 3], filters: 4, strides: [2, 2], padding: 'same' },
  { name: '3x3 stride 2 valid', x: [2, 5, 4, 3], window: [3, 3], filters: 4, strides: [2, 2], padding: 'valid' },
  { name: '2x2 stride 3 valid, output padding 1 (unreached cells)', x: [1, 4, 3, 2], window: [2, 2], filters: 3, strides: [3, 3], padding: 'valid', outputPadding: [1, 1] },
  { name: '4x4 stride 2 same', x: [1, 4, 5, 6], window: [4, 4], filters: 20, strides: [2, 2], padding: 'same' },
  { name: '1-D window 5 stride 2 same', x: [3, 7, 3], window: [5], filters: 2, strides: [2], padding: 'same' },
  { name: 'batch 8, rows blocked, 3x3 stride 2 same', x: [8, 9, 7, 4], window: [3, 3], filters: 5, strides: [2, 2], padding: 'same' },
];

function transposeRows(c: TransposeCase): Row[] {
  const inSize = c.x.slice(1, -1);
  const outSize = inSize.map((n, a) => {
    const s = c.strides[a]!;
    const k = c.window[a]!;
    return (c.padding === 'same' ? n * s : (n - 1) * s + k) + (c.outputPadding?.[a] ?? 0);
  });
  const pads = outSize.map((out, a): [number, number] => {
    const total = c.padding === 'same' ? Math.max((inSize[a]! - 1) * c.strides[a]! + c.window[a]! - out, 0) : 0;
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  });
  const y = [c.x[0]!, ...outSize, c.filters];
  const w = [...c.window, c.filters, c.x.at(-1)!];
  const arg = { strides: c.strides, pads, dilations: c.window.map(() => 1), groups: 1 };
  return [{ name: `conv_grad_input as conv_transpose ${c.name}`, kernel: 'conv_grad_input', tensors: [{ shape: c.x }, { shape: w }, { shape: y }], inputs: [0, 1], outputs: [2], arg, atol: 1e-5 * size(c.window), variants: true }];
}

// ── pooling ────────────────────────────────────────────────────────────────
interface PoolCase {
  readonly name: string;
  readonly fn: 'max' | 'avg';
  readonly x: readonly number[];
  readonly window: readonly number[];
  readonly strides: readonly number[];
  readonly padding: 'same' | 'valid';
  readonly fill?: Tensor['fill'];
}

const POOLS: PoolCase[] = [
  { name: 'LeNet-like 2x2 stride 2', fn: 'avg', x: [3, 12, 12, 6], window: [2, 2], strides: [2, 2], padding: 'valid' },
  { name: '2x2 stride 2, odd sizes', fn: 'max', x: [2, 9, 8, 3], window: [2, 2], strides: [2, 2], padding: 'valid' },
  { name: '3x3 stride 1 same (padding excluded)', fn: 'avg', x: [2, 7, 6, 3], window: [3, 3], strides: [1, 1], padding: 'same' },
  { name: '3x3 stride 1 same', fn: 'max', x: [2, 7, 6, 3], window: [3, 3], strides: [1, 1], padding: 'same' },
  { name: '3x3 stride 2 same', fn: 'max', x: [2, 9, 10, 4], window: [3, 3], strides: [2, 2], padding: 'same' },
  { name: '3x2 stride 2,1 same', fn: 'avg', x: [2, 8, 5, 2], window: [3, 2], strides: [2, 1], padding: 'same' },
  { name: 'ties, 3x3 stride 1 same (overlapping windows)', fn: 'max', x: [2, 7, 8, 3], window: [3, 3], strides: [1, 1], padding: 'same', fill: 'ties' },
  { name: 'ties, 2x2 stride 2', fn: 'max', x: [2, 6, 7, 2], window: [2, 2], strides: [2, 2], padding: 'valid', fill: 'ties' },
  { name: 'ties, 1-D window 4 stride 3 same', fn: 'max', x: [2, 17, 3], window: [4], strides: [3], padding: 'same', fill: 'ties' },
  { name: '1-D window 3 stride 2 same', fn: 'max', x: [3, 11, 5], window: [3], strides: [2], padding: 'same' },
  { name: '1-D window 2 stride 1', fn: 'avg', x: [3, 11, 5], window: [2], strides: [1], padding: 'valid' },
  { name: 'window wider than the stride, same', fn: 'avg', x: [2, 10, 3], window: [5], strides: [2], padding: 'same' },
  { name: 'stride wider than the window (gaps)', fn: 'max', x: [2, 11, 3], window: [2], strides: [3], padding: 'valid' },
  { name: '2x2 strides 3,2 same (gaps)', fn: 'avg', x: [2, 10, 7, 2], window: [2, 2], strides: [3, 2], padding: 'same' },
  { name: '3-D 2x2x2 stride 2', fn: 'max', x: [1, 4, 5, 4, 2], window: [2, 2, 2], strides: [2, 2, 2], padding: 'valid' },
  { name: '3-D 3x2x3 stride 1,2,2 same', fn: 'avg', x: [1, 4, 5, 5, 2], window: [3, 2, 3], strides: [1, 2, 2], padding: 'same' },
];

function poolRows(c: PoolCase): Row[] {
  const inSize = c.x.slice(1, -1);
  const outSize = inSize.map((n, a) => (c.padding === 'same' ? Math.ceil(n / c.strides[a]!) : Math.floor((n - c.window[a]!) / c.strides[a]!) + 1));
  const pads = kerasPads(c.padding, inSize, outSize, c.window, c.strides, c.window.map(() => 1));
  const y = [c.x[0]!, ...outSize, c.x.at(-1)!];
  const arg = { fn: c.fn, window: c.window, strides: c.strides, pads };
  return [
    { name: `pool ${c.fn} ${c.name}`, kernel: 'pool', tensors: [{ shape: c.x, fill: c.fill }, { shape: y }], inputs: [0], outputs: [1], arg },
    {
      name: `pool_grad ${c.fn} ${c.name}`, kernel: 'pool_grad', tensors: [{ shape: y }, { shape: c.x, fill: c.fill }, { shape: y }, { shape: c.x }], inputs: [0, 1, 2], outputs: [3], arg,
      prepare: (d) => REFERENCE_KERNELS.pool!([{ data: d[1]!, shape: c.x }], [{ data: d[2]!, shape: y }], arg, ENV),
    },
  ];
}

// ── padding and resampling ─────────────────────────────────────────────────
const PADS: [number[], [number, number][]][] = [
  [[2, 5, 4, 3], [[0, 0], [1, 2], [2, 0], [0, 1]]],
  [[2, 5, 3], [[1, 1], [0, 0], [3, 1]]],
  [[1, 3, 2, 4, 2], [[0, 0], [1, 1], [0, 2], [2, 2], [0, 0]]],
];
const padRows = (): Row[] => PADS.flatMap(([shape, pads]): Row[] => {
  const big = shape.map((d, a) => d + pads[a]![0] + pads[a]![1]);
  return [
    { name: `pad [${shape}] by ${JSON.stringify(pads)}`, kernel: 'pad', tensors: [{ shape }, { shape: big }], inputs: [0], outputs: [1], arg: { pads } },
    { name: `crop [${big}] by ${JSON.stringify(pads)}`, kernel: 'crop', tensors: [{ shape: big }, { shape }], inputs: [0], outputs: [1], arg: { pads } },
  ];
});

const UPSAMPLES: [number[], number[]][] = [[[2, 3, 4, 5], [2, 3]], [[3, 5, 2], [4]], [[1, 2, 3, 2, 2], [2, 1, 3]], [[2, 4, 4, 6], [2, 2]]];
const upsampleRows = (): Row[] => UPSAMPLES.flatMap(([shape, factors]): Row[] => {
  const big = shape.map((d, a) => (a === 0 || a === shape.length - 1 ? d : d * factors[a - 1]!));
  return [
    { name: `upsample [${shape}] by [${factors}]`, kernel: 'upsample', tensors: [{ shape }, { shape: big }], inputs: [0], outputs: [1], arg: { factors } },
    { name: `upsample_grad [${big}] by [${factors}]`, kernel: 'upsample_grad', tensors: [{ shape: big }, { shape }], inputs: [0], outputs: [1], arg: { factors } },
  ];
});

const ROWS: Row[] = [...CONVS.flatMap(convRows), ...TRANSPOSES.flatMap(transposeRows), ...POOLS.flatMap(poolRows), ...padRows(), ...upsampleRows()];

let runner: StepRunner;
beforeAll(async () => {
  runner = stepRunner(await testDevice());
});

describe('WebGPU conv and pool kernels match the reference', () => {
  const cases = ROWS.flatMap((row) => (row.variants ? [true, false] : [undefined]).map((software) => [`${row.name}${software === undefined ? '' : software ? ' (software)' : ' (other adapters)'}`, row, software] as const));
  it.each(cases)('%s', async (_name, row, software) => {
    const rng = new Random(size(row.tensors[0]!.shape) * 31 + row.tensors.length);
    const data = row.tensors.map((t) => fillData(t, rng));
    row.prepare?.(data);
    for (const o of row.outputs) data[o]!.fill(GARBAGE);
    const expected = data.map((d) => d.slice());
    const ref = (ids: readonly number[]): RefTensor[] => ids.map((i) => ({ data: expected[i]!, shape: row.tensors[i]!.shape }));
    REFERENCE_KERNELS[row.kernel]!(ref(row.inputs), ref(row.outputs), row.arg, ENV);
    const got = await runner.run(row.kernel, row.tensors.map((t, i) => ({ ...t, data: data[i] })), row.inputs, row.outputs, row.arg, software === undefined ? {} : { caps: { software } });
    for (const o of row.outputs) expect(mismatch(got[o]!, expected[o]!, 1e-5, row.atol ?? 1e-6), `output ${o}`).toBeUndefined();
  });

  it('rejects a kernel whose shape does not match the channels', async () => {
    const arg = { strides: [1], pads: [[0, 0]], dilations: [1], groups: 1, hasBias: false, activation: null, alpha: null };
    await expect(runner.run('conv', [{ shape: [1, 5, 3] }, { shape: [2, 4, 2] }, { shape: [1, 4, 2] }], [0, 1], [2], arg)).rejects.toThrow(/kernel has shape/);
  });
});
