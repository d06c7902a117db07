/**
 * Dense algebra and convolutions.
 *
 *   matmul            Gemm when the input is 2-D and a bias follows (Dense), else MatMul;
 *                     MatMul works in any layout that keeps the feature axis last
 *   conv              Conv, channels-first, kernel stored as ONNX's [Cout, Cin/g, ...k],
 *                     with Keras's "same" padding as explicit pads and a fused bias
 *   conv_transpose    ConvTranspose, kernel [Cin, Cout, ...k], pads (and output_padding)
 *                     chosen so the output has the size Keras gives it
 */
import type { ExportContext, ExportRule, MappedOp } from '../context';
import { channelsFirst, identity, permuteData } from '../layout';

type Pads = [number, number][];

/**
 * Keras's padding as [before, after] per spatial axis: 'same' pads
 * max((out − 1)·s + (k − 1)·d + 1 − in, 0) in all, the smaller half before
 * (TensorFlow's rule, which the engine follows too).
 */
export function kerasPads(padding: string, inSize: readonly number[], outSize: readonly number[], window: readonly number[], strides: readonly number[], dilations: readonly number[]): Pads {
  return inSize.map((n, i) => {
    if (padding !== 'same') return [0, 0];
    const total = Math.max((outSize[i]! - 1) * strides[i]! + (window[i]! - 1) * dilations[i]! + 1 - n, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  });
}

export const onnxPads = (pads: Pads) => [...pads.map((p) => p[0]), ...pads.map((p) => p[1])];

const spatial = <T>(shape: readonly T[]) => shape.slice(1, -1);

/** A channels-last kernel [...k, a, b] as ONNX's [b, a, ...k], stored under the weight's own name. */
function kernelChannelsFirst(ctx: ExportContext, i: number): string {
  const rank = ctx.irNode(ctx.node.src[i]!).shape.length;
  const k = rank - 2;
  const perm = [k + 1, k, ...identity(k)];
  const c = ctx.constant(i);
  if (!c) return ctx.op1('Transpose', [ctx.input(i)], { perm });
  return ctx.initializer(c.name, perm.map((p) => c.shape[p]!), permuteData(c.data, c.shape, perm));
}

function fusedBiasInput(ctx: ExportContext): string[] {
  const fused = ctx.fusedBias;
  return fused ? [ctx.valueOf(fused.node.src[fused.bias]!)] : [];
}

const matmul: ExportRule = (ctx) => {
  const rank = ctx.irNode(ctx.node.src[0]!).shape.length;
  const perm = ctx.perm(0)[rank - 1] === rank - 1 ? ctx.perm(0) : identity(rank);
  const x = ctx.input(0, perm);
  if (ctx.fusedBias) {
    ctx.define(ctx.op1('Gemm', [x, ctx.input(1), ...fusedBiasInput(ctx)]));
    return;
  }
  ctx.define(ctx.op1('MatMul', [x, ctx.input(1)]), perm);
};

const conv: ExportRule = (ctx) => {
  const { node } = ctx;
  const rank = node.shape.length;
  const cf = channelsFirst(rank);
  const w = ctx.irNode(node.src[1]!).shape;
  const window = w.slice(0, -2);
  const strides = node.arg['strides'] as number[];
  const dilations = node.arg['dilations'] as number[];
  const pads = kerasPads(node.arg['padding'] as string, spatial(ctx.irNode(node.src[0]!).shape), spatial(node.shape), window, strides, dilations);
  let x: string;
  if (ctx.fusedPad) {
    // Conv1D's causal padding (a zero pad of the spatial axes) joins the Conv's own pads.
    const extra = spatial(ctx.fusedPad.arg['pads'] as Pads);
    extra.forEach(([before, after], a) => (pads[a] = [pads[a]![0] + before, pads[a]![1] + after]));
    x = ctx.valueOf(ctx.fusedPad.src[0]!, cf);
  } else {
    x = ctx.input(0, cf);
  }
  const y = ctx.op1('Conv', [x, kernelChannelsFirst(ctx, 1), ...fusedBiasInput(ctx)], {
    kernel_shape: window,
    strides,
    dilations,
    group: node.arg['groups'] as number,
    pads: onnxPads(pads),
  });
  ctx.define(y, cf);
};

/**
 * The engine crops the full transposed output, (in − 1)·s + k, to the node's
 * size: for 'same' by max((in − 1)·s + k − out, 0), the smaller half before;
 * for 'valid' from the end only. ONNX gets the same "before" pad, and an
 * "after" pad, or an output_padding where the output is larger than full.
 */
const convTranspose: ExportRule = (ctx) => {
  const { node } = ctx;
  const rank = node.shape.length;
  const cf = channelsFirst(rank);
  const w = ctx.irNode(node.src[1]!).shape;
  const window = w.slice(0, -2);
  const strides = node.arg['strides'] as number[];
  const inSize = spatial(ctx.irNode(node.src[0]!).shape);
  const outSize = spatial(node.shape);
  const before: number[] = [];
  const after: number[] = [];
  const outputPadding: number[] = [];
  inSize.forEach((n, a) => {
    const full = (n - 1) * strides[a]! + window[a]!;
    const total = node.arg['padding'] === 'same' ? Math.max(full - outSize[a]!, 0) : 0;
    const b = Math.floor(total / 2);
    const rest = full - b - outSize[a]!;
    before.push(b);
    after.push(Math.max(rest, 0));
    outputPadding.push(Math.max(-rest, 0));
  });
  const y = ctx.op1('ConvTranspose', [ctx.input(0, cf), kernelChannelsFirst(ctx, 1), ...fusedBiasInput(ctx)], {
    kernel_shape: window,
    strides,
    pads: [...before, ...after],
    output_padding: outputPadding.some((p) => p > 0) ? outputPadding : undefined,
  });
  ctx.define(y, cf);
};

export const LINEAR_RULES = {
  matmul,
  conv,
  conv_transpose: convTranspose,
} satisfies Partial<Record<MappedOp, ExportRule>>;
