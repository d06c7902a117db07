import { defineLayer } from './define';
import { expectSameShapes } from './shape-rules';

export const Average = defineLayer({
  type: 'Average',
  category: 'merging',
  params: {},
  doc: {
    summary: 'Averages its inputs element by element.',
    formula: 'y = (x₁ + x₂ + … + xₙ) / n',
    whenToUse: 'To combine several branches or models that predict the same thing, so that their errors partly cancel out (an ensemble).',
  },
  arity: { min: 2, max: 64 },
  inferShape: (inputs) => expectSameShapes(inputs, 'Average'),
  lower(ctx, inputs) {
    const shape = ctx.shapeOf(inputs[0]!);
    const sum = inputs.slice(1).reduce((acc, x) => ctx.emit('add', [acc, x], shape), inputs[0]!);
    return ctx.emit('scale', [sum], shape, { factor: 1 / inputs.length });
  },
  pytorch: (ctx) => ({ layout: ctx.arriving[0]!, forward: (_attr, inputs) => `(${inputs.join(' + ')}) / ${inputs.length}` }),
});
