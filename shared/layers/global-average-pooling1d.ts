import { defineLayer } from './define';
import { globalPoolLower, globalPoolParams, globalPoolPytorch, globalPoolShape } from './pool-common';

export const GlobalAveragePooling1D = defineLayer({
  type: 'GlobalAveragePooling1D',
  category: 'pooling',
  params: globalPoolParams(),
  doc: {
    summary: 'Averages each feature over all steps of a sequence, leaving one number per feature.',
    formula: 'y[c] = mean over all t of x[t,c]',
    whenToUse: 'To turn a whole sequence into one fixed-size vector before a Dense classifier, for example after an Embedding or Conv1D in text classification.',
  },
  arity: { min: 1, max: 1 },
  inferShape: ([x], p) => globalPoolShape('GlobalAveragePooling1D', 1, x!, p),
  lower: (ctx, [x], p) => globalPoolLower('reduce_mean', 'GlobalAveragePooling1D', 1, ctx, x!, p),
  pytorch: (ctx, p) => globalPoolPytorch('mean', 1, ctx, p),
});
