import { defineLayer } from './define';
import { recurrentLower, recurrentParams, recurrentPytorch, recurrentPytorchParams, recurrentShape, recurrentWeights } from './recurrent-common';

export const SimpleRNN = defineLayer({
  type: 'SimpleRNN',
  category: 'recurrent',
  params: recurrentParams(),
  doc: {
    summary: 'The simplest recurrent layer: it reads a sequence one step at a time and carries a memory (the hidden state) from each step to the next.',
    formula: 'hₜ = f(xₜ·W + hₜ₋₁·U + b)',
    whenToUse: 'To learn how recurrence works, and for short sequences. Over long sequences it forgets early steps (vanishing gradients); use LSTM or GRU there.',
  },
  arity: { min: 1, max: 1 },
  inferShape: ([x], p) => recurrentShape('SimpleRNN', x!, p),
  weights: ([x], p) => recurrentWeights('rnn', x!, p),
  pytorchParams: ([x], p) => recurrentPytorchParams('rnn', x!, p),
  lower: (ctx, [x], p) => recurrentLower('rnn', 'SimpleRNN', ctx, x!, p),
  pytorch: (ctx, p) => recurrentPytorch('rnn', ctx, p),
  keras: { positional: ['units'] },
});
