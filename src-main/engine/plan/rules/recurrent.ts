/**
 * The recurrent ops (rnn, gru, lstm): one launch over the whole sequence
 * forwards, and one launch for backpropagation through time.
 *
 *   forward   (y, states) = rnn(x, W, U, b?)            one `rnn` launch
 *   backward  (dx, dW, dU, db?) = rnn_grad(dy, x, W, U, b?, states)
 *
 * The forward launch saves every step's pre-activations and states (see
 * RecurrentKernelArg and stateWidth for the layout), so the backward launch
 * recomputes nothing across time. Inference plans skip the states output.
 *
 * Semantics follow Keras exactly: gate column order LSTM [i, f, c, o] and
 * GRU [z, r, h], h = z⊙h₋₁ + (1−z)⊙h̃, zero initial state; go_backwards reads
 * the sequence from its last step, and with return_sequences the outputs come
 * in that reading order.
 */
import type { IRNode } from '../../../../shared/ir/graph';
import { ACTIVATIONS } from '../../../../shared/layers/activations';
import { PlanError, type ForwardRule, type GradRule, type RuleFamily } from '../builder';

export type Cell = 'rnn' | 'gru' | 'lstm';

/**
 * An activation as the kernel applies it: the `unary` kernel's function name
 * and its arguments (alpha, approximate), or null for the identity.
 */
export type CellActivation = { readonly fn: string; readonly alpha?: number; readonly approximate?: boolean } | null;

/** The arg of `rnn` and `rnn_grad` (a type, not an interface, so it is a plain step arg). */
export type RecurrentKernelArg = {
  readonly cell: Cell;
  readonly units: number;
  /** y is [N, T, units] (every step, in reading order) rather than [N, units] (the last step read). */
  readonly returnSequences: boolean;
  /** Reading step s sees input timestep T−1−s rather than s. */
  readonly goBackwards: boolean;
  /** The candidate's activation (and, in an LSTM, the cell output's). */
  readonly activation: CellActivation;
  /** The gates' activation; null (identity, unused) for a SimpleRNN. */
  readonly recurrentActivation: CellActivation;
  /** GRU only: reset applied after the recurrent product, with bias [2, 3·units] = [input bias; recurrent bias]. */
  readonly resetAfter: boolean;
  /** Whether b (and, in rnn_grad, db) are present. */
  readonly hasBias: boolean;
};

/**
 * Values saved per sample and reading step, in units of `units`. The states
 * tensor is [N, T, stateWidth·units], indexed by reading step s (not by input
 * timestep), each row laid out as:
 *
 *   rnn   [a, h]                      a = x·W + h₋₁·U + b, h = act(a)
 *   lstm  [a_i, a_f, a_c, a_o, c, h]  a = x·W + h₋₁·U + b (gate pre-activations), c and h after the step
 *   gru   [a_z, a_r, a_h, q, h]       a_z, a_r: gate pre-activations; a_h: the candidate's pre-activation;
 *                                     q = h₋₁·U_h + b_hh when resetAfter, else q = r⊙h₋₁
 *
 * Gate values are recomputed from pre-activations in the backward pass, which
 * lets it use any activation's derivative (some need x, not only y).
 */
export const STATE_WIDTH: Record<Cell, number> = { rnn: 2, gru: 5, lstm: 6 };

/** Resolves a Keras activation name to what the kernel applies. */
function cellActivation(node: IRNode, name: unknown): CellActivation {
  const info = (ACTIVATIONS as Record<string, { op: string | null; arg?: Readonly<Record<string, unknown>> }>)[String(name)];
  if (!info) throw new PlanError(node.origin, `unknown activation "${String(name)}" in a recurrent layer`);
  if (info.op === null) return null;
  if (info.op === 'softmax' || info.op === 'log_softmax') {
    throw new PlanError(node.origin, `the engine cannot use ${String(name)} inside a recurrent layer; pick an elementwise activation such as tanh`);
  }
  return { fn: info.op, ...info.arg };
}

export function recurrentKernelArg(node: IRNode): RecurrentKernelArg {
  const cell = node.op as Cell;
  const a = node.arg;
  return {
    cell,
    units: a['units'] as number,
    returnSequences: a['returnSequences'] === true,
    goBackwards: a['goBackwards'] === true,
    activation: cellActivation(node, a['activation'] ?? 'tanh'),
    recurrentActivation: cell === 'rnn' ? null : cellActivation(node, a['recurrentActivation'] ?? 'sigmoid'),
    resetAfter: cell === 'gru' && a['resetAfter'] !== false,
    hasBias: node.src.length > 3,
  };
}

const forwardRule: ForwardRule = (ctx) => {
  const { b, ins, node } = ctx;
  const arg = recurrentKernelArg(node);
  const [n, t] = b.shape(ins[0]!);
  const y = b.tensor(ctx.shape);
  const outputs = [y];
  if (ctx.training) {
    const states = b.tensor([n!, t!, STATE_WIDTH[arg.cell] * arg.units], 'temp', 'f32', `${node.origin}/states`);
    ctx.save('states', states);
    outputs.push(states);
  }
  b.step('rnn', ins, outputs, arg);
  return y;
};

const gradRule: GradRule = (ctx) => {
  const { b, ins, node } = ctx;
  const arg = recurrentKernelArg(node);
  const states = ctx.saved['states'];
  if (states === undefined) throw new PlanError(node.origin, 'the recurrent forward pass saved no states to backpropagate through');
  const grads = ins.map((i) => b.tensor(b.shape(i)));
  // Scratch for the backward sweep: per-step gate gradients and h₋₁, so that
  // dx, dW, dU and db become plain products afterwards (kernels ignore it
  // where they do not need it). Reused like any temporary once the step ends.
  const [n, t] = b.shape(ins[0]!);
  const gates = b.shape(ins[1]!)[1]!;
  const workspace = b.tensor([n!, t!, 2 * gates + arg.units], 'temp', 'f32', `${node.origin}/bptt`);
  b.step('rnn_grad', [ctx.dy, ...ins, states], [...grads, workspace], arg);
  grads.forEach((g, i) => {
    if (ctx.needs(i)) ctx.accumulate(i, g);
  });
};

export const RECURRENT_RULES: RuleFamily = {
  forward: { rnn: forwardRule, gru: forwardRule, lstm: forwardRule },
  grad: { rnn: gradRule, gru: gradRule, lstm: gradRule },
};
