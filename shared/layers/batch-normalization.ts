/**
 * BatchNormalization. Keras keeps the moving mean and variance as
 * non-trainable weights and counts them; PyTorch keeps them as buffers and
 * does not. When `center` or `scale` is off the IR op still gets its five
 * sources: a constant zero beta or unit gamma, which computes the same thing.
 */
import type { IRValue } from '../ir/graph';
import { defineLayer, type LowerContext, type Shape, type WeightSpec } from './define';
import { bool, float, int } from './params';
import { expectMinRank, normaliseAxis, product } from './shape-rules';
import { pyFloat } from '../export/pytorch/python';
import { filled as filledTensor } from '../export/pytorch/tensor';

export const BatchNormalization = defineLayer({
  type: 'BatchNormalization',
  category: 'normalization',
  params: {
    axis: int({ default: -1, doc: 'The axis of the features (channels) to normalise; -1, the last axis, for channels-last data.' }),
    momentum: float({ min: 0, max: 1, default: 0.99, doc: 'How slowly the moving mean and variance follow each batch: closer to 1 is slower and smoother.' }),
    epsilon: float({ min: 0, exclusiveMin: true, default: 0.001, doc: 'A small number added to the variance so it never divides by zero.' }),
    center: bool({ default: true, doc: 'Learn an offset (beta) added after normalising.' }),
    scale: bool({ default: true, doc: 'Learn a factor (gamma) multiplied after normalising. Can be off when the next layer is linear, such as ReLU then Dense.' }),
  },
  doc: {
    summary: 'Rescales each feature to mean 0 and variance 1 across the batch, then lets the network learn the best scale and offset.',
    formula: 'y = γ·(x − μ) / √(σ² + ε) + β;  μ, σ² are the batch\'s mean and variance while training, and moving averages (μ ← momentum·μ + (1 − momentum)·μ_batch) afterwards',
    whenToUse: 'Between a Conv or Dense layer and its activation, to make deep networks train faster and more stably. It behaves differently in training and in use, and needs batches of more than a few samples.',
  },
  arity: { min: 1, max: 1 },
  inferShape([x], p) {
    expectMinRank(x!, 1, 'BatchNormalization', 'one axis');
    channels(x!, p.axis);
    return x!;
  },
  weights([x], p) {
    const c = [channels(x!, p.axis)];
    const w: WeightSpec[] = [];
    if (p.scale) w.push({ name: 'gamma', shape: c, init: 'ones', trainable: true });
    if (p.center) w.push({ name: 'beta', shape: c, init: 'zeros', trainable: true });
    w.push({ name: 'moving_mean', shape: c, init: 'zeros', trainable: false });
    w.push({ name: 'moving_variance', shape: c, init: 'ones', trainable: false });
    return w;
  },
  pytorchParams([x], p) {
    const c = channels(x!, p.axis);
    return {
      count: (p.scale ? c : 0) + (p.center ? c : 0),
      note: 'PyTorch keeps the moving mean and variance as buffers, not parameters, so it counts only gamma and beta. '
        + 'Its affine flag turns gamma and beta on or off together, so center ≠ scale has no exact PyTorch equivalent.',
    };
  },
  lower(ctx, [x], p) {
    const shape = ctx.shapeOf(x!);
    const axis = normaliseAxis(p.axis, shape.length, 'BatchNormalization');
    const c = shape[axis - 1]!;
    const gamma = p.scale ? ctx.weight('gamma') : filled(ctx, [c], 1);
    const beta = p.center ? ctx.weight('beta') : filled(ctx, [c], 0);
    const src = [x!, gamma, beta, ctx.weight('moving_mean'), ctx.weight('moving_variance')];
    return ctx.emit('batch_norm', src, shape, { epsilon: p.epsilon, momentum: p.momentum, axis });
  },
  /**
   * nn.BatchNorm1d/2d/3d, which normalise dim 1: channels-first data when the
   * axis is the channels; axis 1 already is dim 1; any other is moved there and back. PyTorch's
   * momentum weighs the new batch, Keras's the old average: 1 − momentum.
   */
  pytorch(ctx, p) {
    const x = ctx.inputs[0]!;
    const axis = normaliseAxis(p.axis, x.length, 'BatchNormalization');
    const c = x[axis - 1]!;
    const onChannels = axis === x.length || x.length < 2;
    const dims = Math.max(1, x.length - 1);
    if (dims > 3) throw new Error(`PyTorch has no BatchNorm for data with ${x.length} axes per sample (at most 4).`);
    const args = [`${c}`, `eps=${pyFloat(p.epsilon)}`, `momentum=${pyFloat(Number((1 - p.momentum).toPrecision(12)))}`, ...(p.center || p.scale ? [] : ['affine=False'])];
    return {
      layout: onChannels ? 'channels_first' : 'channels_last',
      module: `nn.BatchNorm${dims}d(${args.join(', ')})`,
      init: (attr) => frozenAffine(attr, p.center, p.scale),
      forward: (attr, [v]) => (onChannels || axis === 1 ? `${attr}(${v})` : `${attr}(${v}.movedim(${axis}, 1)).movedim(1, ${axis})`),
      weights: (k) => ({
        ...(p.center || p.scale ? { weight: p.scale ? k('gamma') : filledTensor([c], 1), bias: p.center ? k('beta') : filledTensor([c], 0) } : {}),
        running_mean: k('moving_mean'),
        running_var: k('moving_variance'),
      }),
    };
  },
});

/**
 * PyTorch's affine flag turns gamma and beta on or off together; with only
 * one of center and scale, the other is kept at its neutral value and frozen.
 */
export function frozenAffine(attr: string, center: boolean, scale: boolean): string[] {
  if (center === scale) return [];
  return center ? [`${attr}.weight.requires_grad_(False)  # scale=False: gamma stays 1`] : [`${attr}.bias.requires_grad_(False)  # center=False: beta stays 0`];
}

function channels(x: readonly number[], axis: number): number {
  return x[normaliseAxis(axis, x.length, 'BatchNormalization') - 1]!;
}

/** A constant like a weight: no batch dimension, so it goes to the builder directly. */
function filled(ctx: LowerContext, shape: Shape, value: number): IRValue {
  return ctx.ir.emit('const', [], shape, { values: Array<number>(product(shape)).fill(value) });
}
