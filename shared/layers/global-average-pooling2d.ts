import { defineLayer } from './define';
import { globalPoolLower, globalPoolParams, globalPoolPytorch, globalPoolShape } from './pool-common';

export const GlobalAveragePooling2D = defineLayer({
  type: 'GlobalAveragePooling2D',
  category: 'pooling',
  params: globalPoolParams(),
  doc: {
    summary: 'Averages each channel over the whole image, leaving one number per channel.',
    formula: 'y[c] = mean over all i, j of x[i,j,c]',
    whenToUse: 'Between the convolutional part of a CNN and its final Dense classifier, instead of Flatten. It has no weights, so it overfits less, and it works for any image size (as in ResNet and MobileNet).',
  },
  arity: { min: 1, max: 1 },
  inferShape: ([x], p) => globalPoolShape('GlobalAveragePooling2D', 2, x!, p),
  lower: (ctx, [x], p) => globalPoolLower('reduce_mean', 'GlobalAveragePooling2D', 2, ctx, x!, p),
  pytorch: (ctx, p) => globalPoolPytorch('mean', 2, ctx, p),
});
