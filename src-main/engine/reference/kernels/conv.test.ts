/**
 * The conv, pooling, padding and resampling kernels against real PyTorch,
 * forward. Each row is one Keras layer on seeded data: the engine compiles it,
 * plans it (so Keras's 'same'/'valid' and output_padding are turned into
 * explicit pads by plan/rules/conv.ts) and runs it on the reference backend;
 * PyTorch computes the same layer from the same input and weights. PyTorch is
 * channels-first with weights (out, in/g, ...k), or (in, out/g, ...k) when
 * transposed, so the script converts; Keras's asymmetric 'same' padding is
 * applied with F.pad, since PyTorch pads symmetrically. The gradients of
 * these kernels are checked by finite differences in plan/conv.gradients.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { PYTHON } from '../../../../tests/torch/reference';
import { buildPlan } from '../../plan/build-plan';
import { Random } from '../../random';
import { graph, irOf } from '../../testing';
import { ReferenceExecutor } from '../executor';

interface Row {
  name: string;
  /** A Keras layer type and its parameters; the script fills in Keras's defaults. */
  type: string;
  params: Record<string, unknown>;
  /** Per-sample input shape, channels-last. */
  input: number[];
}

const ROWS: Row[] = [
  { name: 'Conv1D valid, odd length, relu', type: 'Conv1D', params: { filters: 4, kernel_size: [3], activation: 'relu' }, input: [9, 3] },
  { name: 'Conv1D same, strided, even kernel', type: 'Conv1D', params: { filters: 2, kernel_size: [4], strides: [2], padding: 'same' }, input: [9, 3] },
  { name: 'Conv1D causal, dilated', type: 'Conv1D', params: { filters: 3, kernel_size: [3], padding: 'causal', dilation_rate: [2] }, input: [8, 2] },
  { name: 'Conv2D valid, odd sizes, relu', type: 'Conv2D', params: { filters: 4, kernel_size: [3, 3], activation: 'relu' }, input: [7, 5, 3] },
  { name: 'Conv2D same, stride 2 (pads 0 before, 1 after)', type: 'Conv2D', params: { filters: 3, kernel_size: [3, 3], strides: [2, 2], padding: 'same' }, input: [6, 7, 2] },
  { name: 'Conv2D same, even kernel', type: 'Conv2D', params: { filters: 2, kernel_size: [2, 4], padding: 'same', activation: 'tanh' }, input: [5, 6, 2] },
  { name: 'Conv2D valid, strides (2, 3), rectangular kernel', type: 'Conv2D', params: { filters: 3, kernel_size: [3, 2], strides: [2, 3] }, input: [8, 8, 2] },
  { name: 'Conv2D same, dilated', type: 'Conv2D', params: { filters: 2, kernel_size: [3, 3], dilation_rate: [2, 2], padding: 'same' }, input: [7, 7, 2] },
  { name: 'Conv2D valid, dilated (2, 1)', type: 'Conv2D', params: { filters: 2, kernel_size: [2, 3], dilation_rate: [2, 1], activation: 'sigmoid' }, input: [6, 6, 3] },
  { name: 'Conv2D groups', type: 'Conv2D', params: { filters: 6, kernel_size: [3, 3], groups: 2, padding: 'same', activation: 'elu' }, input: [5, 6, 4] },
  { name: 'Conv2D 1×1 without bias', type: 'Conv2D', params: { filters: 5, kernel_size: [1, 1], use_bias: false }, input: [3, 4, 3] },
  { name: 'DepthwiseConv2D, multiplier 2, same, stride 2', type: 'DepthwiseConv2D', params: { kernel_size: [3, 3], depth_multiplier: 2, strides: [2, 2], padding: 'same' }, input: [7, 6, 3] },
  { name: 'DepthwiseConv2D, dilated, relu', type: 'DepthwiseConv2D', params: { kernel_size: [2, 2], dilation_rate: [2, 2], activation: 'relu' }, input: [6, 6, 2] },
  { name: 'Conv2DTranspose same, stride 2', type: 'Conv2DTranspose', params: { filters: 3, kernel_size: [3, 3], strides: [2, 2], padding: 'same' }, input: [3, 4, 2] },
  { name: 'Conv2DTranspose valid, stride 2, output padding', type: 'Conv2DTranspose', params: { filters: 2, kernel_size: [3, 3], strides: [2, 2], output_padding: [1, 1] }, input: [3, 3, 2] },
  { name: 'Conv2DTranspose same, even kernel, output padding', type: 'Conv2DTranspose', params: { filters: 2, kernel_size: [4, 4], strides: [2, 2], padding: 'same', output_padding: [1, 0] }, input: [3, 3, 3] },
  { name: 'Conv2DTranspose valid, kernel smaller than stride', type: 'Conv2DTranspose', params: { filters: 2, kernel_size: [2, 2], strides: [3, 3] }, input: [3, 2, 2] },
  { name: 'Conv2DTranspose same, stride 1, relu', type: 'Conv2DTranspose', params: { filters: 3, kernel_size: [3, 3], padding: 'same', activation: 'relu' }, input: [4, 4, 2] },
  { name: 'Conv2DTranspose same, rectangular', type: 'Conv2DTranspose', params: { filters: 2, kernel_size: [3, 2], strides: [2, 1], padding: 'same' }, input: [3, 4, 2] },
  { name: 'MaxPooling2D, odd size drops the edge', type: 'MaxPooling2D', params: {}, input: [7, 7, 2] },
  { name: 'MaxPooling2D same, overlapping', type: 'MaxPooling2D', params: { pool_size: [3, 3], strides: [2, 2], padding: 'same' }, input: [6, 7, 2] },
  { name: 'MaxPooling1D same', type: 'MaxPooling1D', params: { pool_size: [2], padding: 'same' }, input: [9, 3] },
  { name: 'AveragePooling2D valid, overlapping', type: 'AveragePooling2D', params: { pool_size: [3, 3], strides: [1, 2] }, input: [5, 6, 2] },
  { name: 'AveragePooling2D same excludes padding', type: 'AveragePooling2D', params: { pool_size: [3, 3], strides: [2, 2], padding: 'same' }, input: [6, 5, 2] },
  { name: 'AveragePooling1D same', type: 'AveragePooling1D', params: { pool_size: [4], strides: [3], padding: 'same' }, input: [10, 2] },
  { name: 'ZeroPadding2D asymmetric', type: 'ZeroPadding2D', params: { padding: [[1, 2], [0, 3]] }, input: [3, 4, 2] },
  { name: 'UpSampling2D (2, 3)', type: 'UpSampling2D', params: { size: [2, 3] }, input: [3, 2, 2] },
  { name: 'GlobalAveragePooling2D', type: 'GlobalAveragePooling2D', params: {}, input: [4, 5, 3] },
  { name: 'GlobalMaxPooling2D', type: 'GlobalMaxPooling2D', params: {}, input: [4, 5, 3] },
];

/** The same layers in PyTorch: reads [{name, type, params, x, xShape, weights}], writes [{name, shape, y}] channels-last. */
const SCRIPT = String.raw`
import json, math, sys
import torch
import torch.nn.functional as F

ACT = {'linear': lambda t: t, 'relu': torch.relu, 'tanh': torch.tanh, 'sigmoid': torch.sigmoid, 'elu': F.elu}

def same_pads(sizes, window, strides, dilations):
    """Keras 'same': total max((out-1)s + (k-1)d + 1 - in, 0), the smaller half before; as F.pad's list, last axis first."""
    pads = []
    for n, k, s, d in zip(sizes, window, strides, dilations):
        out = -(-n // s)
        total = max((out - 1) * s + (k - 1) * d + 1 - n, 0)
        pads.append((total // 2, total - total // 2))
    return [p for pair in reversed(pads) for p in pair]

def transpose_crop(n, k, s, padding, output_padding):
    """Keras's own conversion of (padding, output_padding) for a transposed conv (its JAX backend):
    pads (left, right) around the stride-dilated input, correlated with the flipped kernel."""
    if padding == 'valid':
        op = max(k, s) - k if output_padding is None else output_padding
        left, right = k - 1, k - 1 + op
    else:
        pad_len = s + k - 2 if output_padding is None else k + k % 2 - 2 + output_padding
        left = min(pad_len // 2 + pad_len % 2, k - 1)
        right = pad_len - left
    # PyTorch's unpadded transposed conv is the left = right = k - 1 case; crop it to Keras's window.
    start = k - 1 - left
    size = (n - 1) * s + 1 + left + right - k + 1
    return start, size

def run(case):
    t, p = case['type'], case['params']
    x = torch.tensor(case['x'], dtype=torch.float32).reshape(case['xShape'])
    r = x.dim() - 2
    x = x.permute(0, r + 1, *range(1, r + 1))  # channels-first
    W = {k: torch.tensor(v['data'], dtype=torch.float32).reshape(v['shape']) for k, v in case['weights'].items()}
    kernel, bias = W.get('l/kernel'), W.get('l/bias')
    conv = [None, F.conv1d, F.conv2d, F.conv3d][r]
    pool_max = [None, F.max_pool1d, F.max_pool2d][r]
    pool_avg = [None, F.avg_pool1d, F.avg_pool2d][r]
    act = ACT[p.get('activation', 'linear')]
    sizes = list(x.shape[2:])
    if t in ('Conv1D', 'Conv2D', 'DepthwiseConv2D'):
        k = list(kernel.shape[:r])
        s = p.get('strides', [1] * r)
        d = p.get('dilation_rate', [1] * r)
        padding = p.get('padding', 'valid')
        if t == 'DepthwiseConv2D':
            c, m = kernel.shape[r], kernel.shape[r + 1]
            w = kernel.permute(2, 3, 0, 1).reshape(c * m, 1, *k)  # output channel c*m + j
            groups = c
        else:
            w = kernel.permute(r + 1, r, *range(r))  # (out, in/g, ...k)
            groups = p.get('groups', 1)
        if padding == 'same':
            x = F.pad(x, same_pads(sizes, k, s, d))
        elif padding == 'causal':
            x = F.pad(x, [(k[0] - 1) * d[0], 0])
        y = act(conv(x, w, bias, stride=s, dilation=d, groups=groups))
    elif t == 'Conv2DTranspose':
        k = list(kernel.shape[:r])
        s = p.get('strides', [1] * r)
        ops = p.get('output_padding') or [None] * r
        w = kernel.permute(3, 2, 0, 1)  # (in, out, kh, kw)
        y = F.conv_transpose2d(x, w, None, stride=s)
        for axis in range(r):
            start, size = transpose_crop(sizes[axis], k[axis], s[axis], p.get('padding', 'valid'), ops[axis])
            have = y.shape[2 + axis]
            if start + size > have:
                widths = [0, 0] * r
                widths[2 * (r - 1 - axis) + 1] = start + size - have
                y = F.pad(y, widths)
            y = y.narrow(2 + axis, start, size)
        if bias is not None:
            y = y + bias.reshape(1, -1, *([1] * r))
        y = act(y)
    elif t in ('MaxPooling1D', 'MaxPooling2D', 'AveragePooling1D', 'AveragePooling2D'):
        k = p.get('pool_size', [2] * r)
        s = p.get('strides') or k
        pads = same_pads(sizes, k, s, [1] * r) if p.get('padding') == 'same' else [0] * (2 * r)
        if t.startswith('Max'):
            y = pool_max(F.pad(x, pads, value=-math.inf), k, s)
        else:
            # Keras leaves padding out of the mean: average the padded sum over the cells that are real.
            y = pool_avg(F.pad(x, pads), k, s) / pool_avg(F.pad(torch.ones_like(x), pads), k, s)
    elif t == 'ZeroPadding2D':
        (top, bottom), (left, right) = p['padding']
        y = F.pad(x, [left, right, top, bottom])
    elif t == 'UpSampling2D':
        y = F.interpolate(x, scale_factor=tuple(p['size']), mode='nearest')
    elif t == 'GlobalAveragePooling2D':
        y = x.mean(dim=(2, 3))
    elif t == 'GlobalMaxPooling2D':
        y = x.amax(dim=(2, 3))
    else:
        raise ValueError(t)
    if y.dim() > 2:
        y = y.permute(0, *range(2, y.dim()), 1)  # channels-last
    return {'name': case['name'], 'shape': list(y.shape), 'y': y.contiguous().reshape(-1).tolist()}

json.dump([run(c) for c in json.load(sys.stdin)], sys.stdout)
`;

const BATCH = 2;

interface Ran {
  shape: number[];
  y: Float32Array | Int32Array;
  torch?: { shape: number[]; y: number[] };
}

/** Runs a row on the reference backend with seeded input and weights, and says what to send to PyTorch. */
function runEngine(row: Row, seed: number) {
  const ir = irOf(graph([['in', 'Input', { shape: row.input }], ['l', row.type, row.params]]));
  const plan = buildPlan(ir, { batch: BATCH });
  const exec = new ReferenceExecutor(plan, seed);
  const rng = new Random(seed);
  const fill = (id: number) => {
    const values = Array.from(exec.read(id), () => rng.normal() * 0.7);
    exec.write(id, values);
    return values;
  };
  const x = fill(plan.inputs[0]!);
  const weights: Record<string, { shape: readonly number[]; data: number[] }> = {};
  for (const t of plan.tensors) if (t.role === 'param' && t.viewOf === undefined) weights[t.name] = { shape: t.shape, data: fill(t.id) };
  exec.run();
  const out = plan.outputs[0]!;
  return { ran: { shape: [...plan.tensors[out]!.shape], y: exec.read(out) }, request: { name: row.name, type: row.type, params: row.params, x, xShape: [BATCH, ...row.input], weights } };
}

const results = new Map<string, Ran>();

beforeAll(() => {
  const requests = ROWS.map((row, i) => {
    const { ran, request } = runEngine(row, 100 + i);
    results.set(row.name, ran);
    return request;
  });
  const run = spawnSync(PYTHON, ['-c', SCRIPT], { input: JSON.stringify(requests), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error || run.status !== 0) throw new Error(`Could not run PyTorch with ${PYTHON}: ${run.error?.message ?? run.stderr}`);
  for (const r of JSON.parse(run.stdout) as { name: string; shape: number[]; y: number[] }[]) results.get(r.name)!.torch = { shape: r.shape, y: r.y };
});

describe('conv and pooling kernels match PyTorch', () => {
  it.each(ROWS.map((r) => [r.name] as const))('%s', (name) => {
    const { shape, y, torch } = results.get(name)!;
    expect(shape).toEqual(torch!.shape);
    let worst = 0;
    let where = '';
    torch!.y.forEach((expected, i) => {
      const err = Math.abs(y[i]! - expected) / Math.max(1, Math.abs(expected));
      if (err > worst) [worst, where] = [err, `y[${i}] = ${y[i]}, PyTorch ${expected}`];
    });
    expect(worst, where).toBeLessThan(1e-4);
  });
});
