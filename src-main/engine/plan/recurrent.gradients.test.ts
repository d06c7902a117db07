/**
 * Backpropagation through time against finite differences, on the reference
 * backend: every recurrent cell, with and without return_sequences, reading
 * backwards, under Bidirectional, and stacked (so one layer's input gradient
 * reaches the weights of the layer before it). Sizes stay tiny (T ≤ 4,
 * units ≤ 4) so the whole file runs in seconds.
 */
import { describe, expect, it } from 'vitest';
import type { Loss } from '../../../shared/graph/schema';
import { ReferenceExecutor } from '../reference/executor';
import { fillBatch, gradientCheck, graph, irOf, trainingPlan, type NodeRow } from '../testing';
import { buildPlan } from './build-plan';

interface Row {
  name: string;
  nodes: NodeRow[];
  loss: Loss;
  fromLogits?: boolean;
}

const IN: NodeRow = ['in', 'Input', { shape: [4, 3] }];
const SEQ_OUT: NodeRow = ['out', 'TimeDistributed', { layer: { type: 'Dense', params: { units: 2 } } }];
const LAST_OUT: NodeRow = ['out', 'Dense', { units: 3 }];
const seqRow = (name: string, type: string, params: Record<string, unknown>): Row => ({ name: `${name}, return_sequences → TimeDistributed(Dense)`, nodes: [IN, ['r', type, { units: 4, ...params, return_sequences: true }], SEQ_OUT], loss: 'mean_squared_error' });
const lastRow = (name: string, type: string, params: Record<string, unknown>): Row => ({ name: `${name}, last step → Dense`, nodes: [IN, ['r', type, { units: 4, ...params }], LAST_OUT], loss: 'sparse_categorical_crossentropy', fromLogits: true });
const both = (name: string, type: string, params: Record<string, unknown> = {}) => [seqRow(name, type, params), lastRow(name, type, params)];
const bi = (type: string, params: Record<string, unknown>, merge_mode: string): NodeRow => ['r', 'Bidirectional', { layer: { type, params: { units: 3, ...params } }, merge_mode }];

export const RECURRENT_GRADIENT_ROWS: Row[] = [
  ...both('SimpleRNN', 'SimpleRNN'),
  ...both('GRU reset_after', 'GRU'),
  ...both('GRU reset_after=false', 'GRU', { reset_after: false }),
  ...both('LSTM', 'LSTM'),
  ...both('SimpleRNN go_backwards', 'SimpleRNN', { go_backwards: true }),
  ...both('GRU go_backwards', 'GRU', { go_backwards: true }),
  ...both('LSTM go_backwards', 'LSTM', { go_backwards: true }),
  lastRow('LSTM without bias, relu and hard_sigmoid', 'LSTM', { use_bias: false, activation: 'relu', recurrent_activation: 'hard_sigmoid' }),
  lastRow('GRU without bias, softsign', 'GRU', { use_bias: false, activation: 'softsign' }),
  seqRow('GRU reset_after=false, swish (derivative needs x)', 'GRU', { reset_after: false, activation: 'swish' }),
  seqRow('SimpleRNN gelu', 'SimpleRNN', { activation: 'gelu' }),
  { name: 'Dense → GRU go_backwards (the GRU input gradient)', nodes: [IN, ['d', 'Dense', { units: 3, activation: 'tanh' }], ['r', 'GRU', { units: 3, go_backwards: true, return_sequences: true }], SEQ_OUT], loss: 'mean_squared_error' },
  { name: 'stacked LSTM → LSTM', nodes: [IN, ['r1', 'LSTM', { units: 3, return_sequences: true }], ['r2', 'LSTM', { units: 4 }], LAST_OUT], loss: 'sparse_categorical_crossentropy', fromLogits: true },
  { name: 'stacked GRU → SimpleRNN, go_backwards', nodes: [IN, ['r1', 'GRU', { units: 3, return_sequences: true, go_backwards: true }], ['r2', 'SimpleRNN', { units: 3, return_sequences: true }], SEQ_OUT], loss: 'mean_squared_error' },
  { name: 'Bidirectional(LSTM) concat, last step', nodes: [IN, bi('LSTM', {}, 'concat'), LAST_OUT], loss: 'sparse_categorical_crossentropy', fromLogits: true },
  { name: 'Bidirectional(LSTM) concat, sequences', nodes: [IN, bi('LSTM', { return_sequences: true }, 'concat'), SEQ_OUT], loss: 'mean_squared_error' },
  { name: 'Bidirectional(LSTM) sum, sequences', nodes: [IN, bi('LSTM', { return_sequences: true }, 'sum'), SEQ_OUT], loss: 'mean_squared_error' },
  { name: 'Bidirectional(GRU) sum, last step', nodes: [IN, bi('GRU', {}, 'sum'), LAST_OUT], loss: 'sparse_categorical_crossentropy', fromLogits: true },
  { name: 'Bidirectional(SimpleRNN) ave, sequences', nodes: [IN, bi('SimpleRNN', { return_sequences: true }, 'ave'), SEQ_OUT], loss: 'mean_squared_error' },
];

describe('backpropagation through time matches finite differences', () => {
  it.each(RECURRENT_GRADIENT_ROWS.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const plan = trainingPlan(graph(row.nodes), row.loss, 3, row.fromLogits ?? false);
    const exec = new ReferenceExecutor(plan, 3);
    fillBatch(exec, 11);
    const { worst, where, skipped, checked } = gradientCheck(exec, 8);
    expect(worst, where).toBeLessThan(2e-2);
    expect(checked, `${skipped} elements sat on kinks`).toBeGreaterThan(skipped);
  });

  it('launches one rnn forward and one rnn_grad per layer, saving the states only for training', () => {
    const g = graph([IN, ['r', 'LSTM', { units: 4, return_sequences: true }], SEQ_OUT]);
    const plan = trainingPlan(g, 'mean_squared_error', 2);
    const forward = plan.steps.filter((s) => s.kernel === 'rnn');
    const backward = plan.steps.filter((s) => s.kernel === 'rnn_grad');
    expect(forward).toHaveLength(1);
    expect(backward).toHaveLength(1);
    expect(plan.tensors[forward[0]!.outputs[1]!]!.shape).toEqual([2, 4, 6 * 4]);
    expect(backward[0]!.inputs.at(-1)).toBe(forward[0]!.outputs[1]);
    const inference = buildPlan(irOf(g), { batch: 2 });
    expect(inference.steps.filter((s) => s.kernel === 'rnn').map((s) => s.outputs.length)).toEqual([1]);
  });
});
