/**
 * Pooling, padding, resampling and reductions.
 *
 *   max_pool / avg_pool   MaxPool / AveragePool, channels-first, Keras's "same" as explicit
 *                         pads; AveragePool leaves padded cells out of the mean
 *                         (count_include_pad=0), as Keras and the engine do
 *   pad                   Pad (constant zero), in any layout
 *   upsample              Resize, nearest, "asymmetric" coordinates and floor rounding:
 *                         with whole-number factors that repeats each cell, as UpSampling2D does
 *   reduce_*              ReduceSum / ReduceMean / ReduceMax over the axes in the current
 *                         layout; axes are an input from opset 13 (Sum) and 18 (Mean, Max)
 */
import type { ExportRule, MappedOp } from '../context';
import { channelsFirst, inverse } from '../layout';

import { kerasPads, onnxPads } from './linear';

const spatial = (shape: readonly number[]) => shape.slice(1, -1);

const pool: ExportRule = (ctx) => {
  const { node } = ctx;
  const cf = channelsFirst(node.shape.length);
  const window = node.arg['window'] as number[];
  const strides = node.arg['strides'] as number[];
  const pads = kerasPads(node.arg['padding'] as string, spatial(ctx.irNode(node.src[0]!).shape), spatial(node.shape), window, strides, window.map(() => 1));
  const attrs = { kernel_shape: window, strides, pads: onnxPads(pads) };
  const y = node.op === 'max_pool'
    ? ctx.op1('MaxPool', [ctx.input(0, cf)], attrs)
    : ctx.op1('AveragePool', [ctx.input(0, cf)], { ...attrs, count_include_pad: 0 });
  ctx.define(y, cf);
};

const pad: ExportRule = (ctx) => {
  const perm = ctx.perm(0);
  const pads = ctx.node.arg['pads'] as [number, number][];
  const physical = perm.map((l) => pads[l]!);
  ctx.define(ctx.op1('Pad', [ctx.input(0), ctx.int64('pads', onnxPads(physical))]), perm);
};

const upsample: ExportRule = (ctx) => {
  const perm = ctx.perm(0);
  const factors = ctx.node.arg['factors'] as number[];
  const logical = [1, ...factors, 1];
  const scales = ctx.float32('scales', perm.map((l) => logical[l]!));
  const y = ctx.op1('Resize', [ctx.input(0), '', scales], { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' });
  ctx.define(y, perm);
};

const REDUCE = { reduce_sum: ['ReduceSum', 13], reduce_mean: ['ReduceMean', 18], reduce_max: ['ReduceMax', 18] } as const;

const reduce: ExportRule = (ctx) => {
  const { node } = ctx;
  const perm = ctx.perm(0);
  const inv = inverse(perm);
  const axes = node.arg['axes'] as number[];
  const keepDims = node.arg['keepDims'] === true;
  const physical = axes.map((a) => inv[a]!).sort((a, b) => a - b);
  const [opType, axesAsInputSince] = REDUCE[node.op as keyof typeof REDUCE];
  const y = ctx.opset >= axesAsInputSince
    ? ctx.op1(opType, [ctx.input(0), ctx.int64('axes', physical)], { keepdims: keepDims ? 1 : 0 })
    : ctx.op1(opType, [ctx.input(0)], { axes: physical, keepdims: keepDims ? 1 : 0 });
  if (keepDims) {
    ctx.define(y, perm);
    return;
  }
  // The axes left, still in their stored order, renumbered as the output's IR axes.
  const left = perm.filter((l) => !axes.includes(l));
  const sorted = [...left].sort((a, b) => a - b);
  ctx.define(y, left.map((l) => sorted.indexOf(l)));
};

export const WINDOW_RULES = {
  max_pool: pool,
  avg_pool: pool,
  pad,
  upsample,
  reduce_sum: reduce,
  reduce_mean: reduce,
  reduce_max: reduce,
} satisfies Partial<Record<MappedOp, ExportRule>>;

