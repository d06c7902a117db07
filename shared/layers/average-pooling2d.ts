import { defineLayer } from './define';
import { poolLower, poolParams, poolPytorch, poolShape } from './pool-common';

export const AveragePooling2D = defineLayer({
  type: 'AveragePooling2D',
  category: 'pooling',
  params: poolParams(2),
  doc: {
    summary: 'Shrinks an image by replacing each small window with the average of its values: with the default 2×2 window, every 2×2 square becomes one pixel.',
    formula: 'y[i,j,c] = mean over u < p_h, v < p_w of x[i·s_h + u, j·s_w + v, c]   (with "same" padding, edge windows average only real cells)',
    whenToUse: 'To downsample smoothly, as in the original LeNet. Max pooling is the more common choice in modern CNNs; average pooling keeps more of the overall brightness of a region.',
  },
  arity: { min: 1, max: 1 },
  inferShape: ([x], p) => poolShape('AveragePooling2D', 2, x!, p),
  lower: (ctx, [x], p) => poolLower('avg_pool', 'AveragePooling2D', 2, ctx, x!, p),
  pytorch: (ctx, p) => poolPytorch('avg_pool', 2, ctx, p),
});
