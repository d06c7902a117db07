/**
 * LayerNormalization. `axis` is a list, as Keras allows; the axes are kept in
 * ascending order so gamma and beta are shaped like the data they scale. When
 * `center` or `scale` is off the IR op still gets its three sources: a
 * constant zero beta or unit gamma, which computes the same thing.
 */
import type { IRValue } from '../ir/graph';
import { defineLayer, ShapeRuleError, type LowerContext, type Shape, type WeightSpec } from './define';
import { bool, float, intList } from './params';
import { expectMinRank, normaliseAxis, product } from './shape-rules';
import { frozenAffine } from './batch-normalization';
import { pyFloat, pyTuple } from '../export/pytorch/python';
import { filled as filledTensor } from '../export/pytorch/tensor';
import type { Tensor } from '../export/pytorch/hooks';

export const LayerNormalization = defineLayer({
  type: 'LayerNormalization',
  category: 'normalization',
  params: {
    axis: intList({ default: [-1], doc: 'The axes to normalise over, e.g. [-1] for the features of each timestep, or [-2, -1] for a whole (timesteps, features) sample.' }),
    epsilon: float({ min: 0, exclusiveMin: true, default: 0.001, doc: 'A small number added to the variance so it never divides by zero.' }),
    center: bool({ default: true, doc: 'Learn an offset (beta) added after normalising.' }),
    scale: bool({ default: true, doc: 'Learn a factor (gamma) multiplied after normalising.' }),
  },
  doc: {
    summary: 'Rescales the values of each sample to mean 0 and variance 1, then lets the network learn the best scale and offset.',
    formula: 'y = γ·(x − mean(x)) / √(var(x) + ε) + β, with the mean and variance taken over the chosen axes of one sample',
    whenToUse: 'In transformers and recurrent networks, and whenever batches are small: unlike BatchNormalization it never mixes samples, so it works the same in training and in use.',
  },
  arity: { min: 1, max: 1 },
  inferShape([x], p) {
    expectMinRank(x!, 1, 'LayerNormalization', 'one axis');
    normalisedAxes(x!, p.axis);
    return x!;
  },
  weights([x], p) {
    const shape = normalisedAxes(x!, p.axis).map((a) => x![a - 1]!);
    const w: WeightSpec[] = [];
    if (p.scale) w.push({ name: 'gamma', shape, init: 'ones', trainable: true });
    if (p.center) w.push({ name: 'beta', shape, init: 'zeros', trainable: true });
    return w;
  },
  lower(ctx, [x], p) {
    const shape = ctx.shapeOf(x!);
    const axes = normalisedAxes(shape, p.axis);
    const paramShape = axes.map((a) => shape[a - 1]!);
    const gamma = p.scale ? ctx.weight('gamma') : filled(ctx, paramShape, 1);
    const beta = p.center ? ctx.weight('beta') : filled(ctx, paramShape, 0);
    return ctx.emit('layer_norm', [x!, gamma, beta], shape, { epsilon: p.epsilon, axes });
  },
  /**
   * nn.LayerNorm normalises the last axes; other axes are permuted to the end
   * (in ascending order, so gamma's shape still fits) and back.
   */
  pytorch(ctx, p) {
    const x = ctx.inputs[0]!;
    const axes = normalisedAxes(x, p.axis);
    const shape = axes.map((a) => x[a - 1]!);
    const trailing = axes.every((a, i) => a === x.length - axes.length + 1 + i);
    const perm = [0, ...x.map((_, i) => i + 1).filter((a) => !axes.includes(a)), ...axes];
    const inverse = perm.map((_, i) => perm.indexOf(i));
    const args = [shape.length === 1 ? `${shape[0]}` : pyTuple(shape), `eps=${pyFloat(p.epsilon)}`, ...(p.center || p.scale ? [] : ['elementwise_affine=False'])];
    return {
      layout: 'channels_last',
      module: `nn.LayerNorm(${args.join(', ')})`,
      init: (attr) => frozenAffine(attr, p.center, p.scale),
      forward: (attr, [v]) => (trailing ? `${attr}(${v})` : `${attr}(${v}.permute(${perm.join(', ')})).permute(${inverse.join(', ')})`),
      weights: (k): Record<string, Tensor> => (p.center || p.scale ? { weight: p.scale ? k('gamma') : filledTensor(shape, 1), bias: p.center ? k('beta') : filledTensor(shape, 0) } : {}),
    };
  },
});

/** The axes as positive indices counting the batch as axis 0, ascending, each once. */
function normalisedAxes(x: Shape, axis: number[] | null): number[] {
  if (axis === null || axis.length === 0) {
    throw new ShapeRuleError('NW025', 'LayerNormalization needs at least one axis to normalise over.', 'Set "axis" to [-1] to normalise the features.', 'axis');
  }
  const axes = axis.map((a) => normaliseAxis(a, x.length, 'LayerNormalization'));
  if (new Set(axes).size !== axes.length) {
    throw new ShapeRuleError('NW025', `LayerNormalization's axes [${axis.join(', ')}] name the same axis twice.`, 'List each axis once.', 'axis');
  }
  return axes.sort((a, b) => a - b);
}

/** A constant like a weight: no batch dimension, so it goes to the builder directly. */
function filled(ctx: LowerContext, shape: Shape, value: number): IRValue {
  return ctx.ir.emit('const', [], shape, { values: Array<number>(product(shape)).fill(value) });
}
