import { defineLayer } from './define';
import { expectSameShapes } from './shape-rules';

export const Minimum = defineLayer({
  type: 'Minimum',
  category: 'merging',
  params: {},
  doc: {
    summary: 'Keeps, at each position, the smallest value among its inputs.',
    formula: 'y = min(x₁, x₂, …, xₙ), element by element',
    whenToUse: 'To keep the most cautious of several branches at each position, or to cap one branch by another.',
  },
  arity: { min: 2, max: 64 },
  inferShape: (inputs) => expectSameShapes(inputs, 'Minimum'),
  lower(ctx, inputs) {
    const shape = ctx.shapeOf(inputs[0]!);
    return inputs.slice(1).reduce((acc, x) => ctx.emit('minimum', [acc, x], shape), inputs[0]!);
  },
  pytorch: (ctx) => ({ layout: ctx.arriving[0]!, forward: (_attr, inputs) => inputs.slice(1).reduce((acc, x) => `torch.minimum(${acc}, ${x})`, inputs[0]!) }),
});
