import { defineLayer } from './define';
import { int } from './params';
import { normaliseAxis } from './shape-rules';
import { torchDim } from '../export/pytorch/hooks';

export const Softmax = defineLayer({
  type: 'Softmax',
  category: 'activation',
  params: {
    axis: int({ default: -1, doc: 'The axis whose values are turned into probabilities. -1 is the last one.' }),
  },
  doc: {
    summary: 'Turns a list of scores into probabilities: all positive, adding up to 1, with the largest score getting the largest share.',
    formula: 'yᵢ = e^(xᵢ) / Σⱼ e^(xⱼ)',
    whenToUse: 'As the last step of a classifier that picks one of several classes, so each output reads as "how likely is this class".',
  },
  arity: { min: 1, max: 1 },
  inferShape([x], p) {
    normaliseAxis(p.axis, x!.length, 'Softmax');
    return x!;
  },
  lower(ctx, [x], p) {
    const shape = ctx.shapeOf(x!);
    return ctx.emit('softmax', [x!], shape, { axis: normaliseAxis(p.axis, shape.length, 'Softmax') });
  },
  pytorch(ctx, p) {
    const layout = ctx.arriving[0]!;
    return { layout, forward: (_attr, [x]) => `torch.softmax(${x}, dim=${torchDim(p.axis, ctx.output.length, layout)})` };
  },
});
