/**
 * What Conv1D and Conv2D share: parameters, the shape rule, the weights and
 * the lowering, for any number of spatial axes. Layouts are channels-last and
 * kernels are shaped (...kernel_size, in_channels / groups, filters), as in Keras.
 */
import { ACTIVATION_NAMES } from './activations';
import { ShapeRuleError, type LowerContext, type Shape, type WeightSpec } from './define';
import type { Initializer } from './initializers';
import { bool, choice, initializer, int, ints } from './params';
import type { IRValue } from '../ir/graph';
import type { PytorchContext, PytorchLayer } from '../export/pytorch/hooks';
import { convPadding, fPadArg, kerasPads, type Pads } from '../export/pytorch/padding';
import { pyIntOrTuple } from '../export/pytorch/python';
import { permute } from '../export/pytorch/tensor';
import { expectRank, windowOutputs, type Padding } from './shape-rules';

const AXES = ['length', 'height, width', 'depth, height, width'];

export function convParams(rank: number) {
  return {
    filters: int({ min: 1, max: 1 << 16, default: 32, doc: 'How many filters: the number of output channels.' }),
    kernel_size: ints(rank, { default: Array<number>(rank).fill(3), doc: 'The size of each filter\'s window.' }),
    strides: ints(rank, { default: Array<number>(rank).fill(1), doc: 'How far the window moves each step. 2 halves the output size.' }),
    padding: choice(['valid', 'same'], { default: 'valid', doc: '"valid": no padding, the output shrinks. "same": zero-pad so that the output has the input\'s size (divided by the stride).' }),
    dilation_rate: ints(rank, { default: Array<number>(rank).fill(1), doc: 'Spacing between the kernel\'s taps; larger values see wider context.' }),
    groups: int({ min: 1, max: 1 << 16, default: 1, doc: 'Split channels into groups convolved separately; must divide both the input channels and filters.' }),
    activation: choice(ACTIVATION_NAMES, { default: 'linear', doc: 'The function applied to each output value.' }),
    use_bias: bool({ default: true, doc: 'Add a learned bias to each filter\'s output.' }),
    kernel_initializer: initializer({ default: 'glorot_uniform', doc: 'How the filters start. Glorot (Xavier) suits sigmoid and tanh; He suits ReLU.' }),
    bias_initializer: initializer({ default: 'zeros', doc: 'How the biases start. Zeros is usual; a small constant such as 0.1 keeps ReLU units active at the start.' }),
  };
}

export interface ConvValues {
  filters: number;
  kernel_size: number[];
  strides: number[];
  padding: string;
  dilation_rate: number[];
  groups: number;
  activation: string;
  use_bias: boolean;
  kernel_initializer: Initializer;
  bias_initializer: Initializer;
}

export function convShape(layer: string, rank: number, x: Shape, p: ConvValues): Shape {
  expectRank(x, rank + 1, layer, `(batch, ${AXES[rank - 1]}, channels)`);
  const channels = x[rank]!;
  if (channels % p.groups !== 0 || p.filters % p.groups !== 0) {
    throw new ShapeRuleError('NW026', `${layer} splits into ${p.groups} groups, but ${channels} input channels and ${p.filters} filters must both divide by it.`, undefined, 'groups');
  }
  if (p.strides.some((s) => s > 1) && p.dilation_rate.some((d) => d > 1)) {
    throw new ShapeRuleError('NW011', `${layer} cannot use strides above 1 together with a dilation rate above 1.`, 'Set either strides or dilation_rate back to 1.', 'strides');
  }
  const out = windowOutputs(layer, x.slice(0, rank), p.kernel_size, p.strides, p.padding as Padding, p.dilation_rate);
  return [...out, p.filters];
}

export function convWeights(rank: number, x: Shape, p: ConvValues): WeightSpec[] {
  return [
    { name: 'kernel', shape: [...p.kernel_size, x[rank]! / p.groups, p.filters], init: p.kernel_initializer, trainable: true },
    ...(p.use_bias ? [{ name: 'bias', shape: [p.filters], init: p.bias_initializer, trainable: true }] : []),
  ];
}

export function convLower(layer: string, rank: number, ctx: LowerContext, x: IRValue, p: ConvValues): IRValue {
  const shape = convShape(layer, rank, ctx.shapeOf(x), p);
  let y = ctx.emit('conv', [x, ctx.weight('kernel')], shape, { strides: p.strides, padding: p.padding, dilations: p.dilation_rate, groups: p.groups });
  if (p.use_bias) y = ctx.emit('add', [y, ctx.weight('bias')], shape);
  return ctx.activation(y, p.activation);
}

/**
 * PyTorch export of Conv1D and Conv2D: nn.Conv1d / nn.Conv2d, channels-first.
 * `prePad` is Conv1D's causal padding, applied before the conv. Kernels go
 * from Keras's (...k, in / groups, out) to PyTorch's (out, in / groups, ...k).
 */
export function convPytorch(rank: number, ctx: PytorchContext, p: ConvValues, prePad = 0): PytorchLayer {
  const x = ctx.inputs[0]!;
  const inSize = [...x.slice(0, rank)];
  inSize[0]! += prePad;
  const pads = kerasPads(p.padding, inSize, ctx.output.slice(0, rank), p.kernel_size, p.strides, p.dilation_rate);
  const padding = convPadding(pads, p.strides);
  const args = [
    `${x[rank]!}`, `${p.filters}`, `kernel_size=${pyIntOrTuple(p.kernel_size)}`,
    ...(p.strides.some((s) => s !== 1) ? [`stride=${pyIntOrTuple(p.strides)}`] : []),
    ...(padding.arg ? [padding.arg] : []),
    ...(p.dilation_rate.some((d) => d !== 1) ? [`dilation=${pyIntOrTuple(p.dilation_rate)}`] : []),
    ...(p.groups !== 1 ? [`groups=${p.groups}`] : []),
    ...(p.use_bias ? [] : ['bias=False']),
  ];
  // Causal padding sets padding to "valid", so at most one of the two pads applies.
  const pre: Pads | undefined = prePad ? [[prePad, 0]] : padding.explicit;
  return {
    layout: 'channels_first',
    module: `nn.Conv${rank}d(${args.join(', ')})`,
    forward: (attr, [input]) => ctx.activation(`${attr}(${pre ? `F.pad(${input}, ${fPadArg(pre)})` : input})`, p.activation, 'channels_first'),
    weights: (k) => ({
      weight: permute(k('kernel'), [rank + 1, rank, ...Array.from({ length: rank }, (_, i) => i)]),
      ...(p.use_bias ? { bias: k('bias') } : {}),
    }),
    ...(prePad ? { note: `"causal" padding: ${prePad} zeros before the first step, none after` } : padding.explicit ? { note: 'Keras pads "same" one cell more after than before here' } : {}),
  };
}
