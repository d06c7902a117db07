import { defineLayer } from './define';
import { poolLower, poolParams, poolPytorch, poolShape } from './pool-common';

export const MaxPooling2D = defineLayer({
  type: 'MaxPooling2D',
  category: 'pooling',
  params: poolParams(2),
  doc: {
    summary: 'Shrinks an image by keeping only the largest value in each small window: with the default 2×2 window, every 2×2 square of pixels becomes one.',
    formula: 'y[i,j,c] = max over u < p_h, v < p_w of x[i·s_h + u, j·s_w + v, c]',
    whenToUse: 'After one or more Conv2D layers, to halve the height and width. It keeps the strongest sign of each pattern, makes the network cheaper, and makes it care less about exactly where a pattern sits.',
  },
  arity: { min: 1, max: 1 },
  inferShape: ([x], p) => poolShape('MaxPooling2D', 2, x!, p),
  lower: (ctx, [x], p) => poolLower('max_pool', 'MaxPooling2D', 2, ctx, x!, p),
  pytorch: (ctx, p) => poolPytorch('max_pool', 2, ctx, p),
});
