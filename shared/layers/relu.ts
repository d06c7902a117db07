import type { IRValue } from '../ir/graph';
import { defineLayer } from './define';
import { float } from './params';
import { pyFloat } from '../export/pytorch/python';

// Keras's `max_value` (ReLU6 and the like) is left out: its default is None,
// and no parameter kind can hold "a number or nothing" yet.
export const ReLU = defineLayer({
  type: 'ReLU',
  category: 'activation',
  params: {
    negative_slope: float({ min: 0, default: 0, doc: 'How much of the values below the threshold gets through: 0 blocks them; 0.1 lets a tenth through.' }),
    threshold: float({ default: 0, doc: 'Values from this number upwards pass unchanged; values below it are blocked.' }),
  },
  doc: {
    summary: 'Lets values from the threshold upwards pass unchanged and blocks the ones below it.',
    formula: 'y = x if x ≥ threshold, else negative_slope·(x − threshold);  with the defaults, y = max(0, x)',
    whenToUse: 'The standard activation for hidden layers, as a block of its own, for example after BatchNormalization.',
  },
  arity: { min: 1, max: 1 },
  inferShape: ([x]) => x!,
  lower(ctx, [x], p) {
    const shape = ctx.shapeOf(x!);
    const rectify = (v: IRValue) =>
      p.negative_slope === 0 ? ctx.emit('relu', [v], shape) : ctx.emit('leaky_relu', [v], shape, { alpha: p.negative_slope });
    if (p.threshold === 0) return rectify(x!);
    // No op takes a threshold, so shift it to 0: with d = x − t, y = rectify(d) + t·[d ≥ 0].
    // [d ≥ 0] is written 1 − step(−d) so that y = x exactly at x = t, as in Keras.
    // The constant is a scalar: it has no batch axis and broadcasts.
    const minusT = ctx.ir.emit('const', [], [1], { values: [-p.threshold] });
    const d = ctx.emit('add', [x!, minusT], shape);
    const tBelow = ctx.emit('scale', [ctx.emit('step', [ctx.emit('neg', [d], shape)], shape)], shape, { factor: p.threshold });
    return ctx.emit('sub', [ctx.emit('sub', [rectify(d), tBelow], shape), minusT], shape);
  },
  pytorch: (ctx, p) => ({ layout: ctx.arriving[0]!, forward: (_attr, [x]) => reluPytorch(x!, p.negative_slope, p.threshold) }),
});

function reluPytorch(x: string, slope: number, threshold: number): string {
  if (threshold !== 0) return `torch.where(${x} >= ${pyFloat(threshold)}, ${x}, ${pyFloat(slope)} * (${x} - ${pyFloat(threshold)}))`;
  return slope === 0 ? `torch.relu(${x})` : `F.leaky_relu(${x}, ${pyFloat(slope)})`;
}
