/**
 * What SimpleRNN, GRU and LSTM share. A recurrent layer lowers to one IR op
 * over the whole sequence (rnn, gru or lstm), so the engine can run the
 * forward pass and backpropagation through time in one kernel each.
 *
 * Weights follow Keras: kernel (features, gates·units), recurrent_kernel
 * (units, gates·units), bias (gates·units), or (2, 3·units) for a GRU with
 * reset_after. PyTorch keeps two bias vectors (b_ih and b_hh) for every cell
 * type, so its counts differ where Keras keeps one.
 */
import { ACTIVATION_NAMES } from './activations';
import type { LowerContext, Shape, WeightSpec } from './define';
import { bool, choice, int } from './params';
import { expectSequence } from './shape-rules';
import type { IRValue } from '../ir/graph';

export type CellOp = 'rnn' | 'gru' | 'lstm';

export const GATES: Record<CellOp, number> = { rnn: 1, gru: 3, lstm: 4 };

export function recurrentParams() {
  return {
    units: int({ min: 1, max: 1 << 16, default: 32, doc: 'Size of the hidden state: how much the layer can remember.' }),
    activation: choice(ACTIVATION_NAMES, { default: 'tanh', doc: 'The activation of the candidate state.' }),
    use_bias: bool({ default: true, doc: 'Add learned biases.' }),
    return_sequences: bool({ default: false, doc: 'Output the hidden state at every timestep (to feed another recurrent layer or TimeDistributed), not only the last.' }),
    go_backwards: bool({ default: false, doc: 'Read the sequence from end to start.' }),
  };
}

export function gatedParams() {
  return {
    ...recurrentParams(),
    recurrent_activation: choice(ACTIVATION_NAMES, { default: 'sigmoid', doc: 'The activation of the gates.' }),
  };
}

export interface RecurrentValues {
  units: number;
  activation: string;
  use_bias: boolean;
  return_sequences: boolean;
  go_backwards: boolean;
  recurrent_activation?: string;
  reset_after?: boolean;
  unit_forget_bias?: boolean;
}

export function recurrentShape(layer: string, x: Shape, p: RecurrentValues): Shape {
  expectSequence(x, layer);
  return p.return_sequences ? [x[0]!, p.units] : [p.units];
}

export function recurrentWeights(op: CellOp, x: Shape, p: RecurrentValues): WeightSpec[] {
  const g = GATES[op] * p.units;
  const init = op === 'lstm' && p.unit_forget_bias ? 'unit_forget_bias' : 'zeros';
  const bias: WeightSpec[] = !p.use_bias ? [] : [{ name: 'bias', shape: op === 'gru' && p.reset_after ? [2, g] : [g], init, trainable: true }];
  return [
    { name: 'kernel', shape: [x[1]!, g], init: 'glorot_uniform', trainable: true },
    { name: 'recurrent_kernel', shape: [p.units, g], init: 'orthogonal', trainable: true },
    ...bias,
  ];
}

/** PyTorch's count: the same matrices, and always two bias vectors of gates·units. */
export function recurrentPytorchParams(op: CellOp, x: Shape, p: RecurrentValues): { count: number; note: string } {
  const g = GATES[op] * p.units;
  const count = g * (x[1]! + p.units) + (p.use_bias ? 2 * g : 0);
  if (op === 'gru' && p.reset_after) {
    return { count, note: 'The same as Keras: with reset_after=True Keras also keeps two bias vectors, as PyTorch\'s GRU (b_ih and b_hh) does.' };
  }
  if (op === 'gru') {
    return { count, note: 'PyTorch\'s GRU always applies the reset gate after the recurrent product (Keras\'s reset_after=True) and keeps two bias vectors, so it has one more bias vector and no exact equivalent of reset_after=False.' };
  }
  return { count, note: 'PyTorch keeps two bias vectors (b_ih and b_hh) where Keras keeps one, so its count is higher by one bias vector.' };
}

export function recurrentLower(op: CellOp, layer: string, ctx: LowerContext, x: IRValue, p: RecurrentValues): IRValue {
  const shape = recurrentShape(layer, ctx.shapeOf(x), p);
  const src = [x, ctx.weight('kernel'), ctx.weight('recurrent_kernel'), ...(p.use_bias ? [ctx.weight('bias')] : [])];
  return ctx.emit(op, src, shape, {
    units: p.units,
    activation: p.activation,
    recurrentActivation: p.recurrent_activation ?? null,
    returnSequences: p.return_sequences,
    goBackwards: p.go_backwards,
    ...(op === 'gru' ? { resetAfter: p.reset_after ?? true } : {}),
  });
}
