/**
 * The WebGPU recurrent kernels (rnn, rnn_grad) against the reference, one
 * row per cell configuration, on seeded random data. Each row runs the
 * forward pass with and without the states output and the backward pass
 * from the reference's states, in several launch layouts (vec4 and scalar
 * units, several units per invocation, small sample groups, a device too
 * narrow to bind every gradient at once), with and without the workspace.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { STATE_WIDTH, type CellActivation, type RecurrentKernelArg } from '../plan/rules/recurrent';
import { Random } from '../random';
import { REFERENCE_KERNELS } from '../reference/kernels';
import type { RefTensor } from '../reference/tensor';
import type { DeviceCaps } from './kernels/types';
import { mismatch, stepRunner, testDevice, type HostTensor, type StepRunner } from './test-harness';

interface Row {
  readonly name: string;
  readonly N: number;
  readonly T: number;
  readonly F: number;
  readonly arg: RecurrentKernelArg;
  /** Also run on the cramped device (a few rows per cell keep the suite's shader count down). */
  readonly cramped?: boolean;
}

const TANH: CellActivation = { fn: 'tanh' };
const SIGMOID: CellActivation = { fn: 'sigmoid' };
const HARD_SIGMOID: CellActivation = { fn: 'hard_sigmoid' };
const RELU: CellActivation = { fn: 'relu' };

function row(cell: RecurrentKernelArg['cell'], units: number, opts: Partial<RecurrentKernelArg> & { N?: number; T?: number; F?: number; cramped?: boolean } = {}): Row {
  const { N = 3, T = 5, F = 7, cramped, ...rest } = opts;
  const arg: RecurrentKernelArg = {
    cell, units, returnSequences: false, goBackwards: false, activation: TANH,
    recurrentActivation: cell === 'rnn' ? null : SIGMOID, resetAfter: cell === 'gru', hasBias: true, ...rest,
  };
  const flags = [
    arg.returnSequences && 'sequences', arg.goBackwards && 'backwards', cell === 'gru' && (arg.resetAfter ? 'reset_after' : 'reset_before'),
    !arg.hasBias && 'no bias', arg.activation?.fn !== 'tanh' && `act=${arg.activation?.fn ?? 'linear'}`,
    cell !== 'rnn' && arg.recurrentActivation?.fn !== 'sigmoid' && `ract=${arg.recurrentActivation?.fn ?? 'linear'}`,
  ].filter(Boolean);
  return { name: `${cell} ${N}x${T}x${F}→${units} ${flags.join(', ')}`, N, T, F, arg, ...(cramped ? { cramped } : {}) };
}

const ROWS: Row[] = [
  row('rnn', 8),
  row('rnn', 5, { returnSequences: true, cramped: true }),
  row('rnn', 8, { goBackwards: true, returnSequences: true, activation: RELU }),
  row('rnn', 6, { hasBias: false, activation: null, T: 4 }),
  row('lstm', 8),
  row('lstm', 8, { returnSequences: true, goBackwards: true }),
  row('lstm', 5, { recurrentActivation: HARD_SIGMOID, returnSequences: true, cramped: true }),
  row('lstm', 12, { hasBias: false, activation: RELU, N: 5, F: 3, cramped: true }),
  // 16 unit-vectors: on a CPU rasteriser each invocation owns two of them.
  row('lstm', 64, { N: 4, T: 3, F: 5, returnSequences: true }),
  row('gru', 8),
  row('gru', 8, { resetAfter: false, cramped: true }),
  row('gru', 5, { resetAfter: false, returnSequences: true, goBackwards: true }),
  row('gru', 7, { returnSequences: true, recurrentActivation: HARD_SIGMOID, cramped: true }),
  row('gru', 8, { hasBias: false, goBackwards: true }),
  row('gru', 4, { hasBias: false, resetAfter: false, activation: RELU, N: 1, T: 1 }),
  row('gru', 12, { resetAfter: false, activation: { fn: 'leaky_relu', alpha: 0.3 }, N: 6 }),
];

/**
 * Launch layouts, as device capabilities: the CPU-rasteriser layout (vec4
 * units where they divide, several samples per group), the GPU layout (a
 * unit per invocation), and a cramped device that forces several units per
 * invocation, one sample per group, and (without a workspace) a second
 * launch for db.
 */
const DEVICES: Record<string, Partial<DeviceCaps>> = {
  software: { software: true },
  hardware: { software: false },
  cramped: { software: false, maxComputeInvocationsPerWorkgroup: 2, maxComputeWorkgroupStorageSize: 64, maxStorageBuffersPerShaderStage: 8 },
};

const size = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);
const normal = (rng: Random, n: number, scale: number) => Float32Array.from({ length: n }, () => rng.normal() * scale);

/** Inputs and the reference's outputs for one row. */
function reference(r: Row) {
  const { N, T, F, arg } = r;
  const u = arg.units;
  const G = { rnn: 1, gru: 3, lstm: 4 }[arg.cell] * u;
  const S = STATE_WIDTH[arg.cell] * u;
  const rng = new Random(N * 1000 + T * 100 + F * 10 + u);
  const shapes = {
    x: [N, T, F], W: [F, G], U: [u, G], b: arg.cell === 'gru' && arg.resetAfter ? [2, G] : [G],
    y: arg.returnSequences ? [N, T, u] : [N, u], states: [N, T, S],
  };
  const x = normal(rng, size(shapes.x), 1);
  const W = normal(rng, size(shapes.W), 0.8 / Math.sqrt(F));
  const U = normal(rng, size(shapes.U), 0.8 / Math.sqrt(u));
  const b = normal(rng, size(shapes.b), 0.3);
  const dy = normal(rng, size(shapes.y), 1);
  const t = (data: Float32Array, shape: number[]): RefTensor => ({ data, shape });
  const env = { step: 1, learningRate: 0, seed: 0 };
  const weights = [t(x, shapes.x), t(W, shapes.W), t(U, shapes.U), ...(arg.hasBias ? [t(b, shapes.b)] : [])];
  const y = new Float32Array(size(shapes.y));
  const states = new Float32Array(size(shapes.states));
  REFERENCE_KERNELS.rnn!(weights, [t(y, shapes.y), t(states, shapes.states)], arg, env);
  const grads = [new Float32Array(x.length), new Float32Array(W.length), new Float32Array(U.length), ...(arg.hasBias ? [new Float32Array(b.length)] : [])];
  REFERENCE_KERNELS.rnn_grad!([t(dy, shapes.y), ...weights, t(states, shapes.states)], grads.map((g, i) => t(g, [shapes.x, shapes.W, shapes.U, shapes.b][i]!)), arg, env);
  return { shapes, x, W, U, b, dy, y, states, grads };
}

let runner: StepRunner;
beforeAll(async () => {
  runner = stepRunner(await testDevice());
});

const check = (got: ArrayLike<number>, expected: ArrayLike<number>, what: string) => expect(mismatch(got, expected, 2e-4, 2e-5), what).toBeUndefined();

describe('WebGPU recurrent kernels match the reference', () => {
  const cases = ROWS.flatMap((r) => Object.keys(DEVICES).filter((device) => device !== 'cramped' || r.cramped).map((device) => [`${r.name} (${device})`, r, device] as const));

  it.each(cases)('rnn %s', async (_name, r, device) => {
    const ref = reference(r);
    const { shapes, arg } = { shapes: ref.shapes, arg: r.arg };
    const ins: HostTensor[] = [{ shape: shapes.x, data: ref.x }, { shape: shapes.W, data: ref.W }, { shape: shapes.U, data: ref.U }, ...(arg.hasBias ? [{ shape: shapes.b, data: ref.b }] : [])];
    const inIds = ins.map((_, i) => i);
    const caps = DEVICES[device]!;
    // Training: y and states.
    const training = await runner.run('rnn', [...ins, { shape: shapes.y }, { shape: shapes.states }], inIds, [ins.length, ins.length + 1], arg, { caps });
    check(training[ins.length]!, ref.y, 'y');
    check(training[ins.length + 1]!, ref.states, 'states');
    // Inference: y alone.
    const inference = await runner.run('rnn', [...ins, { shape: shapes.y }], inIds, [ins.length], arg, { caps });
    check(inference[ins.length]!, ref.y, 'y without states');
  });

  const gradCases = cases.flatMap(([name, r, device]) => [false, true].map((ws) => [`${name}${ws ? ' with a workspace' : ''}`, r, device, ws] as const));
  it.each(gradCases)('rnn_grad %s', async (_name, r, device, withWorkspace) => {
    const ref = reference(r);
    const { shapes } = ref;
    const hasBias = r.arg.hasBias;
    const tensors: HostTensor[] = [
      { shape: shapes.y, data: ref.dy }, { shape: shapes.x, data: ref.x }, { shape: shapes.W, data: ref.W }, { shape: shapes.U, data: ref.U },
      ...(hasBias ? [{ shape: shapes.b, data: ref.b }] : []), { shape: shapes.states, data: ref.states },
    ];
    const inIds = tensors.map((_, i) => i);
    const G = shapes.W[1]!;
    const outShapes = [shapes.x, shapes.W, shapes.U, ...(hasBias ? [shapes.b] : []), ...(withWorkspace ? [[r.N, r.T, 2 * G + r.arg.units]] : [])];
    // Outputs start as garbage: the kernel must overwrite every element.
    const outs: HostTensor[] = outShapes.map((shape) => ({ shape, data: new Float32Array(size(shape)).fill(7) }));
    const outIds = outs.map((_, i) => tensors.length + i);
    const got = await runner.run('rnn_grad', [...tensors, ...outs], inIds, outIds, r.arg, { caps: DEVICES[device]! });
    ref.grads.forEach((expected, i) => check(got[outIds[i]!]!, expected, ['dx', 'dW', 'dU', 'db'][i]!));
  });
});
