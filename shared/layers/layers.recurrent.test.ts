/**
 * Recurrent, embedding and wrapper layers: shape rules and parameter counts
 * checked against real PyTorch, the Keras counts PyTorch cannot give, the
 * errors a learner meets, and each layer's lowering run through verify().
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runTorch, type TorchCase, type TorchResult } from '../../tests/torch/reference';
import type { ErrorCode } from '../compiler/catalogue';
import { verify } from '../ir/verify';
import { Bidirectional } from './bidirectional';
import type { LayerDef, Shape } from './define';
import { Embedding } from './embedding';
import { GRU } from './gru';
import { LSTM } from './lstm';
import { SimpleRNN } from './simple-rnn';
import { check, lowerForTest, shapeRuleError } from './testing';
import { TimeDistributed } from './time-distributed';

interface Row {
  id: string;
  layer: LayerDef;
  params: Record<string, unknown>;
  inputs: Shape[];
  /** PyTorch's equivalent; `toKeras` maps its output shape (without batch) to what Keras gives. */
  torch?: Omit<TorchCase, 'id'> & { toKeras?: (s: number[]) => number[]; pytorchCount?: 'same' | 'differs' };
  /** Keras's numbers, where PyTorch cannot give them. */
  expect?: { output: Shape; params: number };
  throws?: { code: ErrorCode; mentions?: string };
}

const last = (s: number[]) => s.slice(-1);
const bi = (inner: string, params: Record<string, unknown>, merge_mode?: string) => ({ layer: { type: inner, params }, ...(merge_mode ? { merge_mode } : {}) });
const td = (inner: string, params: Record<string, unknown>) => ({ layer: { type: inner, params } });
const seq = { input: [2, 5, 8] };

const ROWS: Row[] = [
  { id: 'simplernn-16', layer: SimpleRNN, params: { units: 16 }, inputs: [[5, 8]], expect: { output: [16], params: 400 }, torch: { module: 'nn.RNN(8, 16, batch_first=True)', ...seq, toKeras: last, pytorchCount: 'differs' } },
  { id: 'simplernn-relu-nobias-seq', layer: SimpleRNN, params: { units: 16, activation: 'relu', use_bias: false, return_sequences: true }, inputs: [[5, 8]], torch: { module: "nn.RNN(8, 16, nonlinearity='relu', bias=False, batch_first=True)", ...seq } },
  { id: 'gru-16', layer: GRU, params: { units: 16 }, inputs: [[5, 8]], expect: { output: [16], params: 1248 }, torch: { module: 'nn.GRU(8, 16, batch_first=True)', ...seq, toKeras: last } },
  { id: 'gru-seq', layer: GRU, params: { units: 16, return_sequences: true }, inputs: [[5, 8]], torch: { module: 'nn.GRU(8, 16, batch_first=True)', ...seq } },
  { id: 'gru-reset-before', layer: GRU, params: { units: 16, reset_after: false }, inputs: [[5, 8]], expect: { output: [16], params: 1200 }, torch: { module: 'nn.GRU(8, 16, batch_first=True)', ...seq, toKeras: last, pytorchCount: 'differs' } },
  { id: 'lstm-16', layer: LSTM, params: { units: 16 }, inputs: [[5, 8]], expect: { output: [16], params: 1600 }, torch: { module: 'nn.LSTM(8, 16, batch_first=True)', ...seq, toKeras: last, pytorchCount: 'differs' } },
  { id: 'lstm-nobias', layer: LSTM, params: { units: 16, use_bias: false }, inputs: [[5, 8]], torch: { module: 'nn.LSTM(8, 16, bias=False, batch_first=True)', ...seq, toKeras: last } },
  { id: 'bilstm-seq', layer: Bidirectional, params: bi('LSTM', { units: 16, return_sequences: true }), inputs: [[5, 8]], expect: { output: [5, 32], params: 3200 }, torch: { module: 'nn.LSTM(8, 16, batch_first=True, bidirectional=True)', ...seq, pytorchCount: 'differs' } },
  { id: 'bilstm-last', layer: Bidirectional, params: bi('LSTM', { units: 16 }), inputs: [[5, 8]], torch: { module: 'nn.LSTM(8, 16, batch_first=True, bidirectional=True)', ...seq, toKeras: last, pytorchCount: 'differs' } },
  { id: 'bigru-seq', layer: Bidirectional, params: bi('GRU', { units: 16, return_sequences: true }), inputs: [[5, 8]], expect: { output: [5, 32], params: 2496 }, torch: { module: 'nn.GRU(8, 16, batch_first=True, bidirectional=True)', ...seq } },
  { id: 'birnn-seq', layer: Bidirectional, params: bi('SimpleRNN', { units: 16, return_sequences: true }), inputs: [[5, 8]], torch: { module: 'nn.RNN(8, 16, batch_first=True, bidirectional=True)', ...seq, pytorchCount: 'differs' } },
  { id: 'birnn-sum', layer: Bidirectional, params: bi('SimpleRNN', { units: 16 }, 'sum'), inputs: [[5, 8]], expect: { output: [16], params: 800 } },
  { id: 'bigru-ave-seq', layer: Bidirectional, params: bi('GRU', { units: 4, return_sequences: true }, 'ave'), inputs: [[7, 3]], expect: { output: [7, 4], params: 2 * (3 * 4 * 7 + 2 * 12) } },
  { id: 'bilstm-default', layer: Bidirectional, params: {}, inputs: [[5, 8]], expect: { output: [64], params: 2 * (4 * 32 * 40 + 128) } },
  { id: 'td-dense', layer: TimeDistributed, params: td('Dense', { units: 4 }), inputs: [[6, 3]], torch: { module: 'nn.Linear(3, 4)', input: [2, 6, 3] } },
  { id: 'td-dense-grid', layer: TimeDistributed, params: td('Dense', { units: 4, use_bias: false }), inputs: [[6, 5, 3]], torch: { module: 'nn.Linear(3, 4, bias=False)', input: [2, 6, 5, 3] } },
  { id: 'td-softmax', layer: TimeDistributed, params: td('Activation', { activation: 'softmax' }), inputs: [[6, 3]], torch: { module: 'nn.Softmax(dim=-1)', input: [2, 6, 3] } },
  { id: 'embedding', layer: Embedding, params: { input_dim: 1000, output_dim: 64 }, inputs: [[10]], expect: { output: [10, 64], params: 64000 }, torch: { module: 'nn.Embedding(1000, 64)', input: [2, 10], dtype: 'long' } },
  { id: 'embedding-grid', layer: Embedding, params: { input_dim: 50, output_dim: 8 }, inputs: [[4, 10]], torch: { module: 'nn.Embedding(50, 8)', input: [2, 4, 10], dtype: 'long' } },
  // what a learner gets wrong
  { id: 'lstm-on-vector', layer: LSTM, params: { units: 16 }, inputs: [[8]], throws: { code: 'NW023' } },
  { id: 'gru-on-image', layer: GRU, params: {}, inputs: [[5, 8, 2]], throws: { code: 'NW023' } },
  { id: 'simplernn-on-vector', layer: SimpleRNN, params: {}, inputs: [[8]], throws: { code: 'NW023' } },
  { id: 'bilstm-on-vector', layer: Bidirectional, params: {}, inputs: [[8]], throws: { code: 'NW023' } },
  { id: 'bi-bad-inner-units', layer: Bidirectional, params: bi('GRU', { units: 0 }), inputs: [[5, 8]], throws: { code: 'NW011', mentions: '"units"' } },
  { id: 'bi-bad-inner-choice', layer: Bidirectional, params: bi('LSTM', { activation: 'wobble' }), inputs: [[5, 8]], throws: { code: 'NW011', mentions: '"activation"' } },
  { id: 'bi-unknown-inner-param', layer: Bidirectional, params: bi('LSTM', { filters: 3 }), inputs: [[5, 8]], throws: { code: 'NW012', mentions: '"filters"' } },
  { id: 'td-on-vector', layer: TimeDistributed, params: td('Dense', { units: 4 }), inputs: [[3]], throws: { code: 'NW020' } },
  { id: 'td-bad-inner', layer: TimeDistributed, params: td('Dense', { units: -1 }), inputs: [[6, 3]], throws: { code: 'NW011', mentions: '"units"' } },
];

describe('recurrent, embedding and wrapper layers against PyTorch', () => {
  let torch: Map<string, TorchResult>;
  beforeAll(() => {
    torch = runTorch(ROWS.filter((r) => r.torch).map((r) => ({ id: r.id, ...r.torch! })));
  });

  it.each(ROWS.map((r) => [r.id, r] as const))('%s', (_id, row) => {
    if (row.throws) {
      const err = shapeRuleError(() => check(row.layer, row.params, row.inputs));
      expect(err.code).toBe(row.throws.code);
      if (row.throws.mentions) expect(err.message).toContain(row.throws.mentions);
      return;
    }
    const got = check(row.layer, row.params, row.inputs);
    if (row.expect) {
      expect(got.output).toEqual(row.expect.output);
      expect(got.total).toBe(row.expect.params);
    }
    if (row.torch) {
      const ref = torch.get(row.id)!;
      expect(ref.error).toBeNull();
      const perSample = ref.output!.slice(1);
      expect(got.output).toEqual(row.torch.toKeras ? row.torch.toKeras(perSample) : perSample);
      if (got.pytorch) expect(got.pytorch.count).toBe(ref.params);
      if (row.torch.pytorchCount === 'differs') expect(got.total).not.toBe(ref.params);
      else expect(got.total).toBe(ref.params);
    }
  });
});

describe('wrappers', () => {
  it('reject a layer type they cannot wrap (NW030), even past parameter checks', () => {
    expect(shapeRuleError(() => TimeDistributed.inferShape([[6, 3]], { layer: { type: 'LSTM', params: {} } })).code).toBe('NW030');
    expect(shapeRuleError(() => Bidirectional.inferShape([[6, 3]], { layer: { type: 'Dense', params: {} }, merge_mode: 'concat' })).code).toBe('NW030');
  });

  it('name the two directions\' weights apart, in Keras order', () => {
    const values = { layer: { type: 'GRU', params: { units: 4 } }, merge_mode: 'concat' as const };
    expect(Bidirectional.weights!([[5, 3]], values).map((w) => `${w.name}:${w.shape.join('x')}`)).toEqual([
      'forward_kernel:3x12', 'forward_recurrent_kernel:4x12', 'forward_bias:2x12',
      'backward_kernel:3x12', 'backward_recurrent_kernel:4x12', 'backward_bias:2x12',
    ]);
  });
});

describe('LSTM bias', () => {
  it.each([[true, 'unit_forget_bias'], [false, 'zeros']] as const)('unit_forget_bias=%s starts the bias as %s', (ufb, init) => {
    const bias = LSTM.weights!([[5, 8]], { ...defaults(LSTM), unit_forget_bias: ufb }).find((w) => w.name === 'bias');
    expect(bias?.init).toBe(init);
  });
});

function defaults<L extends LayerDef>(layer: L): Parameters<L['inferShape']>[1] {
  return Object.fromEntries(Object.entries(layer.params).map(([k, s]) => [k, s.default])) as Parameters<L['inferShape']>[1];
}

/** Lowering: the IR must verify, have the shape the rule promised, and use the ops listed (sources and params left out). */
interface LowerRow {
  id: string;
  layer: LayerDef;
  params: Record<string, unknown>;
  inputs: Shape[];
  ops: string[];
  args?: Record<string, unknown>[];
}

const LOWER_ROWS: LowerRow[] = [
  { id: 'simplernn', layer: SimpleRNN, params: { units: 6, use_bias: false }, inputs: [[5, 3]], ops: ['rnn'] },
  { id: 'gru', layer: GRU, params: { units: 6, return_sequences: true }, inputs: [[5, 3]], ops: ['gru'], args: [{ resetAfter: true, returnSequences: true }] },
  { id: 'lstm', layer: LSTM, params: { units: 6, go_backwards: true }, inputs: [[5, 3]], ops: ['lstm'], args: [{ goBackwards: true }] },
  { id: 'bilstm-seq', layer: Bidirectional, params: bi('LSTM', { units: 6, return_sequences: true }), inputs: [[5, 3]], ops: ['lstm', 'lstm', 'reverse', 'concat'], args: [{ goBackwards: false }, { goBackwards: true }, { axis: 1 }, { axis: 2 }] },
  { id: 'bilstm-last', layer: Bidirectional, params: bi('LSTM', { units: 6 }), inputs: [[5, 3]], ops: ['lstm', 'lstm', 'concat'], args: [{ goBackwards: false }, { goBackwards: true }, { axis: 1 }] },
  { id: 'bigru-backwards-inner', layer: Bidirectional, params: bi('GRU', { units: 6, go_backwards: true }, 'mul'), inputs: [[5, 3]], ops: ['gru', 'gru', 'mul'], args: [{ goBackwards: true }, { goBackwards: false }] },
  { id: 'birnn-sum', layer: Bidirectional, params: bi('SimpleRNN', { units: 6, return_sequences: true }, 'sum'), inputs: [[5, 3]], ops: ['rnn', 'rnn', 'reverse', 'add'] },
  { id: 'birnn-ave', layer: Bidirectional, params: bi('SimpleRNN', { units: 6 }, 'ave'), inputs: [[5, 3]], ops: ['rnn', 'rnn', 'add', 'scale'], args: [{}, {}, {}, { factor: 0.5 }] },
  { id: 'td-dense', layer: TimeDistributed, params: td('Dense', { units: 4, activation: 'relu' }), inputs: [[6, 3]], ops: ['matmul', 'add', 'relu'] },
  { id: 'td-dropout', layer: TimeDistributed, params: td('Dropout', { rate: 0.25 }), inputs: [[6, 3]], ops: ['dropout'] },
  { id: 'embedding', layer: Embedding, params: { input_dim: 20, output_dim: 4 }, inputs: [[7]], ops: ['gather'] },
];

describe('lowering', () => {
  it.each(LOWER_ROWS.map((r) => [r.id, r] as const))('%s', (_id, row) => {
    const graph = lowerForTest(row.layer, row.params, row.inputs);
    verify(graph);
    const out = graph.nodes[graph.outputs[0]!.node]!;
    const { output, total } = check(row.layer, row.params, row.inputs);
    expect(out.shape).toEqual([-1, ...output]);
    const params = graph.nodes.filter((n) => n.op === 'param');
    expect(params.reduce((n, p) => n + p.shape.reduce((a, d) => a * d, 1), 0)).toBe(total);
    const body = graph.nodes.filter((n) => n.op !== 'input' && n.op !== 'param');
    expect(body.map((n) => n.op)).toEqual(row.ops);
    row.args?.forEach((arg, i) => expect(body[i]!.arg).toMatchObject(arg));
  });

  it('embedding looks up the table by the input ids', () => {
    const graph = lowerForTest(Embedding, { input_dim: 20, output_dim: 4 }, [[7]]);
    const gather = graph.nodes.find((n) => n.op === 'gather')!;
    expect(gather.src.map((s) => graph.nodes[s]!.op)).toEqual(['param', 'input']);
  });
});
