/**
 * Elementwise ops, activations, softmax and reductions. Gradients of
 * broadcasting binary ops are composed from `binary` and `reduce` launches:
 * each input's gradient is summed back over the axes it was broadcast along.
 */
import type { GradContext, PlanBuilder, RuleFamily } from '../builder';
import { numel } from '../types';

const UNARY = ['neg', 'exp', 'log', 'sqrt', 'square', 'abs', 'scale', 'step', 'sigmoid', 'hard_sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'selu', 'gelu', 'swish', 'softplus', 'softsign'] as const;
const BINARY = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum'] as const;

/** Sums `grad` (of the broadcast shape) back to `shape`, numpy-style. */
export function reduceTo(b: PlanBuilder, grad: number, shape: readonly number[]): number {
  const from = b.shape(grad);
  if (from.join() === shape.join()) return grad;
  const offset = from.length - shape.length;
  const axes = from.map((_, i) => i).filter((i) => i < offset || (shape[i - offset] === 1 && from[i] !== 1));
  const reduced = b.apply('reduce', [grad], from.filter((_, i) => !axes.includes(i)), { fn: 'sum', axes });
  return numel(b.shape(reduced)) === numel(shape) && b.shape(reduced).join() !== shape.join() ? b.view(reduced, shape) : reduced;
}

function binaryGrad(ctx: GradContext): void {
  const { b, ins, dy, node } = ctx;
  const [a, c] = [ins[0]!, ins[1]!];
  const full = b.shape(dy);
  const bin = (fn: string, x: number, y: number) => b.apply('binary', [x, y], full, { fn });
  const neg = (x: number) => b.apply('unary', [x], b.shape(x), { fn: 'neg' });
  const grads: Record<string, () => [number | null, number | null]> = {
    add: () => [dy, dy],
    sub: () => [dy, ctx.needs(1) ? neg(dy) : null],
    mul: () => [ctx.needs(0) ? bin('mul', dy, c) : null, ctx.needs(1) ? bin('mul', dy, a) : null],
    // d(a/c)/da = 1/c ; d(a/c)/dc = −a/c² = −(a/c)/c
    div: () => [ctx.needs(0) ? bin('div', dy, c) : null, ctx.needs(1) ? neg(bin('mul', dy, bin('div', ctx.out, c))) : null],
    maximum: () => {
      const mask = bin('ge', a, c);
      return [ctx.needs(0) ? bin('mul', dy, mask) : null, ctx.needs(1) ? bin('sub', dy, bin('mul', dy, mask)) : null];
    },
    minimum: () => {
      const mask = bin('ge', c, a);
      return [ctx.needs(0) ? bin('mul', dy, mask) : null, ctx.needs(1) ? bin('sub', dy, bin('mul', dy, mask)) : null];
    },
  };
  const [da, dc] = grads[node.op]!();
  if (da !== null && ctx.needs(0)) ctx.accumulate(0, reduceTo(b, da, b.shape(a)));
  if (dc !== null && ctx.needs(1)) ctx.accumulate(1, reduceTo(b, dc, b.shape(c)));
}

const forward: RuleFamily['forward'] = {};
const grad: RuleFamily['grad'] = {};

for (const op of UNARY) {
  forward[op] = (ctx) => ctx.b.apply('unary', [ctx.ins[0]!], ctx.shape, { fn: op, ...ctx.node.arg });
  grad[op] = (ctx) => ctx.accumulate(0, ctx.b.apply('unary_grad', [ctx.dy, ctx.ins[0]!, ctx.out], ctx.b.shape(ctx.dy), { fn: op, ...ctx.node.arg }));
}

for (const op of BINARY) {
  forward[op] = (ctx) => ctx.b.apply('binary', [ctx.ins[0]!, ctx.ins[1]!], ctx.shape, { fn: op });
  grad[op] = binaryGrad;
}

/**
 * Softmax runs along the last axis. Another axis is moved last with a
 * transpose (a swap, which is its own inverse) and moved back afterwards.
 */
function softmaxSwap(node: { shape: readonly number[]; arg: Readonly<Record<string, unknown>> }): number[] | undefined {
  const rank = node.shape.length;
  const raw = (node.arg['axis'] as number | undefined) ?? -1;
  const axis = raw < 0 ? raw + rank : raw;
  if (axis === rank - 1) return undefined;
  const perm = node.shape.map((_, i) => i);
  perm[axis] = rank - 1;
  perm[rank - 1] = axis;
  return perm;
}

const permuted = (shape: readonly number[], perm: readonly number[]) => perm.map((p) => shape[p]!);

for (const op of ['softmax', 'log_softmax'] as const) {
  const log = op === 'log_softmax';
  forward[op] = (ctx) => {
    const perm = softmaxSwap(ctx.node);
    if (!perm) return ctx.b.apply('softmax', [ctx.ins[0]!], ctx.shape, { log });
    const moved = ctx.b.apply('transpose', [ctx.ins[0]!], permuted(ctx.shape, perm), { perm });
    const y = ctx.b.apply('softmax', [moved], permuted(ctx.shape, perm), { log });
    ctx.save('movedOutput', y);
    return ctx.b.apply('transpose', [y], ctx.shape, { perm });
  };
  grad[op] = (ctx) => {
    const { b } = ctx;
    const perm = softmaxSwap(ctx.node);
    if (!perm) return ctx.accumulate(0, b.apply('softmax_grad', [ctx.dy, ctx.out], b.shape(ctx.dy), { log }));
    const shape = b.shape(ctx.dy);
    const dyMoved = b.apply('transpose', [ctx.dy], permuted(shape, perm), { perm });
    const dxMoved = b.apply('softmax_grad', [dyMoved, ctx.saved['movedOutput']!], permuted(shape, perm), { log });
    ctx.accumulate(0, b.apply('transpose', [dxMoved], shape, { perm }));
  };
}

for (const [op, fn] of [['reduce_sum', 'sum'], ['reduce_mean', 'mean'], ['reduce_max', 'max']] as const) {
  forward[op] = (ctx) => ctx.b.apply('reduce', [ctx.ins[0]!], ctx.shape, { fn, axes: ctx.node.arg['axes'] });
  grad[op] = (ctx) => ctx.accumulate(0, ctx.b.apply('reduce_grad', [ctx.dy, ctx.ins[0]!, ctx.out], ctx.b.shape(ctx.ins[0]!), { fn, axes: ctx.node.arg['axes'] }));
}

export const ELEMENTWISE_RULES: RuleFamily = { forward, grad };
