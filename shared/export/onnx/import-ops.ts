/**
 * ONNX op → Netwright layer, one handler per op (recurrent ops in
 * import-recurrent.ts). A handler reads its inputs from the ImportGraph, adds
 * layers, and sets its outputs' values. A few handlers recognise a short
 * pattern the exporters write (MatMul + Add is a Dense, Add then × ½ is an
 * Average, x·Sigmoid(x) is swish, Cast(x > 0) is step, Unsqueeze + Tile is
 * RepeatVector) and mark the later nodes done.
 *
 * A handler refuses (an OnnxImportError) what its layers cannot express;
 * the importer then keeps the node as a generic OnnxOp (import-generic.ts).
 */
import { kerasPads } from './rules/linear';
import { channelsFirst, identity, permuteData, samePerm } from './layout';
import { attributes, hintOf, type ImportGraph, physicalShape, type Tensor, where } from './import-graph';
import { type INodeProto, DataType } from './proto';
import { OnnxImportError, type TensorData } from './tensor-data';
import { transposeOutput } from '../../layers/shape-rules';

export type ImportHandler = (g: ImportGraph, n: INodeProto, opset: number) => void;

const out = (n: INodeProto, k = 0) => n.output?.[k] ?? '';
const input = (n: INodeProto, k: number) => n.input?.[k] || undefined;
const f32 = (t: TensorData) => (t.data instanceof Float32Array ? t.data : Float32Array.from(t.data));
const ints = (t: TensorData | undefined) => (t ? Array.from(t.data, (v) => Math.round(v)) : undefined);
const size = (dims: readonly number[]) => dims.reduce((a, d) => a * d, 1);

function refuse(n: INodeProto, why: string): never {
  throw new OnnxImportError(`${where(n)}${why}`);
}

function need<T>(v: T | undefined, n: INodeProto, what: string): T {
  if (v === undefined) refuse(n, `needs ${what} as a constant in the file; Netwright cannot compute it while running.`);
  return v;
}

function set(g: ImportGraph, n: INodeProto, t: Tensor, k = 0): void {
  g.values.set(out(n, k), t);
}

// ── Elementwise ────────────────────────────────────────────────────────

const ACTIVATION_OPS: Record<string, string> = { Relu: 'relu', Sigmoid: 'sigmoid', Tanh: 'tanh', Softplus: 'softplus', Softsign: 'softsign' };

/** Layers with an `activation` parameter, which a following activation op can join. */
const WITH_ACTIVATION = new Set(['Dense', 'Conv1D', 'Conv2D', 'Conv2DTranspose', 'DepthwiseConv2D']);

/** Joins activation `name` to the layer computing `x`, when nothing else reads x. Returns whether it did. */
function joinActivation(g: ImportGraph, n: INodeProto, x: Tensor, name: string): boolean {
  const layer = g.layer(x.node);
  if (!layer || !WITH_ACTIVATION.has(layer.type) || (layer.params['activation'] ?? 'linear') !== 'linear' || g.soleConsumer(input(n, 0)!) !== n) return false;
  layer.params['activation'] = name;
  g.values.set(out(n), x);
  return true;
}

function activation(name: string): ImportHandler {
  return (g, n) => {
    const x = g.tensor(input(n, 0)!, n);
    if (name === 'sigmoid') {
      // swish: x · Sigmoid(x)
      const mul = g.soleConsumer(out(n));
      if (mul?.opType === 'Mul' && mul.input?.includes(input(n, 0)!) && mul.input.includes(out(n))) {
        g.done.add(mul);
        g.values.set(out(mul), { ...g.addLayer('Activation', { activation: 'swish' }, [x], {}, hintOf(n)), perm: x.perm });
        return;
      }
    }
    if (joinActivation(g, n, x, name)) return;
    set(g, n, { ...g.addLayer('Activation', { activation: name }, [x], {}, hintOf(n)), perm: x.perm });
  };
}

const passThrough: ImportHandler = (g, n) => {
  g.values.set(out(n), g.val(input(n, 0)!, n));
};

const elu: ImportHandler = (g, n) => {
  const x = g.tensor(input(n, 0)!, n);
  const alpha = Number(attributes(n).get('alpha') ?? 1);
  const layer = Math.abs(alpha - 1) < 1e-7 ? g.addLayer('Activation', { activation: 'elu' }, [x], {}, hintOf(n)) : g.addLayer('ELU', { alpha }, [x], {}, hintOf(n));
  set(g, n, { ...layer, perm: x.perm });
};

const leakyRelu: ImportHandler = (g, n) => {
  const x = g.tensor(input(n, 0)!, n);
  const alpha = Number(attributes(n).get('alpha') ?? 0.01);
  set(g, n, { ...g.addLayer('LeakyReLU', { negative_slope: alpha }, [x], {}, hintOf(n)), perm: x.perm });
};

const hardSigmoid: ImportHandler = (g, n) => {
  const a = attributes(n);
  if (Math.abs(Number(a.get('alpha') ?? 0.2) - 1 / 6) > 1e-6 || Math.abs(Number(a.get('beta') ?? 0.5) - 0.5) > 1e-6) {
    refuse(n, 'is a HardSigmoid with a slope other than Keras\'s (1/6), which no Netwright activation computes.');
  }
  activation('hard_sigmoid')(g, n, 0);
};

const selu: ImportHandler = (g, n) => {
  const a = attributes(n);
  if (Math.abs(Number(a.get('alpha') ?? 1.67326319) - 1.67326319) > 1e-6 || Math.abs(Number(a.get('gamma') ?? 1.05070102) - 1.05070102) > 1e-6) {
    refuse(n, 'is a SELU with its own alpha or gamma; Netwright\'s SELU has the standard constants.');
  }
  activation('selu')(g, n, 0);
};

const gelu: ImportHandler = (g, n) => {
  if ((attributes(n).get('approximate') ?? 'none') !== 'none') refuse(n, 'is the tanh approximation of GELU; Netwright\'s GELU is the exact one.');
  activation('gelu')(g, n, 0);
};

function softmax(log: boolean): ImportHandler {
  return (g, n, opset) => {
    const x = g.tensor(input(n, 0)!, n);
    const rank = x.shape.length;
    const raw = Number(attributes(n).get('axis') ?? (opset >= 13 ? -1 : 1));
    const physical = raw < 0 ? raw + rank : raw;
    if (opset < 13 && physical !== rank - 1) refuse(n, 'flattens its input before the softmax (opset < 13), which no layer does.');
    const axis = x.perm[physical]!;
    if (log && axis !== rank - 1) refuse(n, 'takes a log-softmax over an axis other than the last.');
    if (axis === rank - 1 && joinActivation(g, n, x, log ? 'log_softmax' : 'softmax')) return;
    const layer = log
      ? g.addLayer('Activation', { activation: 'log_softmax' }, [x], {}, hintOf(n))
      : g.addLayer('Softmax', axis === rank - 1 ? {} : { axis }, [x], {}, hintOf(n));
    set(g, n, { ...layer, perm: x.perm });
  };
}

/** step: Cast(Greater(x, 0)) to float. */
const greater: ImportHandler = (g, n) => {
  const zero = g.constant(input(n, 1));
  const cast = g.soleConsumer(out(n));
  if (!zero || zero.data.length !== 1 || zero.data[0] !== 0 || cast?.opType !== 'Cast') refuse(n, 'compares values; only Cast(x > 0) (the step activation) has a layer.');
  const x = g.tensor(input(n, 0)!, n);
  g.done.add(cast);
  g.values.set(out(cast), { ...g.addLayer('Activation', { activation: 'step' }, [x], {}, hintOf(n)), perm: x.perm });
};

const MERGES: Record<string, string> = { Add: 'Add', Sub: 'Subtract', Mul: 'Multiply', Max: 'Maximum', Min: 'Minimum' };

function binary(opType: string): ImportHandler {
  return (g, n) => {
    const [a, b] = [input(n, 0)!, input(n, 1)!];
    if ((n.input?.length ?? 0) !== 2) refuse(n, `combines ${n.input?.length ?? 0} inputs; Netwright's merge layers read two from ONNX.`);
    if (g.constant(a) || g.constant(b)) refuse(n, 'combines data with a constant; Netwright has layers only for a bias after a Dense or Conv, and for averages.');
    const x = g.tensor(a, n);
    const y = g.toPerm(g.tensor(b, n), x.perm, hintOf(n));
    // Average: (a + b) · ½
    const mul = opType === 'Add' ? g.soleConsumer(out(n)) : undefined;
    const half = mul?.opType === 'Mul' ? g.constant(mul.input?.find((i) => i !== out(n))) : undefined;
    if (mul && half && half.data.length === 1 && Math.abs(half.data[0]! - 0.5) < 1e-7) {
      g.done.add(mul);
      g.values.set(out(mul), { ...g.addLayer('Average', {}, [x, y], {}, hintOf(n)), perm: x.perm });
      return;
    }
    set(g, n, { ...g.addLayer(MERGES[opType]!, {}, [x, y], {}, hintOf(n)), perm: x.perm });
  };
}

// ── Dense ──────────────────────────────────────────────────────────────

/** A bias added right after `value` (a 1-D constant of `units` values), if the sole consumer is that Add. */
function trailingBias(g: ImportGraph, value: string, units: number): { bias: Float32Array; node: INodeProto } | undefined {
  const add = g.soleConsumer(value);
  if (add?.opType !== 'Add') return undefined;
  const c = g.constant(add.input?.find((i) => i !== value));
  if (!c || c.data.length !== units || c.dims.filter((d) => d !== 1).length > 1) return undefined;
  return { bias: f32(c), node: add };
}

const matMul: ImportHandler = (g, n) => {
  const w = need(g.constant(input(n, 1)), n, 'its second operand (the weights)');
  if (w.dims.length !== 2) refuse(n, 'multiplies by a weight that is not a matrix.');
  const x0 = g.tensor(input(n, 0)!, n);
  const rank = x0.shape.length;
  const x = x0.perm[rank - 1] === rank - 1 ? x0 : g.toPerm(x0, identity(rank), hintOf(n));
  const units = w.dims[1]!;
  const bias = trailingBias(g, out(n), units);
  const dense = g.addLayer('Dense', { units, use_bias: !!bias }, [x], { kernel: f32(w), ...(bias ? { bias: bias.bias } : {}) }, hintOf(n));
  if (bias) g.done.add(bias.node);
  g.values.set(bias ? out(bias.node) : out(n), { ...dense, perm: x.perm });
};

const gemm: ImportHandler = (g, n) => {
  const a = attributes(n);
  if (Number(a.get('transA') ?? 0)) refuse(n, 'transposes its input (transA), which no Dense does.');
  const x = g.tensor(input(n, 0)!, n);
  const w = need(g.constant(input(n, 1)), n, 'its weights (B)');
  const alpha = Number(a.get('alpha') ?? 1);
  const beta = Number(a.get('beta') ?? 1);
  let kernel = f32(w);
  if (Number(a.get('transB') ?? 0)) kernel = permuteData(kernel, w.dims, [1, 0]);
  if (alpha !== 1) kernel = kernel.map((v) => v * alpha);
  const units = Number(a.get('transB') ?? 0) ? w.dims[0]! : w.dims[1]!;
  const c = g.constant(input(n, 2));
  let bias: Float32Array | undefined;
  if (c) {
    if (c.data.length !== units && c.data.length !== 1) refuse(n, 'adds a bias that is not one value per unit.');
    bias = Float32Array.from({ length: units }, (_, i) => beta * c.data[c.data.length === 1 ? 0 : i]!);
  }
  set(g, n, g.addLayer('Dense', { units, use_bias: !!bias }, [x], { kernel, ...(bias ? { bias } : {}) }, hintOf(n)));
};

// ── Convolution and pooling ────────────────────────────────────────────

interface Window {
  readonly window: number[];
  readonly strides: number[];
  readonly dilations: number[];
  readonly pads: [number, number][];
  readonly inSize: number[];
  readonly outSize: number[];
}

function windowOf(n: INodeProto, x: Tensor, window: number[]): Window {
  const a = attributes(n);
  const k = window.length;
  const inSize = physicalShape(x).slice(2);
  const strides = (a.get('strides') as number[] | undefined) ?? Array<number>(k).fill(1);
  const dilations = (a.get('dilations') as number[] | undefined) ?? Array<number>(k).fill(1);
  const autoPad = String(a.get('auto_pad') ?? 'NOTSET');
  let pads: [number, number][];
  if (autoPad === 'VALID') pads = window.map(() => [0, 0]);
  else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    pads = kerasPads('same', inSize, inSize.map((d, i) => Math.ceil(d / strides[i]!)), window, strides, dilations);
    if (autoPad === 'SAME_LOWER') pads = pads.map(([b, e]) => [e, b]);
  } else {
    const flat = (a.get('pads') as number[] | undefined) ?? Array<number>(2 * k).fill(0);
    pads = window.map((_, i) => [flat[i]!, flat[i + k]!]);
  }
  const outSize = inSize.map((d, i) => Math.floor((d + pads[i]![0] + pads[i]![1] - ((window[i]! - 1) * dilations[i]! + 1)) / strides[i]!) + 1);
  return { window, strides, dilations, pads, inSize, outSize };
}

/** Keras's padding name that gives exactly these pads, if there is one. */
function paddingOf(w: Window, allowCausal: boolean): string | undefined {
  if (w.pads.every(([b, e]) => b === 0 && e === 0)) return 'valid';
  const same = kerasPads('same', w.inSize, w.outSize, w.window, w.strides, w.dilations);
  if (w.outSize.every((o, i) => o === Math.ceil(w.inSize[i]! / w.strides[i]!)) && same.every(([b, e], i) => b === w.pads[i]![0] && e === w.pads[i]![1])) return 'same';
  if (allowCausal && w.window.length === 1 && w.strides[0] === 1 && w.pads[0]![0] === (w.window[0]! - 1) * w.dilations[0]! && w.pads[0]![1] === 0) return 'causal';
  return undefined;
}

const conv: ImportHandler = (g, n) => {
  const W = need(g.constant(input(n, 1)), n, 'its kernel (W)');
  const k = W.dims.length - 2;
  if (k < 1 || k > 2) refuse(n, `convolves over ${k} spatial axes; Netwright has Conv1D and Conv2D.`);
  const x0 = g.tensor(input(n, 0)!, n);
  if (x0.shape.length !== k + 2) refuse(n, `expects a rank-${k + 2} input but gets rank ${x0.shape.length}.`);
  let x = g.toPerm(x0, channelsFirst(k + 2), hintOf(n));
  const group = Number(attributes(n).get('group') ?? 1);
  const w = windowOf(n, x, W.dims.slice(2));
  let padding = paddingOf(w, k === 1);
  if (!padding && k === 2) {
    // Uneven or extra padding: a ZeroPadding2D first, then a "valid" Conv2D.
    x = { ...g.addLayer('ZeroPadding2D', { padding: w.pads }, [x], {}, `${hintOf(n)}/pad`), perm: x.perm };
    padding = 'valid';
  }
  if (!padding) refuse(n, `pads by [${w.pads.map((p) => p.join(', ')).join('; ')}], which no Conv1D padding ("valid", "same", "causal") gives.`);
  const kernel = permuteData(f32(W), W.dims, [...identity(k).map((i) => i + 2), 1, 0]);
  const B = g.constant(input(n, 2));
  const cin = physicalShape(x)[1]!;
  const cout = W.dims[0]!;
  const common = { kernel_size: w.window, strides: w.strides, padding, dilation_rate: w.dilations, use_bias: !!B };
  const weights = { kernel, ...(B ? { bias: f32(B) } : {}) };
  let layer: Tensor;
  if (group > 1 && group === cin && k === 2 && W.dims[1] === 1) {
    layer = g.addLayer('DepthwiseConv2D', { ...common, depth_multiplier: cout / cin }, [x], weights, hintOf(n));
  } else {
    layer = g.addLayer(k === 1 ? 'Conv1D' : 'Conv2D', { ...common, filters: cout, groups: group }, [x], weights, hintOf(n));
  }
  set(g, n, { ...layer, perm: channelsFirst(k + 2) });
};

const convTranspose: ImportHandler = (g, n) => {
  const a = attributes(n);
  const W = need(g.constant(input(n, 1)), n, 'its kernel (W)');
  if (W.dims.length !== 4) refuse(n, 'is not 2-D; Netwright has Conv2DTranspose only.');
  if (Number(a.get('group') ?? 1) !== 1) refuse(n, 'is grouped, which Conv2DTranspose is not.');
  if (((a.get('dilations') as number[] | undefined) ?? [1, 1]).some((d) => d !== 1)) refuse(n, 'is dilated, which Conv2DTranspose is not.');
  const x = g.toPerm(g.tensor(input(n, 0)!, n), channelsFirst(4), hintOf(n));
  const window = W.dims.slice(2);
  const strides = (a.get('strides') as number[] | undefined) ?? [1, 1];
  const flat = (a.get('pads') as number[] | undefined) ?? [0, 0, 0, 0];
  const extra = (a.get('output_padding') as number[] | undefined) ?? [0, 0];
  const inSize = physicalShape(x).slice(2);
  const given = a.get('output_shape') as number[] | undefined;
  const outSize = given?.slice(-2) ?? inSize.map((d, i) => strides[i]! * (d - 1) + extra[i]! + window[i]! - flat[i]! - flat[i + 2]!);
  const before = flat.slice(0, 2);
  const fits = (padding: 'valid' | 'same', op: number[] | null) => inSize.every((d, i) => {
    const o = transposeOutput(d, window[i]!, strides[i]!, padding, op?.[i] ?? null);
    const full = (d - 1) * strides[i]! + window[i]!;
    const b = padding === 'same' ? Math.floor(Math.max(full - o, 0) / 2) : 0;
    return o === outSize[i] && b === before[i] && (op === null || (op[i]! >= 0 && op[i]! < strides[i]!));
  });
  let chosen: { padding: 'valid' | 'same'; op: number[] | null } | undefined;
  for (const padding of ['valid', 'same'] as const) {
    const pad = (i: number) => (padding === 'same' ? Math.floor(window[i]! / 2) : 0);
    const op = inSize.map((d, i) => outSize[i]! - ((d - 1) * strides[i]! + window[i]! - 2 * pad(i)));
    if (fits(padding, null)) chosen = { padding, op: null };
    else if (fits(padding, op)) chosen = { padding, op };
    if (chosen) break;
  }
  if (!chosen) refuse(n, `crops its output in a way Keras's Conv2DTranspose padding cannot (pads [${flat.join(', ')}]).`);
  const kernel = permuteData(f32(W), W.dims, [2, 3, 1, 0]);
  const B = g.constant(input(n, 2));
  const params = { filters: W.dims[1]!, kernel_size: window, strides, padding: chosen.padding, output_padding: chosen.op, use_bias: !!B };
  set(g, n, { ...g.addLayer('Conv2DTranspose', params, [x], { kernel, ...(B ? { bias: f32(B) } : {}) }, hintOf(n)), perm: channelsFirst(4) });
};

function pool(kind: 'Max' | 'Average'): ImportHandler {
  return (g, n) => {
    const a = attributes(n);
    const window = a.get('kernel_shape') as number[];
    const k = window.length;
    if (k < 1 || k > 2) refuse(n, `pools over ${k} spatial axes; Netwright pools over 1 or 2.`);
    if (Number(a.get('ceil_mode') ?? 0)) refuse(n, 'rounds its output size up (ceil_mode), which Keras pooling does not.');
    if (((a.get('dilations') as number[] | undefined) ?? []).some((d) => d !== 1)) refuse(n, 'is dilated, which Keras pooling is not.');
    if ((n.output?.length ?? 1) > 1 && n.output![1]) refuse(n, 'also returns the indices of the maxima, which no layer does.');
    const x = g.toPerm(g.tensor(input(n, 0)!, n), channelsFirst(k + 2), hintOf(n));
    const w = windowOf(n, x, window);
    const padding = paddingOf(w, false);
    if (!padding) refuse(n, `pads by [${w.pads.map((p) => p.join(', ')).join('; ')}], which neither "valid" nor "same" gives.`);
    if (kind === 'Average' && padding === 'same' && Number(a.get('count_include_pad') ?? 0)) refuse(n, 'counts padding in its averages, which Keras does not.');
    const layer = g.addLayer(`${kind}Pooling${k}D`, { pool_size: window, strides: w.strides, padding }, [x], {}, hintOf(n));
    set(g, n, { ...layer, perm: channelsFirst(k + 2) });
  };
}

function globalPool(kind: 'Max' | 'Average'): ImportHandler {
  return (g, n) => {
    const x0 = g.tensor(input(n, 0)!, n);
    const rank = x0.shape.length;
    if (rank < 3 || rank > 4) refuse(n, `pools over ${rank - 2} spatial axes; Netwright pools over 1 or 2.`);
    const x = g.toPerm(x0, channelsFirst(rank), hintOf(n));
    set(g, n, { ...g.addLayer(`Global${kind}Pooling${rank - 2}D`, { keepdims: true }, [x], {}, hintOf(n)), perm: channelsFirst(rank) });
  };
}

function reduce(kind: 'Max' | 'Average'): ImportHandler {
  return (g, n, opset) => {
    const a = attributes(n);
    const x = g.tensor(input(n, 0)!, n);
    const rank = x.shape.length;
    const axesIn = opset >= 18 ? ints(g.constant(input(n, 1))) : (a.get('axes') as number[] | undefined);
    const physical = (axesIn ?? identity(rank)).map((ax) => (ax < 0 ? ax + rank : ax));
    const logical = physical.map((p) => x.perm[p]!).sort((p, q) => p - q);
    const keepDims = Number(a.get('keepdims') ?? 1) === 1;
    if ((rank !== 3 && rank !== 4) || !samePerm(logical, identity(rank).slice(1, -1))) refuse(n, 'reduces over axes other than the spatial ones, which no pooling layer does.');
    const layer = g.addLayer(`Global${kind}Pooling${rank - 2}D`, { keepdims: keepDims }, [x], {}, hintOf(n));
    const left = x.perm.filter((l) => !logical.includes(l));
    const sorted = [...left].sort((p, q) => p - q);
    set(g, n, { ...layer, perm: keepDims ? x.perm : left.map((l) => sorted.indexOf(l)) });
  };
}

// ── Normalisation ──────────────────────────────────────────────────────

const batchNorm: ImportHandler = (g, n) => {
  const a = attributes(n);
  if (Number(a.get('training_mode') ?? 0)) refuse(n, 'is in training mode; only inference models can be imported.');
  const x = g.tensor(input(n, 0)!, n);
  const [gamma, beta, mean, variance] = [1, 2, 3, 4].map((k) => f32(need(g.constant(input(n, k)), n, 'its scale, bias, mean and variance')));
  const params = { axis: x.perm[1]!, epsilon: Number(a.get('epsilon') ?? 1e-5) };
  const layer = g.addLayer('BatchNormalization', params, [x], { gamma: gamma!, beta: beta!, moving_mean: mean!, moving_variance: variance! }, hintOf(n));
  set(g, n, { ...layer, perm: x.perm });
};

const layerNorm: ImportHandler = (g, n) => {
  const a = attributes(n);
  if ((n.output ?? []).slice(1).some((o) => o)) refuse(n, 'also returns its mean and variance, which no layer does.');
  let x = g.tensor(input(n, 0)!, n);
  const rank = x.shape.length;
  const raw = Number(a.get('axis') ?? -1);
  const first = raw < 0 ? raw + rank : raw;
  let axes = x.perm.slice(first);
  if (!axes.every((v, i) => i === 0 || v > axes[i - 1]!)) {
    x = g.toPerm(x, identity(rank), hintOf(n));
    axes = identity(rank).slice(first);
  }
  const gamma = f32(need(g.constant(input(n, 1)), n, 'its scale'));
  const B = g.constant(input(n, 2));
  const params = { axis: [...axes], epsilon: Number(a.get('epsilon') ?? 1e-5), center: !!B };
  set(g, n, { ...g.addLayer('LayerNormalization', params, [x], { gamma, ...(B ? { beta: f32(B) } : {}) }, hintOf(n)), perm: x.perm });
};

// ── Layout ─────────────────────────────────────────────────────────────

const transpose: ImportHandler = (g, n) => {
  const v = g.val(input(n, 0)!, n);
  const rank = v.kind === 'const' ? v.tensor.dims.length : v.shape.length;
  const perm = (attributes(n).get('perm') as number[] | undefined) ?? identity(rank).reverse();
  if (v.kind === 'const') {
    const t = v.tensor;
    g.values.set(out(n), { kind: 'const', tensor: { dims: perm.map((p) => t.dims[p]!), data: permuteData(f32(t), t.dims, perm), isFloat: true } });
    return;
  }
  // No layer: the same data, stored in another order.
  g.values.set(out(n), { ...v, perm: perm.map((p) => v.perm[p]!) });
};

const flatten: ImportHandler = (g, n) => {
  if (Number(attributes(n).get('axis') ?? 1) !== 1) refuse(n, 'flattens from an axis other than 1, which Flatten does not.');
  const x = g.toPerm(g.tensor(input(n, 0)!, n), identity(g.tensor(input(n, 0)!, n).shape.length), hintOf(n));
  set(g, n, g.addLayer('Flatten', {}, [x], {}, hintOf(n)));
};

/** Reshape to `target` (per sample); a flat target becomes a Flatten. */
function reshapeTo(g: ImportGraph, n: INodeProto, x0: Tensor, target: number[]): void {
  const x = g.toPerm(x0, identity(x0.shape.length), hintOf(n));
  const count = size(x.shape.slice(1));
  if (target.length === 1 && (target[0] === -1 || target[0] === count) && x.shape.length > 2) set(g, n, g.addLayer('Flatten', {}, [x], {}, hintOf(n)));
  else set(g, n, g.addLayer('Reshape', { target_shape: target }, [x], {}, hintOf(n)));
}

const reshape: ImportHandler = (g, n) => {
  const x = g.tensor(input(n, 0)!, n);
  const shape = need(ints(g.constant(input(n, 1))), n, 'its target shape');
  if (Number(attributes(n).get('allowzero') ?? 0)) refuse(n, 'uses allowzero, which Reshape does not.');
  const physical = physicalShape(x);
  const target = shape.slice(1).map((d, i) => (d === 0 ? physical[i + 1]! : d));
  if (shape[0] !== 0 && shape[0] !== -1 && target.includes(-1)) refuse(n, 'reshapes across the batch axis.');
  reshapeTo(g, n, x, target);
};

function squeezeAxes(g: ImportGraph, n: INodeProto, opset: number): number[] | undefined {
  return opset >= 13 ? ints(g.constant(input(n, 1))) : (attributes(n).get('axes') as number[] | undefined);
}

const squeeze: ImportHandler = (g, n, opset) => {
  const x = g.tensor(input(n, 0)!, n);
  const physical = physicalShape(x);
  const axes = (squeezeAxes(g, n, opset) ?? physical.flatMap((d, i) => (d === 1 ? [i] : []))).map((a) => (a < 0 ? a + physical.length : a));
  if (axes.includes(0)) refuse(n, 'removes the batch axis.');
  reshapeTo(g, n, x, physical.slice(1).filter((_, i) => !axes.includes(i + 1)));
};

const unsqueeze: ImportHandler = (g, n, opset) => {
  const x = g.tensor(input(n, 0)!, n);
  const physical = physicalShape(x);
  const rank = physical.length + (squeezeAxes(g, n, opset)?.length ?? 0);
  const axes = need(squeezeAxes(g, n, opset), n, 'its axes').map((a) => (a < 0 ? a + rank : a));
  if (axes.includes(0)) refuse(n, 'adds an axis before the batch.');
  // RepeatVector: Unsqueeze at axis 1, then Tile along it only.
  const tile = g.soleConsumer(out(n));
  const repeats = tile?.opType === 'Tile' ? ints(g.constant(input(tile, 1))) : undefined;
  if (tile && repeats && physical.length === 2 && axes.length === 1 && axes[0] === 1 && repeats[0] === 1 && repeats[2] === 1) {
    g.done.add(tile);
    g.values.set(out(tile), g.addLayer('RepeatVector', { n: repeats[1]! }, [g.toPerm(x, identity(2), hintOf(n))], {}, hintOf(n)));
    return;
  }
  const shape = [...physical];
  for (const a of [...axes].sort((p, q) => p - q)) shape.splice(a, 0, 1);
  reshapeTo(g, n, x, shape.slice(1));
};

const concat: ImportHandler = (g, n) => {
  const inputs = (n.input ?? []).map((i) => g.tensor(i, n));
  const first = inputs[0]!;
  const rank = first.shape.length;
  const raw = Number(attributes(n).get('axis'));
  const axis = first.perm[raw < 0 ? raw + rank : raw]!;
  const aligned = inputs.map((t) => g.toPerm(t, first.perm, hintOf(n)));
  set(g, n, { ...g.addLayer('Concatenate', { axis }, aligned, {}, hintOf(n)), perm: first.perm });
};

const pad: ImportHandler = (g, n, opset) => {
  const a = attributes(n);
  if (String(a.get('mode') ?? 'constant') !== 'constant') refuse(n, `pads by ${String(a.get('mode'))}; Netwright pads with zeros only.`);
  const value = opset >= 11 ? g.constant(input(n, 2))?.data[0] ?? 0 : Number(a.get('value') ?? 0);
  if (value !== 0) refuse(n, 'pads with a value other than zero.');
  const x = g.tensor(input(n, 0)!, n);
  const rank = x.shape.length;
  const flat = need(opset >= 11 ? ints(g.constant(input(n, 1))) : (a.get('pads') as number[] | undefined), n, 'its pads');
  if (opset >= 18 && input(n, 3)) refuse(n, 'pads only some axes (the axes input), which Netwright does not read yet.');
  const logical: [number, number][] = identity(rank).map(() => [0, 0]);
  x.perm.forEach((l, j) => (logical[l] = [flat[j]!, flat[j + rank]!]));
  if (rank !== 4 || [0, 3].some((l) => logical[l]![0] || logical[l]![1])) refuse(n, 'pads axes other than an image\'s height and width, which ZeroPadding2D does not.');
  set(g, n, { ...g.addLayer('ZeroPadding2D', { padding: [logical[1], logical[2]] }, [x], {}, hintOf(n)), perm: x.perm });
};

const resize: ImportHandler = (g, n) => {
  const a = attributes(n);
  if (String(a.get('mode') ?? 'nearest') !== 'nearest') refuse(n, `resizes by ${String(a.get('mode'))} interpolation; UpSampling2D repeats pixels (nearest).`);
  const coords = String(a.get('coordinate_transformation_mode') ?? 'half_pixel');
  const rounding = String(a.get('nearest_mode') ?? 'round_prefer_floor');
  const repeats = (coords === 'asymmetric' && (rounding === 'floor' || rounding === 'round_prefer_floor')) || ['half_pixel', 'pytorch_half_pixel'].includes(coords);
  if (!repeats) refuse(n, `maps coordinates by "${coords}" with "${rounding}" rounding, which does not simply repeat pixels.`);
  const x = g.tensor(input(n, 0)!, n);
  const physical = physicalShape(x);
  const scaleInput = n.opType === 'Upsample' ? input(n, 1) : input(n, 2);
  const sizes = n.opType === 'Resize' ? ints(g.constant(input(n, 3))) : undefined;
  const scales = sizes ? sizes.map((s, j) => s / physical[j]!) : Array.from(need(g.constant(scaleInput), n, 'its scales').data);
  const factors = identity(physical.length).map(() => 1);
  x.perm.forEach((l, j) => (factors[l] = scales[j]!));
  if (physical.length !== 4 || factors[0] !== 1 || factors[3] !== 1 || !factors.every(Number.isInteger)) refuse(n, 'resizes other than by whole factors of an image\'s height and width.');
  set(g, n, { ...g.addLayer('UpSampling2D', { size: [factors[1], factors[2]] }, [x], {}, hintOf(n)), perm: x.perm });
};

const gather: ImportHandler = (g, n) => {
  const table = g.constant(input(n, 0));
  if (!table || table.dims.length !== 2 || Number(attributes(n).get('axis') ?? 0) !== 0) refuse(n, 'is not a lookup of rows in a weight table (an Embedding).');
  const ids = g.tensor(input(n, 1)!, n);
  const params = { input_dim: table.dims[0]!, output_dim: table.dims[1]! };
  set(g, n, g.addLayer('Embedding', params, [g.toPerm(ids, identity(ids.shape.length), hintOf(n))], { embeddings: f32(table) }, hintOf(n)));
};

const cast: ImportHandler = (g, n) => {
  const to = Number(attributes(n).get('to'));
  const v = g.val(input(n, 0)!, n);
  const float = [DataType.FLOAT, DataType.DOUBLE, DataType.FLOAT16].includes(to);
  if (v.kind === 'tensor' && (v.dtype === 'f32') !== float) refuse(n, 'converts between whole numbers and decimals, which no layer does.');
  g.values.set(out(n), v);
};

const constant: ImportHandler = (g, n) => {
  const value = n.attribute?.find((a) => a.name === 'value');
  if (!value?.t) refuse(n, 'holds a kind of constant Netwright cannot read.');
  g.values.set(out(n), { kind: 'const', tensor: g.readTensor(value.t) });
};

export const IMPORT_OPS: Record<string, ImportHandler> = {
  ...Object.fromEntries(Object.entries(ACTIVATION_OPS).map(([op, name]) => [op, activation(name)])),
  Identity: passThrough,
  Dropout: passThrough,
  Elu: elu,
  LeakyRelu: leakyRelu,
  HardSigmoid: hardSigmoid,
  Selu: selu,
  Gelu: gelu,
  Softmax: softmax(false),
  LogSoftmax: softmax(true),
  Greater: greater,
  ...Object.fromEntries(Object.keys(MERGES).map((op) => [op, binary(op)])),
  MatMul: matMul,
  Gemm: gemm,
  Conv: conv,
  ConvTranspose: convTranspose,
  MaxPool: pool('Max'),
  AveragePool: pool('Average'),
  GlobalMaxPool: globalPool('Max'),
  GlobalAveragePool: globalPool('Average'),
  ReduceMean: reduce('Average'),
  ReduceMax: reduce('Max'),
  BatchNormalization: batchNorm,
  LayerNormalization: layerNorm,
  Transpose: transpose,
  Flatten: flatten,
  Reshape: reshape,
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  Concat: concat,
  Pad: pad,
  Resize: resize,
  Upsample: resize,
  Gather: gather,
  Cast: cast,
  Constant: constant,
};

