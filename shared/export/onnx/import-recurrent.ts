/**
 * ONNX RNN, GRU and LSTM → SimpleRNN, GRU and LSTM layers: the reverse of
 * rules/recurrent.ts. Weights are transposed back to Keras's [rows,
 * gates·units] with Keras's gate order; ONNX's two bias vectors become
 * Keras's one (their sum), or a GRU's two rows when linear_before_reset=1
 * (Keras's reset_after). Y (every step) must be read through Squeeze of the
 * direction axis, Y_h (the last step) through Squeeze of axis 0: that is how
 * exporters write a one-direction layer. A reverse Slice of the input just
 * before the op is go_backwards.
 */
import { attributes, hintOf, type ImportGraph, type Tensor, where } from './import-graph';
import type { ImportHandler } from './import-ops';
import { identity } from './layout';
import type { INodeProto } from './proto';
import { OnnxImportError } from './tensor-data';

const TIME_MAJOR = [1, 0, 2];
const GATES = { RNN: 1, GRU: 3, LSTM: 4 } as const;
/** ONNX gate g holds Keras gate ORDER[g]. */
const ORDER = { RNN: [0], GRU: [0, 1, 2], LSTM: [0, 3, 1, 2] } as const;
const LAYER = { RNN: 'SimpleRNN', GRU: 'GRU', LSTM: 'LSTM' } as const;
const DEFAULT_ACTIVATIONS = { RNN: ['Tanh'], GRU: ['Sigmoid', 'Tanh'], LSTM: ['Sigmoid', 'Tanh', 'Tanh'] } as const;

/** ONNX activation → Keras name; alpha/beta are those Keras's function fixes. */
const KERAS: Record<string, { name: string; alpha?: number; beta?: number }> = {
  sigmoid: { name: 'sigmoid' }, tanh: { name: 'tanh' }, relu: { name: 'relu' }, softsign: { name: 'softsign' }, softplus: { name: 'softplus' },
  affine: { name: 'linear', alpha: 1, beta: 0 }, hardsigmoid: { name: 'hard_sigmoid', alpha: 1 / 6, beta: 0.5 },
  leakyrelu: { name: 'leaky_relu', alpha: 0.2 }, elu: { name: 'elu', alpha: 1 },
};
const TAKES_ALPHA = new Set(['affine', 'leakyrelu', 'thresholdedrelu', 'scaledtanh', 'hardsigmoid', 'elu']);
const TAKES_BETA = new Set(['affine', 'scaledtanh', 'hardsigmoid']);

type Kind = keyof typeof GATES;

function kerasActivations(n: INodeProto, kind: Kind): string[] {
  const a = attributes(n);
  const names = ((a.get('activations') as string[] | undefined) ?? [...DEFAULT_ACTIVATIONS[kind]]).map((s) => s.toLowerCase());
  const alphas = [...((a.get('activation_alpha') as number[] | undefined) ?? [])];
  const betas = [...((a.get('activation_beta') as number[] | undefined) ?? [])];
  return names.map((name) => {
    const keras = KERAS[name];
    const alpha = TAKES_ALPHA.has(name) ? alphas.shift() : undefined;
    const beta = TAKES_BETA.has(name) ? betas.shift() : undefined;
    const close = (v: number | undefined, want: number | undefined) => want === undefined || v === undefined || Math.abs(v - want) < 1e-6;
    if (!keras || !close(alpha, keras.alpha) || !close(beta, keras.beta)) throw new OnnxImportError(`${where(n)}uses the activation ${name}${alpha !== undefined ? ` (alpha ${alpha})` : ''}, which no Keras activation matches.`);
    return keras.name;
  });
}

/** ONNX [1, gates·units, rows] → Keras [rows, gates·units] in Keras's gate order. */
function kerasMatrix(data: ArrayLike<number>, rows: number, kind: Kind, units: number): Float32Array {
  const cols = GATES[kind] * units;
  const out = new Float32Array(rows * cols);
  ORDER[kind].forEach((kerasGate, g) => {
    for (let j = 0; j < units; j++) for (let r = 0; r < rows; r++) out[r * cols + kerasGate * units + j] = data[(g * units + j) * rows + r]!;
  });
  return out;
}

function kerasVector(data: ArrayLike<number>, offset: number, kind: Kind, units: number): Float32Array {
  const out = new Float32Array(GATES[kind] * units);
  ORDER[kind].forEach((kerasGate, g) => {
    for (let j = 0; j < units; j++) out[kerasGate * units + j] = data[offset + g * units + j]!;
  });
  return out;
}

export function recurrentHandler(kind: Kind): ImportHandler {
  return (g, n) => {
    const a = attributes(n);
    const refuse = (why: string): never => {
      throw new OnnxImportError(`${where(n)}${why}`);
    };
    const direction = String(a.get('direction') ?? 'forward');
    if (direction === 'bidirectional') refuse('runs both directions in one op; import it as two layers is not supported yet.');
    if (a.has('clip')) refuse('clips its cell state, which Keras layers do not.');
    if (Number(a.get('input_forget') ?? 0)) refuse('couples its input and forget gates, which Keras\'s LSTM does not.');
    if (Number(a.get('layout') ?? 0)) refuse('is batch-major (layout=1); Netwright reads the time-major form.');
    if ((n.input ?? []).slice(4).some((i) => i)) refuse('takes sequence lengths, an initial state or peepholes, which Keras layers do not.');
    const units = Number(a.get('hidden_size'));
    const W = g.constant(n.input?.[1]);
    const R = g.constant(n.input?.[2]);
    const B = g.constant(n.input?.[3]);
    if (!W || !R) refuse('needs its weights as constants in the file.');
    const features = W!.dims[2]!;
    const acts = kerasActivations(n, kind);
    if (kind === 'LSTM' && acts[1] !== acts[2]) refuse('uses different activations for the candidate and the output, which Keras\'s LSTM does not.');
    const resetAfter = kind === 'GRU' && Number(a.get('linear_before_reset') ?? 0) === 1;
    const G = GATES[kind] * units;
    const weights: Record<string, Float32Array> = {
      kernel: kerasMatrix(W!.data, features, kind, units),
      recurrent_kernel: kerasMatrix(R!.data, units, kind, units),
    };
    if (B) {
      if (resetAfter) {
        const bias = new Float32Array(2 * G);
        bias.set(kerasVector(B.data, 0, kind, units), 0);
        bias.set(kerasVector(B.data, G, kind, units), G);
        weights['bias'] = bias;
      } else {
        const [wb, rb] = [kerasVector(B.data, 0, kind, units), kerasVector(B.data, G, kind, units)];
        weights['bias'] = wb.map((v, i) => v + rb[i]!);
      }
    }
    // The sequence, time-major; a reverse Slice just before is go_backwards.
    const xName = n.input![0]!;
    const reversedFrom = g.reversed.get(xName);
    const x0: Tensor = reversedFrom ?? g.tensor(xName, n);
    const x = g.toPerm(x0, TIME_MAJOR, hintOf(n));
    const goBackwards = (direction === 'reverse') !== (reversedFrom !== undefined);

    const base = {
      units,
      activation: kind === 'RNN' ? acts[0] : acts[1],
      ...(kind !== 'RNN' ? { recurrent_activation: acts[0] } : {}),
      use_bias: !!B,
      go_backwards: goBackwards,
      ...(kind === 'GRU' ? { reset_after: resetAfter } : {}),
    };
    const [y, yh, yc] = [0, 1, 2].map((k) => n.output?.[k] || '') as [string, string, string];
    if (yc && ((g.consumers.get(yc)?.length ?? 0) > 0 || g.graphOutputs.has(yc))) refuse('uses the LSTM\'s last cell state, which Keras\'s LSTM (without return_state) does not return.');
    const readers = (value: string, axis: number) => {
      if (!value || (!g.graphOutputs.has(value) && !(g.consumers.get(value)?.length))) return undefined;
      const users = g.consumers.get(value) ?? [];
      const ok = !g.graphOutputs.has(value) && users.every((u) => u.opType === 'Squeeze' && squeezes(g, u, axis));
      if (!ok) refuse(`has its ${axis === 1 ? 'Y' : 'Y_h'} output read other than through Squeeze(axis ${axis}).`);
      return users;
    };
    const ySqueezes = readers(y, 1);
    const hSqueezes = readers(yh, 0);
    if (ySqueezes && direction === 'reverse') refuse('returns every step of a reverse pass in input order; Keras returns them in reading order.');
    for (const [squeezesOf, sequences] of [[ySqueezes, true], [hSqueezes, false]] as const) {
      if (!squeezesOf) continue;
      const hint = ySqueezes && hSqueezes ? `${hintOf(n)}${sequences ? '_sequences' : '_last'}` : hintOf(n);
      const layer = g.addLayer(LAYER[kind], { ...base, return_sequences: sequences }, [x], weights, hint);
      const value: Tensor = sequences ? { ...layer, perm: TIME_MAJOR } : { ...layer, perm: identity(2) };
      for (const s of squeezesOf) {
        g.done.add(s);
        g.values.set(s.output![0]!, value);
      }
    }
  };
}

function squeezes(g: ImportGraph, n: INodeProto, axis: number): boolean {
  const axes = g.constant(n.input?.[1])?.data ?? (attributes(n).get('axes') as number[] | undefined);
  return !!axes && axes.length === 1 && axes[0] === axis;
}

/** Slice: only a whole-sequence reverse read by a recurrent op (go_backwards) has a meaning here. */
export const sliceHandler: ImportHandler = (g, n) => {
  const c = (k: number) => g.constant(n.input?.[k]);
  const [starts, ends, axes, steps] = [c(1), c(2), c(3), c(4)].map((t) => (t ? Array.from(t.data) : undefined));
  const x = g.tensor(n.input![0]!, n);
  const readers = g.consumers.get(n.output![0]!) ?? [];
  const axis = axes?.[0] ?? 0;
  const logical = x.perm[axis < 0 ? axis + x.shape.length : axis];
  const whole = starts?.[0] === -1 && ends !== undefined && ends[0]! <= -(x.shape[logical ?? 0]! + 1);
  const isReverse = steps?.length === 1 && steps[0] === -1 && whole && logical === 1 && x.shape.length === 3;
  if (isReverse && readers.length > 0 && readers.every((r) => (r.opType ?? '') in GATES && r.input?.[0] === n.output![0])) {
    g.reversed.set(n.output![0]!, x);
    return;
  }
  throw new OnnxImportError(`${where(n)}slices data, and Netwright has no layer that does (only a reverse read by a recurrent layer is understood).`);
};
