/**
 * Conv1D: the shared convolution with one spatial axis, plus Keras's "causal"
 * padding, which pads only the start of the sequence so that an output step
 * never sees later input steps. It lowers to a 'pad' followed by a "valid" conv.
 */
import { convLower, convParams, convPytorch, convShape, convWeights, type ConvValues } from './conv-common';
import { defineLayer, type Shape } from './define';
import { choice } from './params';

const causalPad = (p: ConvValues) => (p.kernel_size[0]! - 1) * p.dilation_rate[0]!;

/** The input as the conv sees it, and the padding it needs, once "causal" is resolved. */
function resolve(x: Shape, p: ConvValues): { x: Shape; p: ConvValues; pad: number } {
  // A wrong rank is left for convShape to report, naming the shape the user sees.
  if (p.padding !== 'causal' || x.length !== 2) return { x, p, pad: 0 };
  const pad = causalPad(p);
  return { x: [x[0]! + pad, ...x.slice(1)], p: { ...p, padding: 'valid' }, pad };
}

export const Conv1D = defineLayer({
  type: 'Conv1D',
  category: 'convolution',
  params: {
    ...convParams(1),
    padding: choice(['valid', 'same', 'causal'], { default: 'valid', doc: '"valid": no padding, the output shrinks. "same": zero-pad both ends so that the output has the input\'s length (divided by the stride). "causal": zero-pad only the start, so each output step sees only the present and the past.' }),
  },
  doc: {
    summary: 'Slides small learned filters along a sequence; each filter detects one short pattern (a rise, a spike, a word pair) wherever it appears.',
    formula: 'y[t,f] = f( Σ_{u,c} x[t·s+u, c] · K[u,c,f] + b[f] )',
    whenToUse: 'For signals, audio, sensor readings and text embeddings: data with one ordered axis. Use "causal" padding for forecasting, so the model cannot peek at the future.',
  },
  arity: { min: 1, max: 1 },
  inferShape([x], p) {
    const r = resolve(x!, p);
    return convShape('Conv1D', 1, r.x, r.p);
  },
  weights: ([x], p) => convWeights(1, x!, p),
  lower(ctx, [x], p) {
    const r = resolve(ctx.shapeOf(x!), p);
    const padded = r.pad ? ctx.emit('pad', [x!], r.x, { pads: [[0, 0], [r.pad, 0], [0, 0]] }) : x!;
    return convLower('Conv1D', 1, ctx, padded, r.p);
  },
  pytorch(ctx, p) {
    const r = resolve(ctx.inputs[0]!, p);
    return convPytorch(1, ctx, r.p, r.pad);
  },
  keras: { positional: ['filters', 'kernel_size'] },
});
