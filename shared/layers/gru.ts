import { defineLayer } from './define';
import { bool } from './params';
import { gatedParams, recurrentLower, recurrentPytorch, recurrentPytorchParams, recurrentShape, recurrentWeights } from './recurrent-common';

export const GRU = defineLayer({
  type: 'GRU',
  category: 'recurrent',
  params: {
    ...gatedParams(),
    reset_after: bool({ default: true, doc: 'Apply the reset gate after the recurrent product, with a second bias vector. True matches PyTorch and cuDNN; False is the original 2014 GRU.' }),
  },
  doc: {
    summary: 'Gated recurrent unit: a recurrent layer with two gates that decide what to forget and what to write, so it remembers over long sequences.',
    formula: 'z = σ(xₜ·W_z + hₜ₋₁·U_z + b_z);  r = σ(xₜ·W_r + hₜ₋₁·U_r + b_r);  h̃ = tanh(xₜ·W_h + b_h + r⊙(hₜ₋₁·U_h + b′_h));  hₜ = z⊙hₜ₋₁ + (1 − z)⊙h̃',
    whenToUse: 'Like LSTM, for text and time series with long-range context. It has fewer weights than an LSTM and often trains as well.',
  },
  arity: { min: 1, max: 1 },
  inferShape: ([x], p) => recurrentShape('GRU', x!, p),
  weights: ([x], p) => recurrentWeights('gru', x!, p),
  pytorchParams: ([x], p) => recurrentPytorchParams('gru', x!, p),
  lower: (ctx, [x], p) => recurrentLower('gru', 'GRU', ctx, x!, p),
  pytorch: (ctx, p) => recurrentPytorch('gru', ctx, p),
  keras: { positional: ['units'] },
});
