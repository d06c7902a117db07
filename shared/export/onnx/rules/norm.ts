/**
 * Normalisation and regularisation, with inference semantics.
 *
 *   batch_norm   BatchNormalization with the moving statistics. ONNX normalises
 *                axis 1, so the value is stored with the normalised axis second:
 *                channels-first for the usual channels-last axis
 *   layer_norm   LayerNormalization, which normalises the trailing axes, so the value
 *                is stored with the normalised axes last
 *   dropout      nothing: the identity at inference
 */
import type { ExportRule, MappedOp } from '../context';
import { channelsFirst, identity, type Perm, samePerm } from '../layout';
import { float } from '../proto';

const batchNorm: ExportRule = (ctx) => {
  const rank = ctx.node.shape.length;
  const axis = ctx.node.arg['axis'] as number;
  const current = ctx.perm(0);
  let perm: Perm;
  if (current[1] === axis) perm = current;
  else if (rank >= 3 && axis === rank - 1) perm = channelsFirst(rank);
  else perm = [0, axis, ...identity(rank).filter((a) => a !== 0 && a !== axis)];
  const y = ctx.op1('BatchNormalization', [ctx.input(0, perm), ctx.input(1), ctx.input(2), ctx.input(3), ctx.input(4)], {
    epsilon: float(ctx.node.arg['epsilon'] as number),
  });
  ctx.define(y, perm);
};

const layerNorm: ExportRule = (ctx) => {
  const rank = ctx.node.shape.length;
  const axes = [...(ctx.node.arg['axes'] as number[])].sort((a, b) => a - b);
  const current = ctx.perm(0);
  const perm = samePerm(current.slice(rank - axes.length), axes) ? current : [...identity(rank).filter((a) => !axes.includes(a)), ...axes];
  const y = ctx.op1('LayerNormalization', [ctx.input(0, perm), ctx.input(1), ctx.input(2)], {
    axis: rank - axes.length,
    epsilon: float(ctx.node.arg['epsilon'] as number),
  });
  ctx.define(y, perm);
};

const dropout: ExportRule = (ctx) => {
  const c = ctx.constant(0);
  if (c) ctx.defineConstant(c);
  else ctx.define(ctx.input(0), ctx.perm(0));
};

export const NORM_RULES = {
  batch_norm: batchNorm,
  layer_norm: layerNorm,
  dropout,
} satisfies Partial<Record<MappedOp, ExportRule>>;
