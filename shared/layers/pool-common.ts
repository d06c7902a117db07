/**
 * What the pooling layers share, for any number of spatial axes: windowed
 * pooling (MaxPooling, AveragePooling) and global pooling. Pooling has no
 * weights and keeps the channels; only the spatial axes change.
 */
import type { LowerContext, Shape } from './define';
import { nullableInts } from './nullable-ints';
import { bool, choice, ints } from './params';
import type { IRValue } from '../ir/graph';
import type { PytorchContext, PytorchLayer } from '../export/pytorch/hooks';
import { fPadArg, kerasPads, poolPadding } from '../export/pytorch/padding';
import { pyIntOrTuple, pyTuple } from '../export/pytorch/python';
import { expectRank, windowOutputs, type Padding } from './shape-rules';

const AXES = ['steps', 'height, width'];

export function poolParams(rank: number) {
  return {
    pool_size: ints(rank, { default: Array<number>(rank).fill(2), doc: 'The size of the window that is summarised into one value. 2 halves the size.' }),
    strides: nullableInts(rank, { default: null, min: 1, nullMeans: 'the same as pool_size', doc: 'How far the window moves each step. Left empty, it equals pool_size, so windows sit side by side without overlapping.' }),
    padding: choice(['valid', 'same'], { default: 'valid', doc: '"valid": windows stay inside the data and leftover edge cells are dropped. "same": the edge is padded so no cell is dropped (output size = input size ÷ stride, rounded up).' }),
  };
}

export interface PoolValues {
  pool_size: number[];
  strides: number[] | null;
  padding: string;
}

function meaning(rank: number): string {
  return `(batch, ${AXES[rank - 1]}, channels)`;
}

export function poolShape(layer: string, rank: number, x: Shape, p: PoolValues): Shape {
  expectRank(x, rank + 1, layer, meaning(rank));
  const out = windowOutputs(layer, x.slice(0, rank), p.pool_size, p.strides ?? p.pool_size, p.padding as Padding, undefined, 'pool_size');
  return [...out, x[rank]!];
}

/** `avg_pool` leaves padded cells out of the mean, as Keras does with "same" padding. */
export function poolLower(op: 'max_pool' | 'avg_pool', layer: string, rank: number, ctx: LowerContext, x: IRValue, p: PoolValues): IRValue {
  const shape = poolShape(layer, rank, ctx.shapeOf(x), p);
  return ctx.emit(op, [x], shape, { window: p.pool_size, strides: p.strides ?? p.pool_size, padding: p.padding });
}

export function globalPoolParams() {
  return {
    keepdims: bool({ default: false, doc: 'Keep the spatial axes with size 1, e.g. (1, 1, channels) instead of (channels).' }),
  };
}

export function globalPoolShape(layer: string, rank: number, x: Shape, p: { keepdims: boolean }): Shape {
  expectRank(x, rank + 1, layer, meaning(rank));
  const channels = x[rank]!;
  return p.keepdims ? [...Array<number>(rank).fill(1), channels] : [channels];
}

/** Reduces over the spatial IR axes 1…rank (axis 0 is the batch). */
export function globalPoolLower(op: 'reduce_mean' | 'reduce_max', layer: string, rank: number, ctx: LowerContext, x: IRValue, p: { keepdims: boolean }): IRValue {
  const shape = globalPoolShape(layer, rank, ctx.shapeOf(x), p);
  const axes = Array.from({ length: rank }, (_, i) => i + 1);
  return ctx.emit(op, [x], shape, { axes, keepDims: p.keepdims });
}

/**
 * PyTorch export of windowed pooling: nn.MaxPool1d/2d or nn.AvgPool1d/2d,
 * channels-first. Keras's "same" average leaves padded cells out of the
 * mean (count_include_pad=False); where its padding is lopsided the pads are
 * applied first, -inf for max and, for the average, through keras_avg_pool.
 */
export function poolPytorch(op: 'max_pool' | 'avg_pool', rank: number, ctx: PytorchContext, p: PoolValues): PytorchLayer {
  const strides = p.strides ?? p.pool_size;
  const pads = kerasPads(p.padding, ctx.inputs[0]!.slice(0, rank), ctx.output.slice(0, rank), p.pool_size, strides);
  const padding = poolPadding(pads, p.pool_size);
  const avg = op === 'avg_pool';
  const args = [
    `kernel_size=${pyIntOrTuple(p.pool_size)}`,
    ...(strides.join() !== p.pool_size.join() ? [`stride=${pyIntOrTuple(strides)}`] : []),
    ...(padding.arg ? [padding.arg, ...(avg ? ['count_include_pad=False'] : [])] : []),
  ];
  const explicit = padding.explicit;
  return {
    layout: 'channels_first',
    module: `nn.${avg ? 'Avg' : 'Max'}Pool${rank}d(${args.join(', ')})`,
    forward(attr, [x]) {
      if (!explicit) return `${attr}(${x})`;
      return avg ? `${ctx.helper('keras_avg_pool')}(${attr}, ${x}, ${fPadArg(explicit)})` : `${attr}(F.pad(${x}, ${fPadArg(explicit)}, value=float("-inf")))`;
    },
    ...(explicit ? { note: 'Keras pads "same" one cell more after than before here' } : {}),
  };
}

/** Global pooling reduces the spatial axes in whichever layout the value arrives. */
export function globalPoolPytorch(fn: 'mean' | 'amax', rank: number, ctx: PytorchContext, p: { keepdims: boolean }): PytorchLayer {
  const layout = ctx.arriving[0]!;
  const first = layout === 'channels_first' ? 2 : 1;
  const dims = Array.from({ length: rank }, (_, i) => first + i);
  return {
    layout,
    forward: (_attr, [x]) => `${x}.${fn}(dim=${rank === 1 ? dims[0] : pyTuple(dims)}${p.keepdims ? ', keepdim=True' : ''})`,
  };
}
