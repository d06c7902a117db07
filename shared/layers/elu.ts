import { defineLayer } from './define';
import { float } from './params';
import { pyFloat } from '../export/pytorch/python';

export const ELU = defineLayer({
  type: 'ELU',
  category: 'activation',
  params: {
    alpha: float({ default: 1, doc: 'How low negative values can go: the output never falls below −alpha.' }),
  },
  doc: {
    summary: 'Like ReLU for positive values, but bends smoothly below zero instead of cutting off.',
    formula: 'y = x if x > 0, else alpha·(eˣ − 1)',
    whenToUse: 'Instead of ReLU when you want smooth outputs whose average stays near zero, which can speed up training.',
  },
  arity: { min: 1, max: 1 },
  inferShape: ([x]) => x!,
  lower: (ctx, [x], p) => ctx.emit('elu', [x!], ctx.shapeOf(x!), { alpha: p.alpha }),
  pytorch: (ctx, p) => ({ layout: ctx.arriving[0]!, forward: (_attr, [x]) => (p.alpha === 1 ? `F.elu(${x})` : `F.elu(${x}, ${pyFloat(p.alpha)})`) }),
});
