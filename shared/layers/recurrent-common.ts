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
import type { PytorchContext, PytorchLayer, Tensor } from '../export/pytorch/hooks';
import { filled, reorderBlocks, row, transpose } from '../export/pytorch/tensor';

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

export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave';

const TORCH_CELL: Record<CellOp, string> = { rnn: 'RNN', gru: 'GRU', lstm: 'LSTM' };

/** Keras's gate blocks → PyTorch's: a GRU's [z, r, h] become [r, z, n]; LSTM's [i, f, c, o] are already [i, f, g, o]. */
const GATE_ORDER: Record<CellOp, number[]> = { rnn: [0], gru: [1, 0, 2], lstm: [0, 1, 2, 3] };

/** Whether nn.RNN / nn.GRU / nn.LSTM compute exactly this layer. */
function torchCanExpress(op: CellOp, p: RecurrentValues): boolean {
  if (op === 'rnn') return p.activation === 'tanh' || p.activation === 'relu';
  return p.activation === 'tanh' && p.recurrent_activation === 'sigmoid' && (op === 'lstm' || p.reset_after !== false);
}

/**
 * PyTorch export of SimpleRNN, GRU and LSTM, alone or inside Bidirectional
 * (`merge`): nn.RNN / nn.GRU / nn.LSTM with batch_first=True, or, for
 * activations or a GRU variant those cannot express, the prelude's
 * KerasRecurrent, which takes the same arguments and weights.
 *
 * Keras's go_backwards reads the sequence from the end and returns the
 * outputs in reading order, which is running forwards over x.flip(1).
 * Without return_sequences Keras returns the last output; for two directions
 * that is each direction's final state, PyTorch's h_n.
 */
export function recurrentPytorch(op: CellOp, ctx: PytorchContext, p: RecurrentValues, merge?: MergeMode): PytorchLayer {
  const features = ctx.inputs[0]![1]!;
  const both = merge !== undefined;
  const native = torchCanExpress(op, p);
  const options = [
    'batch_first=True',
    ...(p.use_bias ? [] : ['bias=False']),
    ...(both ? ['bidirectional=True'] : []),
  ];
  const module = native
    ? `nn.${TORCH_CELL[op]}(${[features, p.units, ...(op === 'rnn' && p.activation === 'relu' ? ['nonlinearity="relu"'] : []), ...options].join(', ')})`
    : `${ctx.helper('KerasRecurrent')}(${[
      `"${op}"`, features, p.units, `activation=${ctx.activationModule(p.activation)}`,
      ...(op === 'rnn' ? [] : [`recurrent_activation=${ctx.activationModule(p.recurrent_activation ?? 'sigmoid')}`]),
      ...(op === 'gru' && p.reset_after === false ? ['reset_after=False'] : []),
      ...options,
    ].join(', ')})`;
  const reduce = { concat: '', sum: 'sum', mul: 'prod', ave: 'mean' }[merge ?? 'concat'];
  return {
    layout: 'channels_last',
    module,
    forward(attr, [x]) {
      const call = `${attr}(${p.go_backwards ? `${x}.flip(1)` : x})`;
      if (!both) return p.return_sequences ? `${call}[0]` : `${call}[0][:, -1]`;
      if (p.return_sequences) return merge === 'concat' ? `${call}[0]` : `${call}[0].unflatten(-1, (2, ${p.units})).${reduce}(-2)`;
      const finalStates = op === 'lstm' ? `${call}[1][0]` : `${call}[1]`; // (2, batch, units)
      return merge === 'concat' ? `${finalStates}.transpose(0, 1).flatten(1)` : `${finalStates}.${reduce}(0)`;
    },
    weights(k) {
      const out: Record<string, Tensor> = {};
      const directions = both ? [['forward_', ''], ['backward_', '_reverse']] : [['', '']];
      for (const [from, suffix] of directions) {
        const gates = (t: Tensor) => reorderBlocks(t, GATE_ORDER[op]);
        out[`weight_ih_l0${suffix}`] = gates(transpose(k(`${from}kernel`)));
        out[`weight_hh_l0${suffix}`] = gates(transpose(k(`${from}recurrent_kernel`)));
        if (!p.use_bias) continue;
        const bias = k(`${from}bias`);
        // Keras keeps one bias (added with the input) except for a GRU with reset_after, which keeps two rows.
        const twoRows = bias.shape.length === 2;
        out[`bias_ih_l0${suffix}`] = gates(twoRows ? row(bias, 0) : bias);
        out[`bias_hh_l0${suffix}`] = twoRows ? gates(row(bias, 1)) : filled(bias.shape, 0);
      }
      return out;
    },
    ...(p.go_backwards ? { note: 'go_backwards: read the sequence from its end' } : {}),
  };
}
