/**
 * TimeDistributed: applies the same inner layer, with the same weights, to
 * every timestep. It wraps only layers for which lowering the inner layer on
 * the whole sequence is already "the layer at every step": Dense acts on the
 * last axis and its matmul broadcasts over the axes before it; Activation
 * (softmax included, on the last axis) and Dropout act value by value. Other
 * layers would need a (batch·timesteps) reshape, which per-sample IR shapes
 * cannot express while the batch size is unknown.
 */
import { Activation } from './activation';
import { defineLayer, type LayerDef } from './define';
import { Dense } from './dense';
import { Dropout } from './dropout';
import { layer } from './params';
import { expectMinRank } from './shape-rules';
import { resolveWrapped, type Wrapped } from './wrapper-common';

const WRAPPABLE: readonly LayerDef[] = [Dense, Activation, Dropout];

export const TimeDistributed = defineLayer({
  type: 'TimeDistributed',
  category: 'recurrent',
  params: {
    layer: layer(WRAPPABLE.map((d) => d.type), { default: { type: 'Dense', params: { units: 32 } }, doc: 'The layer to apply at every timestep, with its own parameters.' }),
  },
  doc: {
    summary: 'Applies the same layer, with the same weights, to every step of a sequence separately.',
    formula: 'yₜ = layer(xₜ) for every timestep t',
    whenToUse: 'After a recurrent layer with return_sequences on, to make one prediction per timestep, such as a label for every word.',
  },
  arity: { min: 1, max: 1 },
  inferShape([x], p) {
    expectMinRank(x!, 2, 'TimeDistributed', 'two axes, (timesteps, features)');
    const { def, values } = resolve(p.layer);
    return [x![0]!, ...def.inferShape([x!.slice(1)], values)];
  },
  weights([x], p) {
    const { def, values } = resolve(p.layer);
    return def.weights?.([x!.slice(1)], values) ?? [];
  },
  lower(ctx, [x], p) {
    const { def, values } = resolve(p.layer);
    return def.lower(ctx, [x!], values);
  },
  // The wrapped layers all act on the last axis or value by value, so in PyTorch they need no wrapper.
  pytorch(ctx, p) {
    const { def, values } = resolve(p.layer);
    return def.pytorch!(ctx, values);
  },
  keras: {
    args(p, k) {
      const { def, values } = resolve(p.layer);
      return [k.construct(def, values)];
    },
  },
});

function resolve(inner: { type: string; params: Record<string, unknown> }): Wrapped {
  return resolveWrapped('TimeDistributed', WRAPPABLE, inner);
}
