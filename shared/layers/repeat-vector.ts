import { defineLayer } from './define';
import { int } from './params';
import { expectRank } from './shape-rules';

export const RepeatVector = defineLayer({
  type: 'RepeatVector',
  category: 'core',
  params: {
    n: int({ min: 1, default: 2, doc: 'How many times to repeat the vector: the length of the sequence it makes.' }),
  },
  doc: {
    summary: 'Copies a vector n times, making a sequence of n identical steps.',
    formula: '(features) → (n, features)',
    whenToUse: 'In a sequence-to-sequence model: it hands the encoder\'s summary vector to every step of the decoder.',
  },
  arity: { min: 1, max: 1 },
  inferShape([x], p) {
    expectRank(x!, 1, 'RepeatVector', '(batch, features)');
    return [p.n, x![0]!];
  },
  lower: (ctx, [x], p) => ctx.emit('repeat', [x!], [p.n, ...ctx.shapeOf(x!)], { axis: 1, times: p.n }),
  pytorch: (_ctx, p) => ({ layout: 'channels_last', forward: (_attr, [x]) => `${x}.unsqueeze(1).repeat(1, ${p.n}, 1)` }),
  keras: { positional: ['n'] },
});
