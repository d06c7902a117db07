/**
 * Convolution, pooling, padding and resampling. Forward rules turn Keras's
 * 'same'/'valid' into explicit pads per spatial axis, which every windowed
 * kernel takes (see reference/kernels/conv.ts for the window convention).
 *
 *   conv            y = act(conv(x, w) + b)         one `conv` launch, with the fused epilogue
 *                   dz = epilogue⁻¹(dy)             as matmul's (unary_grad, reduce for db)
 *                   dw = conv_grad_weight(x, dz)    dx = conv_grad_input(dz, w)
 *   conv_transpose  y = conv_grad_input(x, w)       the adjoint of the conv that maps y's space to x's
 *                   dx = conv(dy, w)                dw = conv_grad_weight(dy, x), roles swapped
 *   max/avg_pool    y = pool(x)                     dx = pool_grad(dy, x, y)
 *   pad             y = pad(x)                      dx = crop(dy)
 *   upsample        y = upsample(x)                 dx = upsample_grad(dy)
 */
import type { IRNode } from '../../../../shared/ir/graph';
import type { GradContext, RuleFamily } from '../builder';
import { PlanError } from '../builder';
import { epilogueGrad, epilogueOf } from './matmul';

type Pads = [number, number][];

/** The arg every windowed kernel reads, per spatial axis (a type, not an interface, so it is a Record for PlanBuilder). */
type WindowArg = {
  readonly strides: readonly number[];
  readonly pads: Pads;
  readonly dilations: readonly number[];
};

/**
 * Keras's padding as [before, after] per spatial axis. 'valid' pads nothing;
 * 'same' pads max((out − 1)·s + (k − 1)·d + 1 − in, 0) in all, the smaller
 * half before (TensorFlow's rule, which Keras follows).
 */
export function kerasPads(padding: string, inSize: readonly number[], outSize: readonly number[], window: readonly number[], strides: readonly number[], dilations: readonly number[]): Pads {
  return inSize.map((n, i) => {
    if (padding !== 'same') return [0, 0];
    const total = Math.max((outSize[i]! - 1) * strides[i]! + (window[i]! - 1) * dilations[i]! + 1 - n, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  });
}

const spatial = (shape: readonly number[]) => shape.slice(1, -1);

/** A conv node's kernel arg, from its input, output and weight shapes. */
function convArg(node: IRNode, x: readonly number[], y: readonly number[], w: readonly number[]): WindowArg & { groups: number } {
  const strides = node.arg['strides'] as number[];
  const dilations = node.arg['dilations'] as number[];
  const window = w.slice(0, -2);
  return { strides, pads: kerasPads(node.arg['padding'] as string, spatial(x), spatial(y), window, strides, dilations), dilations, groups: node.arg['groups'] as number };
}

/**
 * A conv_transpose node's kernel arg: that of the conv which maps the
 * transposed output y back to x. The node's shape fixes y's size (Keras's
 * deconv_output_length, output_padding included); Keras crops the full
 * transposed output, (in − 1)·s + k, to it by max((in − 1)·s + k − out, 0)
 * in all for 'same', the smaller half before, and from the end only for
 * 'valid' (output padding beyond the full size reads zero).
 */
function transposeArg(node: IRNode, x: readonly number[], y: readonly number[], w: readonly number[]): WindowArg & { groups: number } {
  const strides = node.arg['strides'] as number[];
  const window = w.slice(0, -2);
  const inSize = spatial(x);
  const pads = spatial(y).map((out, i): [number, number] => {
    const total = node.arg['padding'] === 'same' ? Math.max((inSize[i]! - 1) * strides[i]! + window[i]! - out, 0) : 0;
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  });
  return { strides, pads, dilations: window.map(() => 1), groups: 1 };
}

function poolArg(node: IRNode, x: readonly number[], y: readonly number[]) {
  const window = node.arg['window'] as number[];
  const strides = node.arg['strides'] as number[];
  const pads = kerasPads(node.arg['padding'] as string, spatial(x), spatial(y), window, strides, window.map(() => 1));
  return { fn: node.op === 'max_pool' ? 'max' : 'avg', window, strides, pads };
}

function checkRank(node: IRNode, x: readonly number[]): void {
  const rank = x.length - 2;
  if (rank < 1 || rank > 3) throw new PlanError(node.origin, `${node.op} supports 1 to 3 spatial axes, but its input has ${rank}`);
}

function poolGrad(ctx: GradContext): void {
  const { b, ins, node } = ctx;
  const x = ins[0]!;
  ctx.accumulate(0, b.apply('pool_grad', [ctx.dy, x, ctx.out], b.shape(x), poolArg(node, b.shape(x), b.shape(ctx.out))));
}

export const CONV_RULES: RuleFamily = {
  forward: {
    conv(ctx) {
      const { b, node } = ctx;
      const [x, w] = [ctx.ins[0]!, ctx.ins[1]!];
      checkRank(node, b.shape(x));
      const { activation, alpha, bias } = epilogueOf(ctx);
      const inputs = [x, w, ...(bias !== undefined ? [ctx.tensorOf(bias)] : [])];
      return b.apply('conv', inputs, ctx.shape, { ...convArg(node, b.shape(x), ctx.shape, b.shape(w)), hasBias: bias !== undefined, activation, alpha });
    },
    conv_transpose(ctx) {
      const { b, node } = ctx;
      const [x, w] = [ctx.ins[0]!, ctx.ins[1]!];
      checkRank(node, b.shape(x));
      return b.apply('conv_grad_input', [x, w], ctx.shape, transposeArg(node, b.shape(x), ctx.shape, b.shape(w)));
    },
    max_pool: (ctx) => ctx.b.apply('pool', [ctx.ins[0]!], ctx.shape, poolArg(ctx.node, ctx.b.shape(ctx.ins[0]!), ctx.shape)),
    avg_pool: (ctx) => ctx.b.apply('pool', [ctx.ins[0]!], ctx.shape, poolArg(ctx.node, ctx.b.shape(ctx.ins[0]!), ctx.shape)),
    pad: (ctx) => ctx.b.apply('pad', [ctx.ins[0]!], ctx.shape, { pads: ctx.node.arg['pads'] }),
    upsample: (ctx) => ctx.b.apply('upsample', [ctx.ins[0]!], ctx.shape, { factors: ctx.node.arg['factors'] }),
  },
  grad: {
    conv(ctx) {
      const { b, node } = ctx;
      const dz = epilogueGrad(ctx);
      const [x, w] = [ctx.ins[0]!, ctx.ins[1]!];
      const arg = convArg(node, b.shape(x), b.shape(dz), b.shape(w));
      if (ctx.needs(1)) ctx.accumulate(1, b.apply('conv_grad_weight', [x, dz], b.shape(w), arg));
      if (ctx.needs(0)) ctx.accumulate(0, b.apply('conv_grad_input', [dz, w], b.shape(x), arg));
    },
    conv_transpose(ctx) {
      const { b, node, dy } = ctx;
      const [x, w] = [ctx.ins[0]!, ctx.ins[1]!];
      const arg = transposeArg(node, b.shape(x), b.shape(dy), b.shape(w));
      if (ctx.needs(1)) ctx.accumulate(1, b.apply('conv_grad_weight', [dy, x], b.shape(w), arg));
      if (ctx.needs(0)) ctx.accumulate(0, b.apply('conv', [dy, w], b.shape(x), { ...arg, hasBias: false, activation: null, alpha: null }));
    },
    max_pool: poolGrad,
    avg_pool: poolGrad,
    pad: (ctx) => ctx.accumulate(0, ctx.b.apply('crop', [ctx.dy], ctx.b.shape(ctx.ins[0]!), { pads: ctx.node.arg['pads'] })),
    upsample: (ctx) => ctx.accumulate(0, ctx.b.apply('upsample_grad', [ctx.dy], ctx.b.shape(ctx.ins[0]!), { factors: ctx.node.arg['factors'] })),
  },
};
