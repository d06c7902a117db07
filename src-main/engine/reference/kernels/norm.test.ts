/**
 * The reference normalisation, dropout, embedding and layout kernels, run
 * directly (no plan). Normalisation and embedding are checked against real
 * PyTorch (float64) on the same inputs, forward and backward; dropout by the
 * statistics of its mask; the layout kernels by small cases worked by hand.
 *
 * PyTorch's conventions differ from Keras's in two places the batch-norm
 * case must bridge: its momentum is 1 − Keras's, and its running_var moves
 * towards the unbiased batch variance where Keras 3 uses the biased one.
 */
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { PYTHON } from '../../../../tests/torch/reference';
import type { Kernel } from '../../plan/kernels';
import { Random } from '../../random';
import { size, type KernelArg, type RefTensor, type StepEnv } from '../tensor';
import { REFERENCE_KERNELS } from '.';

const ENV: StepEnv = { step: 1, learningRate: 0, seed: 0 };

const tensor = (shape: number[], values?: ArrayLike<number>, dtype: 'f32' | 'i32' = 'f32'): RefTensor => {
  const data = dtype === 'i32' ? new Int32Array(size(shape)) : new Float32Array(size(shape));
  if (values) data.set(values);
  return { data, shape };
};

/** Runs one kernel; `outs` are fresh output shapes or tensors to write (for in-place state). */
function launch(kernel: Kernel, ins: RefTensor[], outs: (number[] | RefTensor)[], arg: KernelArg = {}, env = ENV): RefTensor[] {
  const outputs = outs.map((o) => (Array.isArray(o) ? tensor(o) : o));
  REFERENCE_KERNELS[kernel]!(ins, outputs, arg, env);
  return outputs;
}

const rng = new Random(5);
const randn = (n: number, scale = 1, shift = 0) => Float32Array.from({ length: n }, () => shift + scale * rng.normal());

function expectClose(actual: ArrayLike<number>, expected: readonly number[], what: string, tol = 2e-5): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    if (Math.abs(actual[i]! - e) > tol * (1 + Math.abs(e))) throw new Error(`${what}[${i}]: got ${actual[i]}, PyTorch says ${e}`);
  }
}

// ── The PyTorch side: one subprocess for every case ─────────────────────────

const TORCH = String.raw`
import json, sys, torch
import torch.nn.functional as F
torch.set_default_dtype(torch.float64)
T = lambda v: torch.tensor(v, dtype=torch.float64)
flat = lambda t: t.detach().reshape(-1).tolist()
out = {}
for c in json.load(sys.stdin):
    if c['kind'] == 'bn':
        x = T(c['x']).reshape(c['shape']).requires_grad_()
        g, b = T(c['gamma']).requires_grad_(), T(c['beta']).requires_grad_()
        rm, rv = T(c['movingMean']), T(c['movingVar'])
        xc = x.movedim(c['axis'], 1)  # PyTorch's channel axis is 1
        y = F.batch_norm(xc, rm, rv, g, b, training=c['training'], momentum=1 - c['momentum'], eps=c['epsilon']).movedim(1, c['axis'])
        y.backward(T(c['dy']).reshape(c['shape']))
        per_channel = xc.detach().transpose(0, 1).reshape(xc.shape[1], -1)
        r = dict(y=flat(y), runningMean=flat(rm), runningVar=flat(rv), biasedVar=flat(per_channel.var(dim=1, unbiased=False)), count=per_channel.shape[1])
        if c['training']:
            r.update(dx=flat(x.grad), dgamma=flat(g.grad), dbeta=flat(b.grad))
    elif c['kind'] == 'ln':
        x = T(c['x']).reshape(c['shape']).requires_grad_()
        axes = c['axes']
        rest = [a for a in range(x.dim()) if a not in axes]
        perm = rest + axes  # F.layer_norm normalises the trailing axes
        inverse = [perm.index(a) for a in range(x.dim())]
        nshape = [x.shape[a] for a in axes]
        g, b = T(c['gamma']).reshape(nshape).requires_grad_(), T(c['beta']).reshape(nshape).requires_grad_()
        y = F.layer_norm(x.permute(perm), nshape, g, b, c['epsilon']).permute(inverse)
        y.backward(T(c['dy']).reshape(c['shape']))
        r = dict(y=flat(y), dx=flat(x.grad), dgamma=flat(g.grad), dbeta=flat(b.grad))
    elif c['kind'] == 'embedding':
        table = T(c['table']).reshape(c['tableShape']).requires_grad_()
        ids = torch.tensor(c['ids'], dtype=torch.long).reshape(c['idsShape'])
        y = F.embedding(ids, table)
        y.backward(T(c['dy']).reshape(y.shape))
        r = dict(y=flat(y), dtable=flat(table.grad))
    out[c['id']] = r
print(json.dumps(out))
`;

interface BnCase { id: string; shape: number[]; axis: number; training: boolean; momentum: number; epsilon: number }
interface LnCase { id: string; shape: number[]; axes: number[]; epsilon: number }

const BN_CASES: BnCase[] = [
  { id: 'bn dense features, training', shape: [6, 3], axis: 1, training: true, momentum: 0.9, epsilon: 1e-3 },
  { id: 'bn conv-shaped, channels last, training', shape: [2, 3, 3, 4], axis: 3, training: true, momentum: 0.99, epsilon: 1e-3 },
  { id: 'bn channels on a middle axis, training', shape: [4, 3, 5], axis: 1, training: true, momentum: 0.8, epsilon: 1e-5 },
  { id: 'bn dense features, inference', shape: [5, 3], axis: 1, training: false, momentum: 0.99, epsilon: 1e-3 },
  { id: 'bn conv-shaped, inference', shape: [2, 2, 3, 4], axis: 3, training: false, momentum: 0.99, epsilon: 1e-3 },
];

const LN_CASES: LnCase[] = [
  { id: 'ln features', shape: [3, 5], axes: [1], epsilon: 1e-3 },
  { id: 'ln each timestep', shape: [2, 3, 4], axes: [2], epsilon: 1e-3 },
  { id: 'ln whole sample', shape: [2, 3, 4], axes: [1, 2], epsilon: 1e-5 },
  { id: 'ln axes apart', shape: [2, 3, 2, 4], axes: [1, 3], epsilon: 1e-3 },
];

/** Inputs are made here, as float32, so both sides see exactly the same numbers. */
const bnData = new Map(BN_CASES.map((c) => {
  const C = c.shape[c.axis]!;
  return [c.id, { x: randn(size(c.shape), 2, 0.5), gamma: randn(C, 0.5, 1), beta: randn(C, 0.5), movingMean: randn(C, 0.3), movingVar: Float32Array.from(randn(C, 0.3, 1), Math.abs), dy: randn(size(c.shape)) }];
}));
const lnData = new Map(LN_CASES.map((c) => {
  const P = size(c.axes.map((a) => c.shape[a]!));
  return [c.id, { x: randn(size(c.shape), 3, -1), gamma: randn(P, 0.5, 1), beta: randn(P, 0.5), dy: randn(size(c.shape)) }];
}));
const EMB = { id: 'embedding', tableShape: [5, 3], table: randn(15), idsShape: [2, 4], ids: [0, 4, 2, 2, 1, 4, 4, 0], dy: randn(24) };

/** What the script prints per case; each kind fills its own fields. */
interface TorchOut { y: number[]; dx: number[]; dgamma: number[]; dbeta: number[]; runningMean: number[]; runningVar: number[]; biasedVar: number[]; count: number; dtable: number[] }

let torch: Record<string, TorchOut>;

beforeAll(() => {
  const list = (a: ArrayLike<number>) => Array.from(a);
  const cases = [
    ...BN_CASES.map((c) => ({ kind: 'bn', ...c, ...Object.fromEntries(Object.entries(bnData.get(c.id)!).map(([k, v]) => [k, list(v)])) })),
    ...LN_CASES.map((c) => ({ kind: 'ln', ...c, ...Object.fromEntries(Object.entries(lnData.get(c.id)!).map(([k, v]) => [k, list(v)])) })),
    { kind: 'embedding', ...EMB, table: list(EMB.table), dy: list(EMB.dy) },
  ];
  const run = spawnSync(PYTHON, ['-c', TORCH], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error || run.status !== 0) throw new Error(`Could not run PyTorch with ${PYTHON}: ${run.error?.message ?? run.stderr}`);
  torch = JSON.parse(run.stdout);
}, 60_000);

describe('batch_norm matches PyTorch', () => {
  it.each(BN_CASES.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const d = bnData.get(c.id)!;
    const C = c.shape[c.axis]!;
    const t = torch[c.id]!;
    const movingMean = tensor([C], d.movingMean);
    const movingVar = tensor([C], d.movingVar);
    const ins = [tensor(c.shape, d.x), tensor([C], d.gamma), tensor([C], d.beta), movingMean, movingVar];
    const arg = { axis: c.axis, epsilon: c.epsilon, momentum: c.momentum, training: c.training };
    const outs = c.training ? [c.shape, [C], [C], movingMean, movingVar] : [c.shape];
    const [y, mean, invStd] = launch('batch_norm', ins, outs, arg);
    expectClose(y!.data, t.y, 'y');
    if (!c.training) {
      // Inference reads the moving statistics and leaves them alone.
      expect(Array.from(movingMean.data)).toEqual(Array.from(d.movingMean));
      expect(Array.from(movingVar.data)).toEqual(Array.from(d.movingVar));
      return;
    }
    // Keras: moving = moving·momentum + batch·(1 − momentum), biased batch variance.
    expectClose(movingMean.data, t.runningMean, 'moving mean');
    const expectedVar = Array.from(d.movingVar, (v, i) => v * c.momentum + t.biasedVar[i]! * (1 - c.momentum));
    expectClose(movingVar.data, expectedVar, 'moving variance');
    // PyTorch moves towards the unbiased variance, biased·n/(n − 1): the same once corrected.
    const n = t.count;
    const fromTorch = t.runningVar.map((v, i) => v - (1 - c.momentum) * t.biasedVar[i]! / (n - 1));
    expectClose(movingVar.data, fromTorch, 'moving variance from running_var');

    const [dx, dgamma, dbeta] = launch('batch_norm_grad', [tensor(c.shape, d.dy), ins[0]!, ins[1]!, mean!, invStd!], [c.shape, [C], [C]], { axis: c.axis });
    expectClose(dx!.data, t.dx, 'dx', 1e-4);
    expectClose(dgamma!.data, t.dgamma, 'dgamma', 1e-4);
    expectClose(dbeta!.data, t.dbeta, 'dbeta', 1e-4);
  });
});

describe('layer_norm matches PyTorch', () => {
  it.each(LN_CASES.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const d = lnData.get(c.id)!;
    const t = torch[c.id]!;
    const pShape = c.axes.map((a) => c.shape[a]!);
    const sShape = c.shape.filter((_, a) => !c.axes.includes(a));
    const ins = [tensor(c.shape, d.x), tensor(pShape, d.gamma), tensor(pShape, d.beta)];
    const [y, mean, invStd] = launch('layer_norm', ins, [c.shape, sShape, sShape], { axes: c.axes, epsilon: c.epsilon });
    expectClose(y!.data, t.y, 'y');
    // At inference the launch has only its first output.
    const [yOnly] = launch('layer_norm', ins, [c.shape], { axes: c.axes, epsilon: c.epsilon });
    expect(Array.from(yOnly!.data)).toEqual(Array.from(y!.data));
    const [dx, dgamma, dbeta] = launch('layer_norm_grad', [tensor(c.shape, d.dy), ins[0]!, ins[1]!, mean!, invStd!], [c.shape, pShape, pShape], { axes: c.axes });
    expectClose(dx!.data, t.dx, 'dx', 1e-4);
    expectClose(dgamma!.data, t.dgamma, 'dgamma', 1e-4);
    expectClose(dbeta!.data, t.dbeta, 'dbeta', 1e-4);
  });
});

describe('gather (embedding) matches PyTorch', () => {
  it('looks up rows and sums the gradient of repeated ids', () => {
    const t = torch['embedding']!;
    const table = tensor(EMB.tableShape, EMB.table);
    const ids = tensor(EMB.idsShape, EMB.ids, 'i32');
    const [y] = launch('gather', [table, ids], [[...EMB.idsShape, 3]]);
    expectClose(y!.data, t.y, 'y');
    const [dtable] = launch('gather_grad', [tensor([...EMB.idsShape, 3], EMB.dy), ids], [EMB.tableShape]);
    expectClose(dtable!.data, t.dtable, 'dtable');
    expect(Array.from(dtable!.data.slice(9, 12))).toEqual([0, 0, 0]); // id 3 is never read
  });

  it('reads zeros for ids outside the table, and sends them no gradient', () => {
    const table = tensor([2, 2], [1, 2, 3, 4]);
    const ids = tensor([3], [1, -1, 2], 'i32');
    expect(Array.from(launch('gather', [table, ids], [[3, 2]])[0]!.data)).toEqual([3, 4, 0, 0, 0, 0]);
    expect(Array.from(launch('gather_grad', [tensor([3, 2], [1, 1, 1, 1, 1, 1]), ids], [[2, 2]])[0]!.data)).toEqual([0, 0, 1, 1]);
  });
});

describe('dropout', () => {
  const N = 10_000;
  const rate = 0.3;
  const ones = tensor([N], new Float32Array(N).fill(1));
  const drop = (arg: { rate: number; seed: number }, env: StepEnv) => launch('dropout', [ones], [[N], [N]], arg, env);

  it('keeps about 1 − rate of the values, scaled by 1/(1 − rate)', () => {
    const [y, mask] = drop({ rate, seed: 3 }, ENV);
    const kept = Array.from(mask!.data).filter((m) => m !== 0);
    // 3σ of a binomial share over 10k draws is about 0.014.
    expect(Math.abs(kept.length / N - (1 - rate))).toBeLessThan(0.02);
    expect(new Set(mask!.data)).toEqual(new Set([0, Math.fround(1 / (1 - rate))]));
    expect(Array.from(y!.data)).toEqual(Array.from(mask!.data)); // x is all ones
    // The scale keeps the expected value: the mean stays near 1.
    expect(Math.abs(Array.from(y!.data).reduce((s, v) => s + v, 0) / N - 1)).toBeLessThan(0.03);
  });

  it('draws the same mask for the same seed and step, another for another step or seed', () => {
    const differ = (a: RefTensor, b: RefTensor) => a.data.filter((v, i) => v !== b.data[i]).length / N;
    const [, a] = drop({ rate, seed: 3 }, ENV);
    const [, again] = drop({ rate, seed: 3 }, ENV);
    const [, nextStep] = drop({ rate, seed: 3 }, { ...ENV, step: 2 });
    const [, otherSeed] = drop({ rate, seed: 4 }, ENV);
    const [, otherRun] = drop({ rate, seed: 3 }, { ...ENV, seed: 9 });
    expect(differ(a!, again!)).toBe(0);
    // Independent masks disagree on 2·0.3·0.7 = 42% of elements.
    for (const other of [nextStep, otherSeed, otherRun]) expect(differ(a!, other!)).toBeGreaterThan(0.35);
  });
});

describe('layout kernels, worked by hand', () => {
  const iota = (n: number) => Array.from({ length: n }, (_, i) => i);
  const rows: { name: string; kernel: Kernel; ins: RefTensor[]; out: number[]; arg: KernelArg; expected: number[] }[] = [
    // x[0] = [[0 1 2] [3 4 5]] → its transpose [[0 3] [1 4] [2 5]]
    { name: 'transpose swaps two axes', kernel: 'transpose', ins: [tensor([1, 2, 3], iota(6))], out: [1, 3, 2], arg: { perm: [0, 2, 1] }, expected: [0, 3, 1, 4, 2, 5] },
    // y[i, j, k] = x[j, k, i]: y[0] = [[x000 x010] [x100 x110]] …
    { name: 'transpose cycles three axes', kernel: 'transpose', ins: [tensor([2, 2, 2], iota(8))], out: [2, 2, 2], arg: { perm: [2, 0, 1] }, expected: [0, 2, 4, 6, 1, 3, 5, 7] },
    { name: 'concat on the last axis', kernel: 'concat', ins: [tensor([2, 1], [1, 2]), tensor([2, 2], [3, 4, 5, 6])], out: [2, 3], arg: { axis: 1 }, expected: [1, 3, 4, 2, 5, 6] },
    { name: 'concat on a middle axis', kernel: 'concat', ins: [tensor([2, 1, 2], [1, 2, 3, 4]), tensor([2, 1, 2], [5, 6, 7, 8])], out: [2, 2, 2], arg: { axis: 1 }, expected: [1, 2, 5, 6, 3, 4, 7, 8] },
    { name: 'slice a middle range', kernel: 'slice', ins: [tensor([2, 3], iota(6))], out: [2, 2], arg: { axis: 1, start: 1 }, expected: [1, 2, 4, 5] },
    { name: 'reverse the timesteps', kernel: 'reverse', ins: [tensor([1, 3, 2], iota(6))], out: [1, 3, 2], arg: { axis: 1 }, expected: [4, 5, 2, 3, 0, 1] },
    { name: 'repeat a vector three times', kernel: 'repeat', ins: [tensor([2, 2], iota(4))], out: [2, 3, 2], arg: { axis: 1, times: 3 }, expected: [0, 1, 0, 1, 0, 1, 2, 3, 2, 3, 2, 3] },
    { name: 'repeat on the last axis', kernel: 'repeat', ins: [tensor([1, 2], [7, 8])], out: [1, 2, 2], arg: { axis: 2, times: 2 }, expected: [7, 7, 8, 8] },
  ];
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, r) => {
    expect(Array.from(launch(r.kernel, r.ins, [r.out], r.arg)[0]!.data)).toEqual(r.expected);
  });

  it('copies int32 tensors as well', () => {
    const x = tensor([1, 3], [5, 6, 7], 'i32');
    const y = tensor([1, 3], undefined, 'i32');
    launch('reverse', [x], [y], { axis: 1 });
    expect(Array.from(y.data)).toEqual([7, 6, 5]);
  });
});
