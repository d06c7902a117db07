/**
 * Bidirectional: two copies of a recurrent layer, one reading the sequence
 * forwards and one backwards, merged. As in Keras, the backward copy flips the
 * inner layer's go_backwards, and with return_sequences its output is
 * reversed again so step t of both directions lines up.
 *
 * The inner definitions are imported directly, not through the registry,
 * because the registry imports this file.
 */
import type { IRValue } from '../ir/graph';
import { defineLayer, type LayerDef, type LowerContext, type Shape } from './define';
import { GRU } from './gru';
import { LSTM } from './lstm';
import { choice, layer } from './params';
import { recurrentPytorch, type CellOp, type RecurrentValues } from './recurrent-common';
import { SimpleRNN } from './simple-rnn';
import { prefixedContext, resolveWrapped, type Wrapped } from './wrapper-common';

const WRAPPABLE: readonly LayerDef[] = [SimpleRNN, GRU, LSTM];

type MergeMode = 'concat' | 'sum' | 'mul' | 'ave';

export const Bidirectional = defineLayer({
  type: 'Bidirectional',
  category: 'recurrent',
  params: {
    layer: layer(WRAPPABLE.map((d) => d.type), { default: { type: 'LSTM', params: { units: 32 } }, doc: 'The recurrent layer to run in both directions, with its own parameters.' }),
    merge_mode: choice(['concat', 'sum', 'mul', 'ave'], { default: 'concat', doc: 'How to combine the two directions: side by side (concat, twice as many features), or added, multiplied or averaged.' }),
  },
  doc: {
    summary: 'Runs a recurrent layer over the sequence twice, once from start to end and once from end to start, and combines both readings.',
    formula: 'y = merge(RNN→(x), RNN←(x)), where RNN← reads the sequence from its last step to its first',
    whenToUse: 'When the whole sequence is known in advance and each step depends on what comes after it as well as before: tagging words in a sentence, classifying a whole text. Not for predicting the future step by step.',
  },
  arity: { min: 1, max: 1 },
  inferShape([x], p) {
    const inner = resolve(p.layer);
    return merged(inner.def.inferShape([x!], inner.values), p.merge_mode);
  },
  weights([x], p) {
    const { def, values } = resolve(p.layer);
    const w = def.weights?.([x!], values) ?? [];
    return [...w.map((s) => ({ ...s, name: `forward_${s.name}` })), ...w.map((s) => ({ ...s, name: `backward_${s.name}` }))];
  },
  pytorchParams([x], p) {
    const { def, values } = resolve(p.layer);
    const one = def.pytorchParams?.([x!], values);
    const count = one ? one.count : (def.weights?.([x!], values) ?? []).reduce((n, w) => n + w.shape.reduce((a, d) => a * d, 1), 0);
    return { count: 2 * count, note: `Two copies of the ${def.type}, as nn.${def.type === 'SimpleRNN' ? 'RNN' : def.type}(…, bidirectional=True). ${one?.note ?? ''}`.trim() };
  },
  lower(ctx, [x], p) {
    const { def, values } = resolve(p.layer);
    const forward = def.lower(prefixedContext(ctx, 'forward_'), [x!], values);
    let backward = def.lower(prefixedContext(ctx, 'backward_'), [x!], { ...values, go_backwards: !values['go_backwards'] });
    if (values['return_sequences']) backward = ctx.emit('reverse', [backward], ctx.shapeOf(backward), { axis: 1 });
    return merge(ctx, forward, backward, p.merge_mode);
  },
  // One nn.RNN / nn.GRU / nn.LSTM with bidirectional=True; its "_reverse" weights are the backward copy's.
  pytorch(ctx, p) {
    const { def, values } = resolve(p.layer);
    return recurrentPytorch(CELLS[def.type]!, ctx, values as unknown as RecurrentValues, p.merge_mode);
  },
  keras: {
    args(p, k) {
      const { def, values } = resolve(p.layer);
      return [k.construct(def, values), ...(p.merge_mode === 'concat' ? [] : [`merge_mode=${k.value(p.merge_mode)}`])];
    },
  },
});

const CELLS: Record<string, CellOp> = { SimpleRNN: 'rnn', GRU: 'gru', LSTM: 'lstm' };

function resolve(inner: { type: string; params: Record<string, unknown> }): Wrapped {
  return resolveWrapped('Bidirectional', WRAPPABLE, inner);
}

function merged(one: Shape, mode: MergeMode): Shape {
  return mode === 'concat' ? [...one.slice(0, -1), 2 * one.at(-1)!] : one;
}

function merge(ctx: LowerContext, a: IRValue, b: IRValue, mode: MergeMode): IRValue {
  const one = ctx.shapeOf(a);
  switch (mode) {
    // The IR's concat axis counts the batch, so the last per-sample axis is at one.length.
    case 'concat': return ctx.emit('concat', [a, b], merged(one, mode), { axis: one.length });
    case 'sum': return ctx.emit('add', [a, b], one);
    case 'mul': return ctx.emit('mul', [a, b], one);
    case 'ave': return ctx.emit('scale', [ctx.emit('add', [a, b], one)], one, { factor: 0.5 });
  }
}
