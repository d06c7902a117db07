import { defineLayer } from './define';
import { expectSameShapes } from './shape-rules';

export const Multiply = defineLayer({
  type: 'Multiply',
  category: 'merging',
  params: {},
  doc: {
    summary: 'Multiplies its inputs element by element.',
    formula: 'y = x₁ ⊙ x₂ ⊙ … ⊙ xₙ',
    whenToUse: 'For gating: one branch, squashed into 0…1 by a sigmoid, decides how much of another branch passes, as in attention and squeeze-and-excitation blocks.',
  },
  arity: { min: 2, max: 64 },
  inferShape: (inputs) => expectSameShapes(inputs, 'Multiply'),
  lower(ctx, inputs) {
    const shape = ctx.shapeOf(inputs[0]!);
    return inputs.slice(1).reduce((acc, x) => ctx.emit('mul', [acc, x], shape), inputs[0]!);
  },
  pytorch: (ctx) => ({ layout: ctx.arriving[0]!, forward: (_attr, inputs) => inputs.join(' * ') }),
});
