import { BATCH } from '../ir/graph';
import { defineLayer, ShapeRuleError, type Shape } from './define';
import { shape } from './params';
import { fmt, product } from './shape-rules';

/** The target shape with its -1 (if any) worked out from the input's size. */
function resolveTarget(x: Shape, target: readonly number[]): Shape {
  const size = product(x);
  const known = product(target.filter((d) => d !== -1));
  const infer = target.includes(-1);
  if (infer ? size % known !== 0 : size !== known) {
    const why = infer ? `${size} values do not divide evenly by ${known}` : `that holds ${known} values, not ${size}`;
    throw new ShapeRuleError('NW024', `Reshape cannot turn ${fmt(x)} into ${fmt(target)}: ${why}.`, undefined, 'target_shape');
  }
  return target.map((d) => (d === -1 ? size / known : d));
}

export const Reshape = defineLayer({
  type: 'Reshape',
  category: 'core',
  params: {
    target_shape: shape({ allowInfer: true, default: [-1], doc: 'The new shape of one sample, without the batch. One size may be -1: it is then worked out so that the number of values stays the same.' }),
  },
  doc: {
    summary: 'Rearranges the values of one sample into a new shape with the same number of values, keeping their order.',
    formula: '(a, b, …) → target_shape, with a·b·… unchanged',
    whenToUse: 'To turn a flat row of 784 pixels into a 28×28 image for a Conv2D, or a vector into (timesteps, features) for a recurrent layer.',
  },
  arity: { min: 1, max: 1 },
  inferShape: ([x], p) => resolveTarget(x!, p.target_shape),
  lower(ctx, [x], p) {
    const out = resolveTarget(ctx.shapeOf(x!), p.target_shape);
    return ctx.emit('reshape', [x!], out, { shape: [BATCH, ...out] });
  },
  pytorch: (ctx) => ({ layout: 'channels_last', forward: (_attr, [x]) => `${x}.reshape(-1, ${ctx.output.join(', ')})` }),
  keras: { positional: ['target_shape'] },
});
