import { defineLayer } from './define';
import { expectSameShapes } from './shape-rules';

export const Add = defineLayer({
  type: 'Add',
  category: 'merging',
  params: {},
  doc: {
    summary: 'Adds its inputs element by element.',
    formula: 'y = x₁ + x₂ + … + xₙ',
    whenToUse: 'For residual (skip) connections, as in ResNet: add a block\'s input to its output so that deep networks train easily.',
  },
  arity: { min: 2, max: 64 },
  inferShape: (inputs) => expectSameShapes(inputs, 'Add'),
  lower(ctx, inputs) {
    const shape = ctx.shapeOf(inputs[0]!);
    return inputs.slice(1).reduce((sum, x) => ctx.emit('add', [sum, x], shape), inputs[0]!);
  },
  pytorch: (ctx) => ({ layout: ctx.arriving[0]!, forward: (_attr, inputs) => inputs.join(' + ') }),
});
