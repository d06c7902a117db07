import { ACTIVATION_NAMES } from './activations';
import { defineLayer } from './define';
import { choice } from './params';

export const Activation = defineLayer({
  type: 'Activation',
  category: 'core',
  params: {
    activation: choice(ACTIVATION_NAMES, { default: 'linear', doc: 'The function applied to every value, e.g. relu, sigmoid, tanh, softmax or step.' }),
  },
  doc: {
    summary: 'Applies one activation function to every value that passes through; it has nothing to learn.',
    formula: 'y = f(x)',
    whenToUse: 'When you want the activation as a separate block on the canvas, for example after BatchNormalization, or the step function of a classic perceptron.',
  },
  arity: { min: 1, max: 1 },
  inferShape: ([x]) => x!,
  lower: (ctx, [x], p) => ctx.activation(x!, p.activation),
  pytorch: (ctx, p) => ({ layout: ctx.arriving[0]!, forward: (_attr, [x]) => ctx.activation(x!, p.activation, ctx.arriving[0]!) }),
  keras: { positional: ['activation'] },
});
