import { defineLayer } from './define';
import { globalPoolLower, globalPoolParams, globalPoolPytorch, globalPoolShape } from './pool-common';

export const GlobalMaxPooling2D = defineLayer({
  type: 'GlobalMaxPooling2D',
  category: 'pooling',
  params: globalPoolParams(),
  doc: {
    summary: 'Keeps, for each channel, the largest value anywhere in the image, leaving one number per channel.',
    formula: 'y[c] = max over all i, j of x[i,j,c]',
    whenToUse: 'Before a Dense classifier when what matters is whether a pattern appears anywhere in the image, not how much of the image it covers.',
  },
  arity: { min: 1, max: 1 },
  inferShape: ([x], p) => globalPoolShape('GlobalMaxPooling2D', 2, x!, p),
  lower: (ctx, [x], p) => globalPoolLower('reduce_max', 'GlobalMaxPooling2D', 2, ctx, x!, p),
  pytorch: (ctx, p) => globalPoolPytorch('amax', 2, ctx, p),
});
