import { defineLayer } from './define';
import { bool } from './params';
import { gatedParams, recurrentLower, recurrentPytorch, recurrentPytorchParams, recurrentShape, recurrentWeights } from './recurrent-common';

export const LSTM = defineLayer({
  type: 'LSTM',
  category: 'recurrent',
  params: {
    ...gatedParams(),
    unit_forget_bias: bool({ default: true, doc: 'Start the forget gate\'s bias at 1, so the cell remembers by default (Jozefowicz et al., 2015).' }),
  },
  doc: {
    summary: 'Long short-term memory: a recurrent layer whose cell state and gates let it remember over long sequences.',
    formula: 'i,f,o = σ(x·Wᵢ,f,o + h·Uᵢ,f,o + b);  c̃ = tanh(x·W_c + h·U_c + b_c);  c = f⊙c + i⊙c̃;  h = o⊙tanh(c)',
    whenToUse: 'For sequences where long-range context matters: text, time series, seq2seq. Its gates avoid the vanishing gradients of a SimpleRNN.',
  },
  arity: { min: 1, max: 1 },
  inferShape: ([x], p) => recurrentShape('LSTM', x!, p),
  weights: ([x], p) => recurrentWeights('lstm', x!, p),
  pytorchParams: ([x], p) => recurrentPytorchParams('lstm', x!, p),
  lower: (ctx, [x], p) => recurrentLower('lstm', 'LSTM', ctx, x!, p),
  pytorch: (ctx, p) => recurrentPytorch('lstm', ctx, p),
  keras: { positional: ['units'] },
});
