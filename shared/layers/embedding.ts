/**
 * Embedding. Its input must be whole-number token ids from an int32 Input;
 * the shape rule cannot see types, so the compiler checks that (NW029).
 */
import { defineLayer } from './define';
import { initializer, int } from './params';
import { expectMinRank } from './shape-rules';

export const Embedding = defineLayer({
  type: 'Embedding',
  category: 'core',
  params: {
    input_dim: int({ min: 1, max: 1 << 24, default: 1000, doc: 'How many different tokens there are (the vocabulary size). Token ids must be from 0 to input_dim − 1.' }),
    output_dim: int({ min: 1, max: 1 << 16, default: 64, doc: 'How many numbers describe each token: the length of its learned vector.' }),
    embeddings_initializer: initializer({ default: 'random_uniform', doc: 'How the table starts. Keras\'s default draws small values between −0.05 and 0.05.' }),
  },
  doc: {
    summary: 'Turns each token id (a whole number standing for a word or symbol) into a list of numbers the network learns, so that similar tokens end up with similar lists.',
    formula: 'y[t] = E[x[t]]  (row number x[t] of the learned table E)',
    whenToUse: 'First layer for text or any other sequence of categories, before an LSTM, GRU or Dense. Feed it from an Input of dtype int32.',
  },
  arity: { min: 1, max: 1 },
  inferShape([x], p) {
    expectMinRank(x!, 1, 'Embedding', 'one axis of token ids');
    return [...x!, p.output_dim];
  },
  weights: (_inputs, p) => [{ name: 'embeddings', shape: [p.input_dim, p.output_dim], init: p.embeddings_initializer, trainable: true }],
  lower: (ctx, [x], p) => ctx.emit('gather', [ctx.weight('embeddings'), x!], [...ctx.shapeOf(x!), p.output_dim]),
  pytorch: (_ctx, p) => ({
    layout: 'channels_last',
    module: `nn.Embedding(${p.input_dim}, ${p.output_dim})`,
    forward: (attr, [x]) => `${attr}(${x})`,
    weights: (k) => ({ weight: k('embeddings') }),
  }),
  keras: { positional: ['input_dim', 'output_dim'] },
});
