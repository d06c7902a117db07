import { defineLayer, ShapeRuleError, type Shape } from './define';
import { int } from './params';
import { fmt, normaliseAxis } from './shape-rules';
import { torchDim } from '../export/pytorch/hooks';

/** Output shape and the IR axis (batch = 0) of joining `inputs` along `axis`. */
function concatShape(inputs: readonly Shape[], axis: number): { shape: Shape; irAxis: number } {
  const first = inputs[0]!;
  const irAxis = normaliseAxis(axis, first.length, 'Concatenate');
  const k = irAxis - 1;
  inputs.forEach((s, i) => {
    if (s.length !== first.length || s.some((d, j) => j !== k && d !== first[j])) {
      throw new ShapeRuleError('NW021', `Concatenate joins its inputs along axis ${axis}, so all other axes must match, but input 1 is ${fmt(first)} and input ${i + 1} is ${fmt(s)}.`);
    }
  });
  const shape = [...first];
  shape[k] = inputs.reduce((n, s) => n + s[k]!, 0);
  return { shape, irAxis };
}

export const Concatenate = defineLayer({
  type: 'Concatenate',
  category: 'merging',
  params: {
    axis: int({ default: -1, doc: 'The axis along which the inputs are joined. -1 is the last one (the features or channels); 1 is the first after the batch.' }),
  },
  doc: {
    summary: 'Joins its inputs end to end along one axis, so every value of every input is kept.',
    formula: '(…, a) and (…, b) → (…, a + b)',
    whenToUse: 'To combine branches that each found different things, as in Inception blocks or U-Net skip connections, or to join two kinds of input.',
  },
  arity: { min: 2, max: 64 },
  inferShape: (inputs, p) => concatShape(inputs, p.axis).shape,
  lower(ctx, inputs, p) {
    const { shape, irAxis } = concatShape(inputs.map((x) => ctx.shapeOf(x)), p.axis);
    return ctx.emit('concat', inputs, shape, { axis: irAxis });
  },
  // Joins in the first input's layout: along channels that is dim 1 channels-first, as in U-Net code.
  pytorch(ctx, p) {
    const layout = ctx.arriving[0]!;
    const dim = torchDim(p.axis, ctx.output.length, layout);
    return { layout, forward: (_attr, inputs) => `torch.cat([${inputs.join(', ')}], dim=${dim})` };
  },
});
