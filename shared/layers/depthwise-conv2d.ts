/**
 * DepthwiseConv2D: one small filter (or depth_multiplier filters) per input
 * channel, with no mixing between channels. Its Keras kernel is shaped
 * (kh, kw, in_channels, depth_multiplier). It lowers to the ordinary grouped
 * 'conv' with one group per input channel; reshaping the kernel to
 * (kh, kw, 1, in_channels · depth_multiplier) gives the conv's layout
 * (...kernel, in / groups, out), and Keras's output channel order c·m + k.
 */
import { ACTIVATION_NAMES } from './activations';
import { convPytorch, convShape, type ConvValues } from './conv-common';
import { permute, reshape } from '../export/pytorch/tensor';
import { defineLayer, type Shape, type WeightSpec } from './define';
import type { Initializer } from './initializers';
import { bool, choice, initializer, int, ints } from './params';

interface Values {
  kernel_size: number[];
  strides: number[];
  padding: string;
  depth_multiplier: number;
  dilation_rate: number[];
  activation: string;
  use_bias: boolean;
  depthwise_initializer: Initializer;
  bias_initializer: Initializer;
}

/** The same layer seen as a grouped Conv2D, so it shares Conv2D's shape rule. */
function asConv(x: Shape, p: Values): ConvValues {
  const channels = x.at(-1) ?? 1;
  return { ...p, filters: channels * p.depth_multiplier, groups: channels, kernel_initializer: p.depthwise_initializer };
}

export const DepthwiseConv2D = defineLayer({
  type: 'DepthwiseConv2D',
  category: 'convolution',
  params: {
    kernel_size: ints(2, { default: [3, 3], doc: 'The size of each filter\'s window.' }),
    strides: ints(2, { default: [1, 1], doc: 'How far the window moves each step. 2 halves the output size.' }),
    padding: choice(['valid', 'same'], { default: 'valid', doc: '"valid": no padding, the output shrinks. "same": zero-pad so that the output has the input\'s size (divided by the stride).' }),
    depth_multiplier: int({ min: 1, max: 1 << 10, default: 1, doc: 'How many filters each input channel gets. The output has channels × depth_multiplier channels.' }),
    dilation_rate: ints(2, { default: [1, 1], doc: 'Spacing between the kernel\'s taps; larger values see wider context.' }),
    activation: choice(ACTIVATION_NAMES, { default: 'linear', doc: 'The function applied to each output value.' }),
    use_bias: bool({ default: true, doc: 'Add a learned bias to each output channel.' }),
    depthwise_initializer: initializer({ default: 'glorot_uniform', doc: 'How the filters start.' }),
    bias_initializer: initializer({ default: 'zeros', doc: 'How the biases start. Zeros is usual.' }),
  },
  doc: {
    summary: 'Filters each channel of an image on its own, with its own small filter, without mixing channels together. Far fewer weights than a Conv2D.',
    formula: 'y[i,j,c·m+k] = f( Σ_{u,v} x[i·s+u, j·s+v, c] · K[u,v,c,k] + b[c·m+k] )',
    whenToUse: 'In light, fast networks such as MobileNet: follow it with a 1×1 Conv2D that mixes the channels. Together they do the job of a Conv2D at a fraction of the cost.',
  },
  arity: { min: 1, max: 1 },
  inferShape: ([x], p) => convShape('DepthwiseConv2D', 2, x!, asConv(x!, p)),
  weights([x], p): WeightSpec[] {
    const channels = x![2]!;
    return [
      { name: 'kernel', shape: [...p.kernel_size, channels, p.depth_multiplier], init: p.depthwise_initializer, trainable: true },
      ...(p.use_bias ? [{ name: 'bias', shape: [channels * p.depth_multiplier], init: p.bias_initializer, trainable: true }] : []),
    ];
  },
  lower(ctx, [x], p) {
    const c = asConv(ctx.shapeOf(x!), p);
    const shape = convShape('DepthwiseConv2D', 2, ctx.shapeOf(x!), c);
    const kernelShape = [...p.kernel_size, 1, c.filters];
    // Weights have no batch axis, so this reshape is emitted on the builder directly.
    const kernel = ctx.ir.emit('reshape', [ctx.weight('kernel')], kernelShape, { shape: kernelShape });
    let y = ctx.emit('conv', [x!, kernel], shape, { strides: p.strides, padding: p.padding, dilations: p.dilation_rate, groups: c.groups });
    if (p.use_bias) y = ctx.emit('add', [y, ctx.weight('bias')], shape);
    return ctx.activation(y, p.activation);
  },
  // nn.Conv2d with one group per input channel; the kernel is first reshaped
  // as the lowering does, so output channel c·m + k keeps Keras's order.
  pytorch(ctx, p) {
    const conv = convPytorch(2, ctx, asConv(ctx.inputs[0]!, p));
    return {
      ...conv,
      weights: (k) => {
        const kernel = k('kernel');
        const [kh, kw, c, m] = kernel.shape as [number, number, number, number];
        return { weight: permute(reshape(kernel, [kh, kw, 1, c * m]), [3, 2, 0, 1]), ...(p.use_bias ? { bias: k('bias') } : {}) };
      },
    };
  },
  keras: { positional: ['kernel_size'] },
});
