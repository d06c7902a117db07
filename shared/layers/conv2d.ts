import { convLower, convParams, convPytorch, convShape, convWeights } from './conv-common';
import { defineLayer } from './define';

export const Conv2D = defineLayer({
  type: 'Conv2D',
  category: 'convolution',
  params: convParams(2),
  doc: {
    summary: 'Slides small learned filters over an image; each filter detects one pattern (an edge, a texture) wherever it appears.',
    formula: 'y[i,j,f] = f( Σ_{u,v,c} x[i·s+u, j·s+v, c] · K[u,v,c,f] + b[f] )',
    whenToUse: 'For images and anything grid-shaped. Stack them with pooling to build CNNs such as LeNet and VGG.',
  },
  arity: { min: 1, max: 1 },
  inferShape: ([x], p) => convShape('Conv2D', 2, x!, p),
  weights: ([x], p) => convWeights(2, x!, p),
  lower: (ctx, [x], p) => convLower('Conv2D', 2, ctx, x!, p),
  pytorch: (ctx, p) => convPytorch(2, ctx, p),
  keras: { positional: ['filters', 'kernel_size'] },
});
