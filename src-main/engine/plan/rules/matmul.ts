/**
 * matmul, with its fused bias and activation epilogue (see fuse.ts).
 *
 *   forward   y = act(x·W + b)                    one `matmul` launch
 *   backward  dz = act'(y) ⊙ dy                    `unary_grad`, skipped without activation
 *             db = Σ_rows dz                        `reduce`
 *             dW = xᵀ·dz                            `matmul_at`
 *             dx = dz·Wᵀ                            `matmul` with transB
 */
import type { IRNode } from '../../../../shared/ir/graph';
import type { ForwardContext, GradContext, PlanBuilder, RuleFamily } from '../builder';

/** The fused activation and bias of a group, if any. */
export function epilogueOf(ctx: ForwardContext | GradContext): { activation: string | null; alpha: unknown; bias: number | undefined } {
  const g = ctx.group;
  const act: IRNode | undefined = g?.activation !== undefined ? ctx.irNode(g.activation) : undefined;
  const bias = g?.biasAdd !== undefined ? ctx.irNode(g.biasAdd).src[1] : undefined;
  return { activation: act?.op ?? null, alpha: act?.arg['alpha'] ?? null, bias };
}

/** Backward through the epilogue: returns dL/d(pre-activation) and accumulates the bias gradient. */
export function epilogueGrad(ctx: GradContext): number {
  const { b, out } = ctx;
  const { activation, alpha, bias } = epilogueOf(ctx);
  let dz = ctx.dy;
  if (activation) dz = b.apply('unary_grad', [dz, out, out], b.shape(out), { fn: activation, alpha });
  if (bias !== undefined && ctx.needsNode(bias)) ctx.accumulateNode(bias, sumToLastAxis(b, dz));
  return dz;
}

export function sumToLastAxis(b: PlanBuilder, x: number): number {
  const shape = b.shape(x);
  return b.apply('reduce', [x], [shape.at(-1)!], { fn: 'sum', axes: shape.slice(0, -1).map((_, i) => i) });
}

export const MATMUL_RULES: RuleFamily = {
  forward: {
    matmul(ctx) {
      const { activation, alpha, bias } = epilogueOf(ctx);
      const inputs = [ctx.ins[0]!, ctx.ins[1]!, ...(bias !== undefined ? [ctx.tensorOf(bias)] : [])];
      return ctx.b.apply('matmul', inputs, ctx.shape, { transB: false, hasBias: bias !== undefined, activation, alpha });
    },
  },
  grad: {
    matmul(ctx) {
      const { b, ins } = ctx;
      const dz = epilogueGrad(ctx);
      const [x, w] = [ins[0]!, ins[1]!];
      if (ctx.needs(1)) ctx.accumulate(1, b.apply('matmul_at', [x, dz], b.shape(w)));
      if (ctx.needs(0)) ctx.accumulate(0, b.apply('matmul', [dz, w], b.shape(x), { transB: true, hasBias: false, activation: null, alpha: null }));
    },
  },
};
