/**
 * Conv2DTranspose, the "deconvolution" of decoders and GAN generators. Its
 * kernel is shaped (kh, kw, filters, in_channels), as in Keras: the last two
 * axes are swapped compared with Conv2D's, because it runs Conv2D's
 * data flow backwards. The output size follows Keras's deconv_output_length
 * (shape-rules.ts, transposeOutput). Dilation is not offered: the IR's
 * conv_transpose has no dilations.
 */
import type { PytorchContext, PytorchLayer } from '../export/pytorch/hooks';
import { pyIntOrTuple } from '../export/pytorch/python';
import { permute } from '../export/pytorch/tensor';
import { convParams } from './conv-common';
import { defineLayer, ShapeRuleError, type Shape, type WeightSpec } from './define';
import { nullableInts } from './nullable-ints';
import { choice, ints } from './params';
import { expectRank, fmt, transposeOutput, type Padding } from './shape-rules';

const { filters, kernel_size, activation, use_bias, kernel_initializer, bias_initializer } = convParams(2);

interface Values {
  filters: number;
  kernel_size: number[];
  strides: number[];
  padding: string;
  output_padding: number[] | null;
}

function outputShape(x: Shape, p: Values): Shape {
  expectRank(x, 3, 'Conv2DTranspose', '(batch, height, width, channels)');
  p.output_padding?.forEach((op, i) => {
    if (op >= p.strides[i]!) {
      throw new ShapeRuleError('NW011', `Conv2DTranspose's output_padding (${p.output_padding!.join(', ')}) must be smaller than its strides (${p.strides.join(', ')}) on every axis.`, 'Lower output_padding below the stride, or leave it empty.', 'output_padding');
    }
  });
  const out = [0, 1].map((i) => transposeOutput(x[i]!, p.kernel_size[i]!, p.strides[i]!, p.padding as Padding, p.output_padding?.[i] ?? null));
  const axis = out.findIndex((d) => d < 1);
  if (axis >= 0) {
    throw new ShapeRuleError('NW028', `Conv2DTranspose turns ${fmt(x)} into an output of size ${out[axis]} on spatial axis ${axis + 1}: with "same" padding the kernel's edges are cropped away.`, undefined, 'output_padding');
  }
  return [...out, p.filters];
}

export const Conv2DTranspose = defineLayer({
  type: 'Conv2DTranspose',
  category: 'convolution',
  params: {
    filters,
    kernel_size,
    strides: ints(2, { default: [1, 1], doc: 'How far apart each input pixel\'s pattern is placed in the output. 2 doubles the output size.' }),
    padding: choice(['valid', 'same'], { default: 'valid', doc: '"valid": nothing is cropped, so the output is a little larger than input × stride. "same": the output is exactly input × stride.' }),
    output_padding: nullableInts(2, { default: null, min: 0, nullMeans: 'worked out from the other settings', doc: 'Extra rows and columns added to one side of the output, to pick between output sizes that are all possible. Must be smaller than the stride.' }),
    activation,
    use_bias,
    kernel_initializer,
    bias_initializer,
  },
  doc: {
    summary: 'Grows an image: each input pixel stamps a learned pattern, scaled by its value, onto a larger output grid, and overlapping stamps add up. The reverse of a Conv2D\'s data flow.',
    formula: 'y[i·s+u, j·s+v, f] += Σ_c x[i,j,c] · K[u,v,f,c];  then y = f(y + b[f])',
    whenToUse: 'To upsample with learned weights: in the decoder of an autoencoder or U-Net, and in GAN generators. With strides 2 it doubles height and width.',
  },
  arity: { min: 1, max: 1 },
  inferShape: ([x], p) => outputShape(x!, p),
  weights: ([x], p): WeightSpec[] => [
    { name: 'kernel', shape: [...p.kernel_size, p.filters, x![2]!], init: p.kernel_initializer, trainable: true },
    ...(p.use_bias ? [{ name: 'bias', shape: [p.filters], init: p.bias_initializer, trainable: true }] : []),
  ],
  lower(ctx, [x], p) {
    const shape = outputShape(ctx.shapeOf(x!), p);
    // padding and outputPadding keep Keras's meaning; the node's shape fixes the output size.
    let y = ctx.emit('conv_transpose', [x!, ctx.weight('kernel')], shape, { strides: p.strides, padding: p.padding, outputPadding: p.output_padding });
    if (p.use_bias) y = ctx.emit('add', [y, ctx.weight('bias')], shape);
    return ctx.activation(y, p.activation);
  },
  pytorch: (ctx, p) => pytorch(ctx, p),
  keras: { positional: ['filters', 'kernel_size'] },
});

/**
 * nn.ConvTranspose2d. Both compute the full transposed output,
 * (in − 1)·s + k per axis, and keep a window of it: Keras starts the window
 * at half the "same" crop, rounded down, and reads zeros past the end.
 * PyTorch crops `padding` from both ends and may add `output_padding` (< s)
 * at the end, so where Keras crops an odd number of cells the window is
 * sliced in forward instead.
 */
function pytorch(ctx: PytorchContext, p: Values & { activation: string; use_bias: boolean }): PytorchLayer {
  const x = ctx.inputs[0]!;
  const axes = [0, 1].map((i) => {
    const full = (x[i]! - 1) * p.strides[i]! + p.kernel_size[i]!;
    const out = ctx.output[i]!;
    const start = p.padding === 'same' ? Math.floor(Math.max(full - out, 0) / 2) : 0;
    return { full, out, start, outputPadding: out - full + 2 * start };
  });
  const native = axes.every((a, i) => a.outputPadding >= 0 && a.outputPadding < p.strides[i]!);
  const padding = native ? axes.map((a) => a.start) : [0, 0];
  const outputPadding = native ? axes.map((a) => a.outputPadding) : axes.map((a) => Math.max(0, a.out - a.full));
  const args = [
    `${x[2]!}`, `${p.filters}`, `kernel_size=${pyIntOrTuple(p.kernel_size)}`,
    ...(p.strides.some((s) => s !== 1) ? [`stride=${pyIntOrTuple(p.strides)}`] : []),
    ...(padding.some((v) => v) ? [`padding=${pyIntOrTuple(padding)}`] : []),
    ...(outputPadding.some((v) => v) ? [`output_padding=${pyIntOrTuple(outputPadding)}`] : []),
    ...(p.use_bias ? [] : ['bias=False']),
  ];
  const window = axes.map((a) => `${a.start}:${a.start + a.out}`).join(', ');
  return {
    layout: 'channels_first',
    module: `nn.ConvTranspose2d(${args.join(', ')})`,
    forward: (attr, [input]) => ctx.activation(native ? `${attr}(${input})` : `${attr}(${input})[:, :, ${window}]`, p.activation, 'channels_first'),
    // Keras's kernel is (kh, kw, filters, in); PyTorch's (in, filters, kh, kw).
    weights: (k) => ({ weight: permute(k('kernel'), [3, 2, 0, 1]), ...(p.use_bias ? { bias: k('bias') } : {}) }),
    ...(native ? {} : { note: `Keras crops the full ${axes.map((a) => a.full).join('×')} output to this window` }),
  };
}
