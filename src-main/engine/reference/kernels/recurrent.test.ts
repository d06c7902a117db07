/**
 * The recurrent forward pass against real PyTorch (Debian's python3-torch,
 * one subprocess for the whole file). Each row is a Keras layer compiled and
 * planned as the app would, run on the reference backend with seeded weights;
 * PyTorch runs nn.RNN / nn.GRU / nn.LSTM on the same weights, converted from
 * Keras's layout:
 *
 *   kernel [F, g·u] → weight_ih [g·u, F] (transposed), recurrent_kernel likewise → weight_hh;
 *   GRU gate blocks: Keras [z, r, h] → PyTorch [r, z, n];
 *   GRU bias [2, 3u] → (b_ih, b_hh); a single Keras bias → b_ih with b_hh = 0;
 *   go_backwards → flip the input in time (outputs stay in reading order, as in Keras).
 *
 * PyTorch has no GRU with the reset gate before the recurrent product
 * (reset_after=False), so that cell is written out in torch ops instead.
 */
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { PYTHON } from '../../../../tests/torch/reference';
import { buildPlan } from '../../plan/build-plan';
import { STATE_WIDTH, type Cell, type RecurrentKernelArg } from '../../plan/rules/recurrent';
import { Random } from '../../random';
import { graph, irOf, type NodeRow } from '../../testing';
import { ReferenceExecutor } from '../executor';
import type { RefTensor } from '../tensor';
import { RECURRENT_KERNELS } from './recurrent';

type LayerType = 'SimpleRNN' | 'GRU' | 'LSTM';

interface Row {
  id: string;
  type: LayerType;
  params: Record<string, unknown>;
  /** Wrap in Bidirectional with merge_mode concat. */
  bidirectional?: boolean;
  timesteps?: number;
  features?: number;
}

const ROWS: Row[] = [
  { id: 'rnn-last', type: 'SimpleRNN', params: { units: 4 } },
  { id: 'rnn-seq', type: 'SimpleRNN', params: { units: 4, return_sequences: true } },
  { id: 'rnn-relu-nobias-back-seq', type: 'SimpleRNN', params: { units: 3, activation: 'relu', use_bias: false, go_backwards: true, return_sequences: true } },
  { id: 'gru-last', type: 'GRU', params: { units: 4 } },
  { id: 'gru-seq', type: 'GRU', params: { units: 4, return_sequences: true } },
  { id: 'gru-back-seq', type: 'GRU', params: { units: 5, go_backwards: true, return_sequences: true } },
  { id: 'gru-back-last', type: 'GRU', params: { units: 3, go_backwards: true } },
  { id: 'gru-nobias', type: 'GRU', params: { units: 4, use_bias: false, return_sequences: true } },
  { id: 'gru-reset-before-seq', type: 'GRU', params: { units: 4, reset_after: false, return_sequences: true } },
  { id: 'gru-reset-before-back', type: 'GRU', params: { units: 3, reset_after: false, go_backwards: true } },
  { id: 'lstm-last', type: 'LSTM', params: { units: 4 } },
  { id: 'lstm-seq', type: 'LSTM', params: { units: 4, return_sequences: true }, timesteps: 7 },
  { id: 'lstm-back-seq', type: 'LSTM', params: { units: 3, go_backwards: true, return_sequences: true } },
  { id: 'lstm-back-last-nobias', type: 'LSTM', params: { units: 4, go_backwards: true, use_bias: false } },
  { id: 'bilstm-seq', type: 'LSTM', params: { units: 4, return_sequences: true }, bidirectional: true },
  { id: 'bilstm-last', type: 'LSTM', params: { units: 3 }, bidirectional: true },
  { id: 'bigru-seq', type: 'GRU', params: { units: 3, return_sequences: true }, bidirectional: true },
  { id: 'birnn-last', type: 'SimpleRNN', params: { units: 4 }, bidirectional: true },
];

const BATCH = 3;
const CELL: Record<LayerType, Cell> = { SimpleRNN: 'rnn', GRU: 'gru', LSTM: 'lstm' };

interface Prepared {
  row: Row;
  exec: ReferenceExecutor;
  /** What PyTorch is sent. */
  payload: Record<string, unknown>;
}

/** Compiles and plans the row, fills weights and input from a seeded generator, and describes them for PyTorch. */
function prepare(row: Row, seed: number): Prepared {
  const [T, F] = [row.timesteps ?? 5, row.features ?? 3];
  const layer: NodeRow = row.bidirectional ? ['r', 'Bidirectional', { layer: { type: row.type, params: row.params }, merge_mode: 'concat' }] : ['r', row.type, row.params];
  const plan = buildPlan(irOf(graph([['in', 'Input', { shape: [T, F] }], layer])), { batch: BATCH });
  const exec = new ReferenceExecutor(plan);
  const rng = new Random(seed);
  const fill = (id: number, scale: number) => {
    const data = exec.read(id);
    for (let i = 0; i < data.length; i++) data[i] = scale * rng.normal();
    return Array.from(data);
  };
  const weights = (prefix: string) => {
    const find = (name: string) => plan.tensors.find((t) => t.role === 'param' && t.name === `r/${prefix}${name}`)?.id;
    const bias = find('bias');
    return { W: fill(find('kernel')!, 0.5), U: fill(find('recurrent_kernel')!, 0.5), b: bias === undefined ? null : fill(bias, 0.3) };
  };
  const p = row.params;
  const payload = {
    id: row.id,
    cell: CELL[row.type],
    N: BATCH, T, F,
    u: p['units'],
    activation: p['activation'] ?? 'tanh',
    resetAfter: p['reset_after'] !== false,
    goBackwards: p['go_backwards'] === true,
    returnSequences: p['return_sequences'] === true,
    bidirectional: row.bidirectional === true,
    forward: weights(row.bidirectional ? 'forward_' : ''),
    ...(row.bidirectional ? { backward: weights('backward_') } : {}),
    x: fill(plan.inputs[0]!, 1),
  };
  return { row, exec, payload };
}

const TORCH_SCRIPT = String.raw`
import json, sys, torch
torch.set_default_dtype(torch.float64)

def to_torch(cell, m):
    # Keras gate blocks along axis 0 after transposing; PyTorch's GRU orders them [r, z, n].
    if cell != 'gru':
        return m
    z, r, h = m.chunk(3, 0)
    return torch.cat([r, z, h], 0)

def load(module, c, w, suffix):
    G = len(w['U']) // c['u']
    W = torch.tensor(w['W']).reshape(c['F'], G).T
    U = torch.tensor(w['U']).reshape(c['u'], G).T
    getattr(module, 'weight_ih_l0' + suffix).copy_(to_torch(c['cell'], W))
    getattr(module, 'weight_hh_l0' + suffix).copy_(to_torch(c['cell'], U))
    if w['b'] is None:
        return
    if c['cell'] == 'gru':
        b = torch.tensor(w['b']).reshape(2, G)
        b_ih, b_hh = b[0], b[1]
    else:
        b_ih, b_hh = torch.tensor(w['b']), torch.zeros(G)
    getattr(module, 'bias_ih_l0' + suffix).copy_(to_torch(c['cell'], b_ih))
    getattr(module, 'bias_hh_l0' + suffix).copy_(to_torch(c['cell'], b_hh))

def gru_reset_before(c, x):
    # The 2014 GRU (Keras reset_after=False): the reset gate scales h before U_h.
    u = c['u']
    w = c['forward']
    W = torch.tensor(w['W']).reshape(c['F'], 3 * u)
    U = torch.tensor(w['U']).reshape(u, 3 * u)
    b = torch.tensor(w['b']) if w['b'] is not None else torch.zeros(3 * u)
    h = torch.zeros(x.shape[0], u)
    outs = []
    for t in range(x.shape[1]):
        xw = x[:, t] @ W + b
        z = torch.sigmoid(xw[:, :u] + h @ U[:, :u])
        r = torch.sigmoid(xw[:, u:2 * u] + h @ U[:, u:2 * u])
        hh = torch.tanh(xw[:, 2 * u:] + (r * h) @ U[:, 2 * u:])
        h = z * h + (1 - z) * hh
        outs.append(h)
    return torch.stack(outs, 1)

def run(c):
    x = torch.tensor(c['x']).reshape(c['N'], c['T'], c['F'])
    if c['goBackwards']:
        x = torch.flip(x, [1])
    if c['cell'] == 'gru' and not c['resetAfter']:
        seq = gru_reset_before(c, x)
        return seq if c['returnSequences'] else seq[:, -1]
    bias = c['forward']['b'] is not None
    kw = dict(batch_first=True, bias=bias, bidirectional=c['bidirectional'])
    if c['cell'] == 'rnn':
        module = torch.nn.RNN(c['F'], c['u'], nonlinearity=c['activation'], **kw)
    elif c['cell'] == 'gru':
        module = torch.nn.GRU(c['F'], c['u'], **kw)
    else:
        module = torch.nn.LSTM(c['F'], c['u'], **kw)
    with torch.no_grad():
        load(module, c, c['forward'], '')
        if c['bidirectional']:
            load(module, c, c['backward'], '_reverse')
        seq, hn = module(x)
    if c['cell'] == 'lstm':
        hn = hn[0]
    if c['returnSequences']:
        return seq
    return torch.cat([hn[0], hn[1]], -1) if c['bidirectional'] else hn[0]

out = []
for c in json.load(sys.stdin):
    try:
        out.append({'id': c['id'], 'y': run(c).detach().reshape(-1).tolist(), 'error': None})
    except Exception as e:
        out.append({'id': c['id'], 'y': None, 'error': repr(e)})
print(json.dumps(out))
`;

function runTorch(payloads: Record<string, unknown>[]): Map<string, { y: number[] | null; error: string | null }> {
  const run = spawnSync(PYTHON, ['-c', TORCH_SCRIPT], { input: JSON.stringify(payloads), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error || run.status !== 0) throw new Error(`Could not run PyTorch with ${PYTHON}: ${run.error?.message ?? run.stderr}`);
  const results = JSON.parse(run.stdout) as { id: string; y: number[] | null; error: string | null }[];
  return new Map(results.map((r) => [r.id, r]));
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[], what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i]! - expected[i]!) / (1 + Math.abs(expected[i]!));
    if (err > worst) [worst, at] = [err, i];
  }
  expect(worst, `${what}: worst error at [${at}], ${actual[at]} vs ${expected[at]}`).toBeLessThan(2e-5);
}

describe('recurrent forward pass against PyTorch', () => {
  let prepared: Prepared[];
  let torch: Map<string, { y: number[] | null; error: string | null }>;
  beforeAll(() => {
    prepared = ROWS.map((row, i) => prepare(row, 100 + i));
    torch = runTorch(prepared.map((p) => p.payload));
  });

  it.each(ROWS.map((r) => [r.id, r] as const))('%s', (id) => {
    const { exec } = prepared.find((p) => p.row.id === id)!;
    const reference = torch.get(id)!;
    expect(reference.error).toBeNull();
    exec.run();
    expectClose(exec.read(exec.plan.outputs[0]!), reference.y!, id);
  });
});

describe('the states tensor', () => {
  const tensor = (shape: number[], fill?: (i: number) => number): RefTensor => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (fill) for (let i = 0; i < data.length; i++) data[i] = fill(i);
    return { data, shape };
  };

  it.each([['rnn'], ['gru'], ['lstm']] as const)('%s: does not change y, and ends each row with h (an LSTM\'s c just before it)', (cell) => {
    const [N, T, F, u] = [2, 3, 2, 3];
    const G = { rnn: 1, gru: 3, lstm: 4 }[cell] * u;
    const rng = new Random(5);
    const noise = () => rng.normal() * 0.5;
    const ins = [tensor([N, T, F], noise), tensor([F, G], noise), tensor([u, G], noise), tensor(cell === 'gru' ? [2, G] : [G], noise)];
    const arg: RecurrentKernelArg = { cell, units: u, returnSequences: true, goBackwards: true, activation: { fn: 'tanh' }, recurrentActivation: cell === 'rnn' ? null : { fn: 'sigmoid' }, resetAfter: true, hasBias: true };
    const env = { step: 0, learningRate: 0, seed: 0 };
    const S = STATE_WIDTH[cell] * u;
    const alone = tensor([N, T, u]);
    RECURRENT_KERNELS.rnn!(ins, [alone], arg, env);
    const [y, states] = [tensor([N, T, u]), tensor([N, T, S])];
    RECURRENT_KERNELS.rnn!(ins, [y, states], arg, env);
    expect(Array.from(y.data)).toEqual(Array.from(alone.data));
    for (let r = 0; r < N * T; r++) {
      // Reading step s of sample n is row n·T + s, and y keeps reading order too.
      expect(Array.from(states.data.subarray(r * S + S - u, (r + 1) * S))).toEqual(Array.from(y.data.subarray(r * u, (r + 1) * u)));
      if (cell === 'lstm') {
        const c = states.data.subarray(r * S + 4 * u, r * S + 5 * u);
        const o = states.data.subarray(r * S + 3 * u, r * S + 4 * u);
        c.forEach((cj, j) => expect(y.data[r * u + j]).toBeCloseTo(Math.tanh(cj) / (1 + Math.exp(-o[j]!)), 6));
      }
    }
  });
});
