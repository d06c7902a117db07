/**
 * Recurrent layers: SimpleRNN, GRU and LSTM over whole sequences.
 *
 * They map to ONNX's RNN, GRU and LSTM ops, which run time-major
 * ([T, N, F]; ONNX Runtime does not accept layout=1), so the value is stored
 * time-major (layout [1, 0, 2]) and stacked recurrent layers need no
 * Transposes between them. Keras's weights become ONNX's:
 *
 *   W = kernelᵀ, R = recurrent_kernelᵀ, one direction, gate blocks reordered:
 *       LSTM Keras [i, f, c, o] → ONNX [i, o, f, c];  GRU [z, r, h] is the same in both
 *   B = [input bias, recurrent bias]: Keras's one bias and zeros, or a GRU's two
 *       rows when reset_after (ONNX's linear_before_reset=1)
 *   activations: [recurrent_activation, activation(, activation)] as ONNX names
 *
 * go_backwards reverses the sequence before the op (Keras reads it from the
 * end and returns outputs in reading order, which is what that gives).
 *
 * An activation the ONNX ops cannot express (GELU, swish, SELU, step, …)
 * makes the exporter unroll the recurrence over the (fixed) timesteps in
 * plain MatMul and elementwise ops instead.
 */
import { ACTIVATIONS, type ActivationInfo } from '../../../layers/activations';
import type { ExportContext, ExportRule, MappedOp } from '../context';
import { identity } from '../layout';
import { float } from '../proto';
import { applyUnary } from './elementwise';

const GATES = { rnn: 1, gru: 3, lstm: 4 } as const;
type Cell = keyof typeof GATES;

/** ONNX's gate order, as indices of Keras's gate blocks. */
const ONNX_ORDER: Record<Cell, readonly number[]> = { rnn: [0], gru: [0, 1, 2], lstm: [0, 3, 1, 2] };

const TIME_MAJOR = [1, 0, 2];

/** Keras activation name → ONNX recurrent activation, with alpha and beta where it takes them. */
const ONNX_ACTIVATIONS: Record<string, { name: string; alpha?: number; beta?: number }> = {
  linear: { name: 'Affine', alpha: 1, beta: 0 },
  sigmoid: { name: 'Sigmoid' },
  tanh: { name: 'Tanh' },
  relu: { name: 'Relu' },
  hard_sigmoid: { name: 'HardSigmoid', alpha: 1 / 6, beta: 0.5 },
  leaky_relu: { name: 'LeakyRelu', alpha: 0.2 },
  elu: { name: 'Elu', alpha: 1 },
  softsign: { name: 'Softsign' },
  softplus: { name: 'Softplus' },
};

/** A Keras matrix [rows, gates·units] as ONNX's [1, gates·units, rows], gate blocks in ONNX's order. */
function onnxMatrix(data: Float32Array | Int32Array, rows: number, cell: Cell, units: number): Float32Array {
  const gates = GATES[cell];
  const cols = gates * units;
  const out = new Float32Array(rows * cols);
  ONNX_ORDER[cell].forEach((kerasGate, g) => {
    for (let j = 0; j < units; j++) {
      for (let r = 0; r < rows; r++) out[(g * units + j) * rows + r] = data[r * cols + kerasGate * units + j]!;
    }
  });
  return out;
}

function reorderBias(data: ArrayLike<number>, offset: number, cell: Cell, units: number, out: Float32Array, outOffset: number): void {
  ONNX_ORDER[cell].forEach((kerasGate, g) => {
    for (let j = 0; j < units; j++) out[outOffset + g * units + j] = data[offset + kerasGate * units + j]!;
  });
}

interface Recurrence {
  readonly cell: Cell;
  readonly units: number;
  readonly steps: number;
  readonly features: number;
  readonly activation: string;
  readonly recurrentActivation: string;
  readonly resetAfter: boolean;
  readonly returnSequences: boolean;
}

function describe(ctx: ExportContext): Recurrence {
  const { node } = ctx;
  const x = ctx.irNode(node.src[0]!).shape;
  return {
    cell: node.op as Cell,
    units: node.arg['units'] as number,
    steps: x[1]!,
    features: x[2]!,
    activation: String(node.arg['activation'] ?? 'tanh'),
    recurrentActivation: String(node.arg['recurrentActivation'] ?? 'sigmoid'),
    resetAfter: node.arg['resetAfter'] === true,
    returnSequences: node.arg['returnSequences'] === true,
  };
}

/** The sequence, time-major, in reading order. */
function sequence(ctx: ExportContext, r: Recurrence): string {
  const x = ctx.input(0, TIME_MAJOR);
  if (ctx.node.arg['goBackwards'] !== true) return x;
  return ctx.op1('Slice', [x, ctx.int64('starts', [-1]), ctx.int64('ends', [-(r.steps + 1)]), ctx.int64('axes', [0]), ctx.int64('steps', [-1])]);
}

function weight(ctx: ExportContext, i: number) {
  const c = ctx.constant(i);
  if (!c) return ctx.fail('a recurrent layer\'s weights must be known when exporting');
  return c;
}

const recurrent: ExportRule = (ctx) => {
  const r = describe(ctx);
  const acts = r.cell === 'lstm' ? [r.recurrentActivation, r.activation, r.activation] : r.cell === 'gru' ? [r.recurrentActivation, r.activation] : [r.activation];
  if (acts.every((a) => ONNX_ACTIVATIONS[a])) native(ctx, r, acts.map((a) => ONNX_ACTIVATIONS[a]!));
  else unrolled(ctx, r);
};

function native(ctx: ExportContext, r: Recurrence, acts: { name: string; alpha?: number; beta?: number }[]): void {
  const { node } = ctx;
  const G = GATES[r.cell] * r.units;
  const kernel = weight(ctx, 1);
  const recurrentKernel = weight(ctx, 2);
  const W = ctx.initializer(kernel.name, [1, G, r.features], onnxMatrix(kernel.data, r.features, r.cell, r.units));
  const R = ctx.initializer(recurrentKernel.name, [1, G, r.units], onnxMatrix(recurrentKernel.data, r.units, r.cell, r.units));
  const inputs = [sequence(ctx, r), W, R];
  if (node.src.length > 3) {
    const bias = weight(ctx, 3);
    const B = new Float32Array(2 * G);
    reorderBias(bias.data, 0, r.cell, r.units, B, 0);
    if (r.cell === 'gru' && r.resetAfter) reorderBias(bias.data, G, r.cell, r.units, B, G);
    inputs.push(ctx.initializer(bias.name, [1, 2 * G], B));
  }
  const alphas = acts.filter((a) => a.alpha !== undefined);
  const opType = { rnn: 'RNN', gru: 'GRU', lstm: 'LSTM' }[r.cell];
  const [y, yh] = ctx.op(opType, inputs, {
    hidden_size: r.units,
    activations: acts.map((a) => a.name),
    activation_alpha: alphas.length ? float(alphas.map((a) => a.alpha!)) : undefined,
    activation_beta: alphas.length ? float(alphas.map((a) => a.beta ?? 0)) : undefined,
    linear_before_reset: r.cell === 'gru' ? (r.resetAfter ? 1 : 0) : undefined,
  }, r.returnSequences ? [`${ctx.scope}/${opType}`] : ['', `${ctx.scope}/${opType}:h`]);
  if (r.returnSequences) ctx.define(ctx.op1('Squeeze', [y!, ctx.int64('axes', [1])]), TIME_MAJOR);
  else ctx.define(ctx.op1('Squeeze', [yh!, ctx.int64('axes', [0])]));
}

/**
 * The recurrence written out step by step: xw = x·W + b for all steps at
 * once, then per step the cell's equations (as recurrent-common.ts and the
 * engine's kernel state them), with h₀ = c₀ = 0.
 */
function unrolled(ctx: ExportContext, r: Recurrence): void {
  const { node } = ctx;
  const u = r.units;
  const G = GATES[r.cell] * u;
  const kernel = ctx.input(1);
  const U = ctx.input(2);
  const hasBias = node.src.length > 3;
  const bias = hasBias ? weight(ctx, 3) : undefined;
  const act = (name: string, v: string) => {
    const info = (ACTIVATIONS as Record<string, ActivationInfo>)[name];
    if (!info) return ctx.fail(`unknown activation "${name}"`);
    return info.op === null ? v : applyUnary(ctx, info.op, info.arg ?? {}, v);
  };
  const gate = (v: string, g: number, count = 1) => ctx.op1('Slice', [v, ctx.int64('starts', [g * u]), ctx.int64('ends', [(g + count) * u]), ctx.int64('axes', [1])]);
  let xw = ctx.op1('MatMul', [sequence(ctx, r), kernel]); // [T, N, G]
  let recurrentBias: string | undefined;
  if (bias) {
    const inputBias = ctx.initializer(`${bias.name}/input`, [G], Float32Array.from(bias.data.subarray(0, G)));
    xw = ctx.op1('Add', [xw, inputBias]);
    if (r.cell === 'gru' && r.resetAfter) recurrentBias = ctx.initializer(`${bias.name}/recurrent`, [G], Float32Array.from(bias.data.subarray(G, 2 * G)));
  }
  // Step t of xw, [N, G]: a scalar index drops the time axis.
  const at = (t: number) => ctx.op1('Gather', [xw, ctx.g.int64(`${ctx.scope}/t`, [t], [])], { axis: 0 });
  const zerosF = ctx.initializer(`${ctx.scope}/zeros`, [G, u], new Float32Array(G * u));
  let h = ctx.op1('MatMul', [at(0), zerosF]); // h₀ = 0, shaped [N, u] for any batch size
  let c = h;
  const outputs: string[] = [];
  for (let t = 0; t < r.steps; t++) {
    const x = at(t);
    if (r.cell === 'rnn') {
      h = act(r.activation, ctx.op1('Add', [x, ctx.op1('MatMul', [h, U])]));
    } else if (r.cell === 'lstm') {
      const z = ctx.op1('Add', [x, ctx.op1('MatMul', [h, U])]);
      const i = act(r.recurrentActivation, gate(z, 0));
      const f = act(r.recurrentActivation, gate(z, 1));
      const g = act(r.activation, gate(z, 2));
      const o = act(r.recurrentActivation, gate(z, 3));
      c = ctx.op1('Add', [ctx.op1('Mul', [f, c]), ctx.op1('Mul', [i, g])]);
      h = ctx.op1('Mul', [o, act(r.activation, c)]);
    } else {
      let hu = ctx.op1('MatMul', [h, U]);
      if (recurrentBias) hu = ctx.op1('Add', [hu, recurrentBias]);
      const z = act(r.recurrentActivation, ctx.op1('Add', [gate(x, 0), gate(hu, 0)]));
      const rr = act(r.recurrentActivation, ctx.op1('Add', [gate(x, 1), gate(hu, 1)]));
      const q = r.resetAfter
        ? ctx.op1('Mul', [rr, gate(hu, 2)])
        : ctx.op1('MatMul', [ctx.op1('Mul', [rr, h]), ctx.op1('Slice', [U, ctx.int64('starts', [2 * u]), ctx.int64('ends', [3 * u]), ctx.int64('axes', [1])])]);
      const candidate = act(r.activation, ctx.op1('Add', [gate(x, 2), q]));
      const keep = ctx.op1('Mul', [z, h]);
      const write = ctx.op1('Mul', [ctx.op1('Sub', [ctx.float32('one', [1], []), z]), candidate]);
      h = ctx.op1('Add', [keep, write]);
    }
    if (r.returnSequences) outputs.push(ctx.op1('Unsqueeze', [h, ctx.int64('axes', [0])]));
  }
  if (r.returnSequences) ctx.define(ctx.op1('Concat', outputs, { axis: 0 }), TIME_MAJOR);
  else ctx.define(h, identity(2));
}

export const RECURRENT_RULES = {
  rnn: recurrent,
  gru: recurrent,
  lstm: recurrent,
} satisfies Partial<Record<MappedOp, ExportRule>>;
