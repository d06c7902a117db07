import { defineLayer } from './define';
import { globalPoolLower, globalPoolParams, globalPoolPytorch, globalPoolShape } from './pool-common';

export const GlobalMaxPooling1D = defineLayer({
  type: 'GlobalMaxPooling1D',
  category: 'pooling',
  params: globalPoolParams(),
  doc: {
    summary: 'Keeps, for each feature, the largest value at any step of a sequence, leaving one number per feature.',
    formula: 'y[c] = max over all t of x[t,c]',
    whenToUse: 'After a Conv1D in text or signal classification, when what matters is whether a pattern (a key phrase, a spike) appears anywhere in the sequence.',
  },
  arity: { min: 1, max: 1 },
  inferShape: ([x], p) => globalPoolShape('GlobalMaxPooling1D', 1, x!, p),
  lower: (ctx, [x], p) => globalPoolLower('reduce_max', 'GlobalMaxPooling1D', 1, ctx, x!, p),
  pytorch: (ctx, p) => globalPoolPytorch('amax', 1, ctx, p),
});
