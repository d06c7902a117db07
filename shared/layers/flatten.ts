import { BATCH } from '../ir/graph';
import { defineLayer } from './define';
import { product } from './shape-rules';

export const Flatten = defineLayer({
  type: 'Flatten',
  category: 'core',
  params: {},
  doc: {
    summary: 'Lays all the values of one sample out in a single row, keeping their order; nothing is learned or lost.',
    formula: '(h, w, c) → (h·w·c)',
    whenToUse: 'Between the convolution part of a CNN and its Dense layers, or to feed an image straight into a Dense layer.',
  },
  arity: { min: 1, max: 1 },
  inferShape: ([x]) => [product(x!)],
  lower(ctx, [x]) {
    const shape = [product(ctx.shapeOf(x!))];
    return ctx.emit('reshape', [x!], shape, { shape: [BATCH, ...shape] });
  },
  // Flatten reads channels-last, so values are laid out (h, w, c) as in Keras.
  pytorch: () => ({
    layout: 'channels_last',
    forward: (_attr, [x]) => `torch.flatten(${x}, 1)`,
    movedNote: 'channels moved last first, so values flatten in Keras\'s (h, w, c) order, which the weights after it expect',
  }),
});
