import { defineLayer } from './define';
import { poolLower, poolParams, poolPytorch, poolShape } from './pool-common';

export const MaxPooling1D = defineLayer({
  type: 'MaxPooling1D',
  category: 'pooling',
  params: poolParams(1),
  doc: {
    summary: 'Shortens a sequence by keeping only the largest value in each window of steps: with the default window of 2, every two steps become one.',
    formula: 'y[t,c] = max over u < p of x[t·s + u, c]',
    whenToUse: 'After a Conv1D on signals, audio or text, to halve the length while keeping the strongest response to each pattern.',
  },
  arity: { min: 1, max: 1 },
  inferShape: ([x], p) => poolShape('MaxPooling1D', 1, x!, p),
  lower: (ctx, [x], p) => poolLower('max_pool', 'MaxPooling1D', 1, ctx, x!, p),
  pytorch: (ctx, p) => poolPytorch('max_pool', 1, ctx, p),
});
