import { defineLayer } from './define';
import { expectSameShapes } from './shape-rules';

export const Subtract = defineLayer({
  type: 'Subtract',
  category: 'merging',
  params: {},
  doc: {
    summary: 'Subtracts its second input from its first, element by element.',
    formula: 'y = x₁ − x₂',
    whenToUse: 'To compare two branches, for example the difference between two encodings in a model that judges whether two inputs are alike.',
  },
  arity: { min: 2, max: 2 },
  inferShape: (inputs) => expectSameShapes(inputs, 'Subtract'),
  lower: (ctx, [a, b]) => ctx.emit('sub', [a!, b!], ctx.shapeOf(a!)),
  pytorch: (ctx) => ({ layout: ctx.arriving[0]!, forward: (_attr, [a, b]) => `${a} - ${b}` }),
});
