import { defineLayer } from './define';
import { poolLower, poolParams, poolPytorch, poolShape } from './pool-common';

export const AveragePooling1D = defineLayer({
  type: 'AveragePooling1D',
  category: 'pooling',
  params: poolParams(1),
  doc: {
    summary: 'Shortens a sequence by replacing each window of steps with their average: with the default window of 2, every two steps become one.',
    formula: 'y[t,c] = mean over u < p of x[t·s + u, c]   (with "same" padding, edge windows average only real cells)',
    whenToUse: 'To smooth and shorten a signal or sequence, for example after a Conv1D.',
  },
  arity: { min: 1, max: 1 },
  inferShape: ([x], p) => poolShape('AveragePooling1D', 1, x!, p),
  lower: (ctx, [x], p) => poolLower('avg_pool', 'AveragePooling1D', 1, ctx, x!, p),
  pytorch: (ctx, p) => poolPytorch('avg_pool', 1, ctx, p),
});
