import { defineLayer } from './define';
import { float } from './params';
import { pyFloat } from '../export/pytorch/python';

// Keras's `seed` and `noise_shape` are left out: a seed of null has no spec
// kind yet, and the engine draws its own random stream per run.
export const Dropout = defineLayer({
  type: 'Dropout',
  category: 'core',
  params: {
    rate: float({ min: 0, max: 1, exclusiveMax: true, default: 0.5, doc: 'The share of values set to zero during training: 0.5 drops half of them.' }),
  },
  doc: {
    summary: 'During training, switches off a random share of the values at each step; when the model is used afterwards, it lets everything through.',
    formula: 'training: y = x·m / (1 − rate), with m = 0 with probability rate, else 1;  afterwards: y = x',
    whenToUse: 'When the model does well on its training data but worse on new data (overfitting). Place it between Dense layers; 0.2 to 0.5 is typical.',
  },
  arity: { min: 1, max: 1 },
  inferShape: ([x]) => x!,
  lower: (ctx, [x], p) => ctx.emit('dropout', [x!], ctx.shapeOf(x!), { rate: p.rate, seed: null }),
  pytorch: (ctx, p) => ({ layout: ctx.arriving[0]!, module: `nn.Dropout(${pyFloat(p.rate)})`, forward: (attr, [x]) => `${attr}(${x})` }),
  keras: { positional: ['rate'] },
});
