import { defineLayer, ShapeRuleError } from './define';
import { choice, shape } from './params';

export const Input = defineLayer({
  type: 'Input',
  category: 'core',
  params: {
    shape: shape({ default: [2], doc: 'The shape of one sample, without the batch dimension: [28, 28] for a greyscale image, [784] for a flat vector, [timesteps, features] for a sequence.' }),
    dtype: choice(['float32', 'int32'], { default: 'float32', doc: 'float32 for measurements and pixels; int32 for token ids fed to an Embedding.' }),
  },
  doc: {
    summary: 'Where data enters the model. It fixes the shape of one sample.',
    formula: 'x ∈ ℝ^shape',
    whenToUse: 'Every model starts with one. Set its shape to match one sample of your dataset.',
  },
  arity: { min: 0, max: 0 },
  inferShape(inputs, p) {
    if (inputs.length > 0) throw new ShapeRuleError('NW018', 'An Input layer cannot receive data from another layer.');
    return p.shape;
  },
  lower(ctx, _inputs, p) {
    return ctx.emit('input', [], p.shape, { name: ctx.ir.origin }, p.dtype === 'int32' ? 'i32' : 'f32');
  },
});
