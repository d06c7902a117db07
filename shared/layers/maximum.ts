import { defineLayer } from './define';
import { expectSameShapes } from './shape-rules';

export const Maximum = defineLayer({
  type: 'Maximum',
  category: 'merging',
  params: {},
  doc: {
    summary: 'Keeps, at each position, the largest value among its inputs.',
    formula: 'y = max(x₁, x₂, …, xₙ), element by element',
    whenToUse: 'To let the strongest of several branches win at each position, as in maxout networks.',
  },
  arity: { min: 2, max: 64 },
  inferShape: (inputs) => expectSameShapes(inputs, 'Maximum'),
  lower(ctx, inputs) {
    const shape = ctx.shapeOf(inputs[0]!);
    return inputs.slice(1).reduce((acc, x) => ctx.emit('maximum', [acc, x], shape), inputs[0]!);
  },
  pytorch: (ctx) => ({ layout: ctx.arriving[0]!, forward: (_attr, inputs) => inputs.slice(1).reduce((acc, x) => `torch.maximum(${acc}, ${x})`, inputs[0]!) }),
});
