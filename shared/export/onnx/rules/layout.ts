/**
 * Layout ops and the embedding lookup.
 *
 *   reshape     Reshape of the value in the IR's own order, 0 keeping the batch
 *               dimension; on a weight, folded (the data does not move)
 *   transpose   one Transpose from wherever the value is stored to the IR's order
 *   concat      Concat, in the inputs' common layout when they share one
 *   slice       Slice;  reverse: Slice with step −1
 *   repeat      Unsqueeze, then Tile along the new axis (RepeatVector)
 *   gather      Gather rows of the table (Embedding)
 */
import type { ExportRule, MappedOp } from '../context';
import { identity, inverse, isIdentity, type Perm, samePerm, transposeBetween } from '../layout';

const reshape: ExportRule = (ctx) => {
  const c = ctx.constant(0);
  if (c) {
    ctx.defineConstant({ ...c, shape: ctx.node.shape });
    return;
  }
  const shape = ctx.node.shape.map((d, i) => (i === 0 && d === -1 ? 0 : d));
  ctx.define(ctx.op1('Reshape', [ctx.input(0, identity(ctx.irNode(ctx.node.src[0]!).shape.length)), ctx.int64('shape', shape)]));
};

const transpose: ExportRule = (ctx) => {
  const q = ctx.node.arg['perm'] as number[];
  const from = ctx.perm(0);
  // Output IR axis i is input IR axis q[i]; in one Transpose straight from the stored order.
  const perm = transposeBetween(from, q);
  if (isIdentity(perm)) ctx.define(ctx.input(0), identity(q.length));
  else ctx.define(ctx.op1('Transpose', [ctx.input(0)], { perm }));
};

const concat: ExportRule = (ctx) => {
  const rank = ctx.node.shape.length;
  const tensors = ctx.node.src.filter((id) => !ctx.constantOf(id));
  const first = tensors.length ? ctx.permOf(tensors[0]!) : identity(rank);
  const perm: Perm = tensors.every((id) => samePerm(ctx.permOf(id), first)) ? first : identity(rank);
  const axis = inverse(perm)[ctx.node.arg['axis'] as number]!;
  ctx.define(ctx.op1('Concat', ctx.node.src.map((id) => ctx.valueOf(id, perm)), { axis }), perm);
};

const slice: ExportRule = (ctx) => {
  const perm = ctx.perm(0);
  const inv = inverse(perm);
  const rank = perm.length;
  const starts = ctx.node.arg['starts'] as number[];
  const ends = ctx.node.arg['ends'] as number[];
  const axes = ((ctx.node.arg['axes'] as number[] | undefined) ?? starts.map((_, i) => i)).map((a) => inv[a < 0 ? a + rank : a]!);
  ctx.define(ctx.op1('Slice', [ctx.input(0), ctx.int64('starts', starts), ctx.int64('ends', ends), ctx.int64('axes', axes)]), perm);
};

const reverse: ExportRule = (ctx) => {
  const perm = ctx.perm(0);
  const axis = ctx.node.arg['axis'] as number;
  const size = ctx.node.shape[axis]!;
  if (size < 0) ctx.fail('cannot reverse the batch axis');
  const inputs = [ctx.input(0), ctx.int64('starts', [-1]), ctx.int64('ends', [-(size + 1)]), ctx.int64('axes', [inverse(perm)[axis]!]), ctx.int64('steps', [-1])];
  ctx.define(ctx.op1('Slice', inputs), perm);
};

const repeat: ExportRule = (ctx) => {
  const axis = ctx.node.arg['axis'] as number;
  const times = ctx.node.arg['times'] as number;
  const rank = ctx.node.shape.length;
  const x = ctx.input(0, identity(rank - 1));
  const expanded = ctx.op1('Unsqueeze', [x, ctx.int64('axes', [axis])]);
  ctx.define(ctx.op1('Tile', [expanded, ctx.int64('repeats', identity(rank).map((a) => (a === axis ? times : 1)))]));
};

const gather: ExportRule = (ctx) => {
  const ids = ctx.input(1, identity(ctx.irNode(ctx.node.src[1]!).shape.length));
  ctx.define(ctx.op1('Gather', [ctx.input(0), ids], { axis: 0 }));
};

export const LAYOUT_RULES = {
  reshape,
  transpose,
  concat,
  slice,
  reverse,
  repeat,
  gather,
} satisfies Partial<Record<MappedOp, ExportRule>>;
