import { defineLayer } from './define';
import { float } from './params';
import { pyFloat } from '../export/pytorch/python';

export const LeakyReLU = defineLayer({
  type: 'LeakyReLU',
  category: 'activation',
  params: {
    negative_slope: float({ min: 0, default: 0.3, doc: 'What negative values are multiplied by; Keras starts at 0.3, PyTorch at 0.01.' }),
  },
  doc: {
    summary: 'Like ReLU, but lets a small part of each negative value through instead of blocking it.',
    formula: 'y = x if x > 0, else negative_slope·x',
    whenToUse: 'Instead of ReLU when many neurons stop learning because they only ever output zero ("dying ReLU"); common in GANs.',
  },
  arity: { min: 1, max: 1 },
  inferShape: ([x]) => x!,
  lower: (ctx, [x], p) => ctx.emit('leaky_relu', [x!], ctx.shapeOf(x!), { alpha: p.negative_slope }),
  pytorch: (ctx, p) => ({ layout: ctx.arriving[0]!, forward: (_attr, [x]) => `F.leaky_relu(${x}, ${pyFloat(p.negative_slope)})` }),
});
