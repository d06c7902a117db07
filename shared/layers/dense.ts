import { ACTIVATION_NAMES } from './activations';
import { defineLayer } from './define';
import { bool, choice, initializer, int } from './params';
import { expectMinRank } from './shape-rules';
import { transpose } from '../export/pytorch/tensor';

export const Dense = defineLayer({
  type: 'Dense',
  category: 'core',
  params: {
    units: int({ min: 1, max: 1 << 20, default: 32, doc: 'How many neurons: the size of the output.' }),
    activation: choice(ACTIVATION_NAMES, { default: 'linear', doc: 'The function applied to each neuron\'s weighted sum.' }),
    use_bias: bool({ default: true, doc: 'Add a learned bias to each neuron.' }),
    kernel_initializer: initializer({ default: 'glorot_uniform', doc: 'How the weights start. Glorot (Xavier) suits sigmoid and tanh; He suits ReLU.' }),
    bias_initializer: initializer({ default: 'zeros', doc: 'How the biases start. Zeros is usual; a small constant such as 0.1 keeps ReLU units active at the start.' }),
  },
  doc: {
    summary: 'A fully connected layer: every output neuron looks at every input value.',
    formula: 'y = f(x·W + b)',
    whenToUse: 'The workhorse of MLPs and the classifier at the end of most networks. On data with more than one axis it acts on the last axis.',
  },
  arity: { min: 1, max: 1 },
  inferShape([x], p) {
    expectMinRank(x!, 1, 'Dense', 'one axis');
    return [...x!.slice(0, -1), p.units];
  },
  weights([x], p) {
    const inFeatures = x!.at(-1)!;
    return [
      { name: 'kernel', shape: [inFeatures, p.units], init: p.kernel_initializer, trainable: true },
      ...(p.use_bias ? [{ name: 'bias', shape: [p.units], init: p.bias_initializer, trainable: true }] : []),
    ];
  },
  lower(ctx, [x], p) {
    const shape = [...ctx.shapeOf(x!).slice(0, -1), p.units];
    let y = ctx.emit('matmul', [x!, ctx.weight('kernel')], shape);
    if (p.use_bias) y = ctx.emit('add', [y, ctx.weight('bias')], shape);
    return ctx.activation(y, p.activation);
  },
  // nn.Linear acts on the last axis, as Dense does; its weight is the kernel transposed.
  pytorch: (ctx, p) => ({
    layout: 'channels_last',
    module: `nn.Linear(${ctx.inputs[0]!.at(-1)!}, ${p.units}${p.use_bias ? '' : ', bias=False'})`,
    forward: (attr, [x]) => ctx.activation(`${attr}(${x})`, p.activation, 'channels_last'),
    weights: (k) => ({ weight: transpose(k('kernel')), ...(p.use_bias ? { bias: k('bias') } : {}) }),
  }),
  keras: { positional: ['units'] },
});

