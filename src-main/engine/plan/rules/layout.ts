/**
 * Layout ops and the embedding lookup. Axes count the batch as axis 0, as in
 * the IR. Each moves values without arithmetic, so each gradient moves dy
 * back:
 *
 *   transpose {perm}         dx = transpose(dy, inverse perm)
 *   concat {axis}            dxᵢ = slice(dy, axis, start of input i)
 *   slice {starts,ends,axes} dx = dy with zeros on both sides: a concat with zero constants, per axis
 *   reverse {axis}           dx = reverse(dy, axis)
 *   repeat {axis, times}     dx = reduce sum of dy over the new axis
 *   gather (table, ids)      dtable = gather_grad(dy, ids), summing repeated ids; ids get no gradient
 *
 * Reshape is not here: it is a view (build-plan.ts).
 */
import type { ForwardContext, PlanBuilder, RuleFamily } from '../builder';
import { PlanError } from '../builder';

/** One launch of `kernel` on the node's first input, keeping the node's dtype (layout ops copy i32 too). */
const moveValues = (kernel: 'transpose' | 'reverse' | 'repeat', arg: (ctx: ForwardContext) => Record<string, unknown>) => (ctx: ForwardContext) =>
  ctx.b.apply(kernel, [ctx.ins[0]!], ctx.shape, arg(ctx), ctx.node.dtype);

export function inversePermutation(perm: readonly number[]): number[] {
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, k) => (inverse[p] = k));
  return inverse;
}

/** The IR's slice {starts, ends, axes}, ONNX-style (ends exclusive, negatives count from the end), as [axis, start, end] per axis. */
function sliceRanges(ctx: { node: { arg: Readonly<Record<string, unknown>>; origin: string } }, shape: readonly number[]): [number, number, number][] {
  const starts = ctx.node.arg['starts'] as number[];
  const ends = ctx.node.arg['ends'] as number[];
  const axes = (ctx.node.arg['axes'] as number[] | undefined) ?? starts.map((_, i) => i);
  return axes.map((a, i) => {
    const axis = a < 0 ? a + shape.length : a;
    const n = shape[axis]!;
    const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
    const [start, end] = [clamp(starts[i]!), clamp(ends[i]!)];
    if (axis === 0) throw new PlanError(ctx.node.origin, 'slicing the batch axis is not supported');
    if (end <= start) throw new PlanError(ctx.node.origin, `slice of axis ${axis} from ${starts[i]} to ${ends[i]} is empty`);
    return [axis, start, end];
  });
}

/** A zero constant of `shape`, or nothing when the shape is empty along `axis`. */
function zeros(b: PlanBuilder, shape: readonly number[], axis: number, n: number): number[] {
  if (n === 0) return [];
  const s = [...shape];
  s[axis] = n;
  return [b.tensor(s, 'const', 'f32', 'zeros', { values: [0] })];
}

export const LAYOUT_RULES: RuleFamily = {
  forward: {
    transpose: moveValues('transpose', (ctx) => ({ perm: ctx.node.arg['perm'] })),
    reverse: moveValues('reverse', (ctx) => ({ axis: ctx.node.arg['axis'] })),
    repeat: moveValues('repeat', (ctx) => ({ axis: ctx.node.arg['axis'], times: ctx.node.arg['times'] })),
    concat: (ctx) => ctx.b.apply('concat', ctx.ins, ctx.shape, { axis: ctx.node.arg['axis'] }, ctx.node.dtype),
    slice(ctx) {
      let x = ctx.ins[0]!;
      for (const [axis, start, end] of sliceRanges(ctx, ctx.b.shape(x))) {
        const shape = [...ctx.b.shape(x)];
        shape[axis] = end - start;
        x = ctx.b.apply('slice', [x], shape, { axis, start }, ctx.node.dtype);
      }
      return x;
    },
    gather: (ctx) => ctx.b.apply('gather', [ctx.ins[0]!, ctx.ins[1]!], ctx.shape),
  },
  grad: {
    transpose(ctx) {
      const perm = inversePermutation(ctx.node.arg['perm'] as number[]);
      ctx.accumulate(0, ctx.b.apply('transpose', [ctx.dy], ctx.b.shape(ctx.ins[0]!), { perm }));
    },
    reverse: (ctx) => ctx.accumulate(0, ctx.b.apply('reverse', [ctx.dy], ctx.b.shape(ctx.dy), { axis: ctx.node.arg['axis'] })),
    repeat(ctx) {
      const axis = ctx.node.arg['axis'] as number;
      ctx.accumulate(0, ctx.b.apply('reduce', [ctx.dy], ctx.b.shape(ctx.ins[0]!), { fn: 'sum', axes: [axis] }));
    },
    concat(ctx) {
      const axis = ctx.node.arg['axis'] as number;
      let start = 0;
      ctx.ins.forEach((x, i) => {
        if (ctx.needs(i)) ctx.accumulate(i, ctx.b.apply('slice', [ctx.dy], ctx.b.shape(x), { axis, start }));
        start += ctx.b.shape(x)[axis]!;
      });
    },
    slice(ctx) {
      // Undo the forward's slices last to first, padding each axis back with
      // zeros. A concat with zero constants keeps this inside the layout
      // family; slice is rare (no layer emits it yet), so the extra constants cost nothing that matters.
      const { b } = ctx;
      const full = b.shape(ctx.ins[0]!);
      const ranges = sliceRanges(ctx, full);
      const shapes = [full];
      for (const [axis, start, end] of ranges) {
        const s = [...shapes.at(-1)!];
        s[axis] = end - start;
        shapes.push(s);
      }
      let dx = ctx.dy;
      for (let r = ranges.length - 1; r >= 0; r--) {
        const [axis, start, end] = ranges[r]!;
        const before = shapes[r]!;
        const parts = [...zeros(b, before, axis, start), dx, ...zeros(b, before, axis, before[axis]! - end)];
        if (parts.length > 1) dx = b.apply('concat', parts, before, { axis });
      }
      ctx.accumulate(0, dx);
    },
    gather(ctx) {
      if (ctx.needs(0)) ctx.accumulate(0, ctx.b.apply('gather_grad', [ctx.dy, ctx.ins[1]!], ctx.b.shape(ctx.ins[0]!)));
    },
  },
};
