/**
 * Batch and layer normalisation, and dropout. Training and inference plans
 * lower these differently:
 *
 *   batch_norm  training:  one `batch_norm` launch normalises with the batch's
 *                          statistics, saves them (mean, invStd) for the
 *                          gradient, and moves the moving mean and variance in
 *                          place (they are listed as outputs too)
 *               inference: one `batch_norm` launch with the moving statistics
 *               backward:  one `batch_norm_grad` launch → dx, dγ, dβ
 *   layer_norm  one `layer_norm` launch (statistics saved when training);
 *               backward: one `layer_norm_grad` launch → dx, dγ, dβ
 *   dropout     training:  one `dropout` launch → y and its scaled mask
 *               inference: no launch, y is x
 *               backward:  dx = dy·mask, one `binary` mul
 *
 * γ and β may be constants (center or scale off) and the moving statistics
 * are non-trainable, so only the gradients that lead to a trainable weight
 * are accumulated; the gradient launch still writes all three.
 */
import type { ForwardContext, GradContext, RuleFamily } from '../builder';

/** The batch statistics' shape: x's shape without the `reduced` axes. */
const statsShape = (x: readonly number[], reduced: readonly number[]) => x.filter((_, a) => !reduced.includes(a));

/** Emits a normalisation's gradient launch and hands dx, dγ, dβ to the inputs that need them. */
function normGrad(ctx: GradContext, kernel: 'batch_norm_grad' | 'layer_norm_grad', arg: Record<string, unknown>): void {
  const { b, ins, saved } = ctx;
  const [x, gamma, beta] = [ins[0]!, ins[1]!, ins[2]!];
  const outs = [b.tensor(b.shape(x)), b.tensor(b.shape(gamma)), b.tensor(b.shape(beta))];
  b.step(kernel, [ctx.dy, x, gamma, saved['mean']!, saved['invStd']!], outs, arg);
  outs.forEach((g, i) => ctx.needs(i) && ctx.accumulate(i, g));
}

/** Emits a normalisation's forward launch; when training, also its statistics, saved for the gradient. */
function normForward(ctx: ForwardContext, kernel: 'batch_norm' | 'layer_norm', stats: readonly number[], arg: Record<string, unknown>, extraOutputs: readonly number[] = []): number {
  const { b } = ctx;
  const y = b.tensor(ctx.shape);
  if (!ctx.training) {
    b.step(kernel, ctx.ins, [y], arg);
    return y;
  }
  const mean = b.tensor(stats, 'temp', 'f32', `${ctx.node.origin}/mean`);
  const invStd = b.tensor(stats, 'temp', 'f32', `${ctx.node.origin}/invStd`);
  b.step(kernel, ctx.ins, [y, mean, invStd, ...extraOutputs], arg);
  ctx.save('mean', mean);
  ctx.save('invStd', invStd);
  return y;
}

export const NORM_RULES: RuleFamily = {
  forward: {
    batch_norm(ctx) {
      const axis = ctx.node.arg['axis'] as number;
      const { epsilon, momentum } = ctx.node.arg;
      const moving = [ctx.ins[3]!, ctx.ins[4]!];
      return normForward(ctx, 'batch_norm', [ctx.shape[axis]!], { axis, epsilon, momentum, training: ctx.training }, moving);
    },
    layer_norm(ctx) {
      const axes = ctx.node.arg['axes'] as number[];
      return normForward(ctx, 'layer_norm', statsShape(ctx.shape, axes), { axes, epsilon: ctx.node.arg['epsilon'] });
    },
    dropout(ctx) {
      const rate = ctx.node.arg['rate'] as number;
      if (!ctx.training || rate === 0) return ctx.ins[0]!;
      // Keras's Dropout carries no seed here (null): the IR node id keeps two
      // Dropout layers of the same size from drawing the same mask.
      const seed = (ctx.node.arg['seed'] as number | null) ?? ctx.node.id;
      const y = ctx.b.tensor(ctx.shape);
      const mask = ctx.b.tensor(ctx.shape, 'temp', 'f32', `${ctx.node.origin}/mask`);
      ctx.b.step('dropout', [ctx.ins[0]!], [y, mask], { rate, seed });
      ctx.save('mask', mask);
      return y;
    },
  },
  grad: {
    batch_norm: (ctx) => normGrad(ctx, 'batch_norm_grad', { axis: ctx.node.arg['axis'] }),
    layer_norm: (ctx) => normGrad(ctx, 'layer_norm_grad', { axes: ctx.node.arg['axes'] }),
    dropout(ctx) {
      const mask = ctx.saved['mask'];
      ctx.accumulate(0, mask === undefined ? ctx.dy : ctx.b.apply('binary', [ctx.dy, mask], ctx.b.shape(ctx.dy), { fn: 'mul' }));
    },
  },
};
