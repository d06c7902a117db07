/**
 * Cost estimates, one row per layer kind: the expected MACs and FLOPs are
 * worked out by hand from the layer's definition (see the convention in
 * costs.ts), not from the code under test.
 */
import { describe, expect, it } from 'vitest';
import type { Project } from '../graph/schema';
import { compile } from './compile';
import { BYTES_PER_VALUE, estimateCosts } from './costs';

type Row = {
  name: string;
  input: number[];
  inputDtype?: 'int32';
  layer: [type: string, params?: Record<string, unknown>];
  macs: number;
  flops: number;
};

const ROWS: Row[] = [
  // 784·128 weighted sums; + 128 bias adds + 128 ReLUs.
  { name: 'Dense with bias and ReLU', input: [784], layer: ['Dense', { units: 128, activation: 'relu' }], macs: 784 * 128, flops: 2 * 784 * 128 + 128 + 128 },
  { name: 'Dense without bias, linear', input: [3], layer: ['Dense', { units: 2, use_bias: false }], macs: 6, flops: 12 },
  // Dense on a sequence acts on the last axis at each of the 5 steps.
  { name: 'Dense on a sequence', input: [5, 4], layer: ['Dense', { units: 3 }], macs: 5 * 4 * 3, flops: 2 * 60 + 15 },
  // 28·28 output pixels, each a 3·3·1 window for 16 filters.
  { name: 'Conv2D, same padding', input: [28, 28, 1], layer: ['Conv2D', { filters: 16, kernel_size: 3, padding: 'same', use_bias: false }], macs: 28 * 28 * 9 * 16, flops: 2 * 28 * 28 * 9 * 16 },
  { name: 'Conv2D, valid padding, bias, tanh', input: [8, 8, 2], layer: ['Conv2D', { filters: 4, kernel_size: 3, activation: 'tanh' }], macs: 6 * 6 * 9 * 2 * 4, flops: 2 * 6 * 6 * 72 + 2 * 6 * 6 * 4 },
  // Two groups: each filter sees 4 of the 8 channels.
  { name: 'Conv2D, two groups', input: [6, 6, 8], layer: ['Conv2D', { filters: 4, kernel_size: 1, groups: 2, use_bias: false }], macs: 36 * 4 * 4, flops: 2 * 36 * 16 },
  { name: 'Conv1D', input: [10, 3], layer: ['Conv1D', { filters: 5, kernel_size: 3, use_bias: false }], macs: 8 * 3 * 3 * 5, flops: 2 * 360 },
  { name: 'DepthwiseConv2D', input: [5, 5, 3], layer: ['DepthwiseConv2D', { kernel_size: 3, use_bias: false }], macs: 3 * 3 * 9 * 3, flops: 2 * 243 },
  // Each of the 7·7 input pixels scatters a 3·3 kernel into 4 filters from 8 channels.
  { name: 'Conv2DTranspose', input: [7, 7, 8], layer: ['Conv2DTranspose', { filters: 4, kernel_size: 3, strides: 2, use_bias: false }], macs: 49 * 9 * 4 * 8, flops: 2 * 49 * 288 },
  // 10 steps of x·W (8→3·16) and h·U (16→3·16); 3 element-wise ops per gate value.
  { name: 'GRU', input: [10, 8], layer: ['GRU', { units: 16 }], macs: 10 * (8 * 48 + 16 * 48), flops: 2 * 10 * 1152 + 10 * 3 * 16 * 3 },
  { name: 'LSTM', input: [28, 28], layer: ['LSTM', { units: 64 }], macs: 28 * (28 * 256 + 64 * 256), flops: 2 * 28 * 92 * 256 + 28 * 4 * 64 * 3 },
  { name: 'SimpleRNN', input: [4, 2], layer: ['SimpleRNN', { units: 3 }], macs: 4 * (2 * 3 + 3 * 3), flops: 2 * 60 + 4 * 3 * 3 },
  { name: 'Bidirectional LSTM, concatenated', input: [6, 4], layer: ['Bidirectional', { layer: { type: 'LSTM', params: { units: 5 } } }], macs: 2 * 6 * (4 * 20 + 5 * 20), flops: 2 * 2160 + 2 * 6 * 4 * 5 * 3 },
  { name: 'TimeDistributed Dense', input: [7, 16], layer: ['TimeDistributed', { layer: { type: 'Dense', params: { units: 4, activation: 'softmax' } } }], macs: 7 * 16 * 4, flops: 2 * 448 + 28 + 28 },
  { name: 'Embedding is a lookup', input: [12], inputDtype: 'int32', layer: ['Embedding', { input_dim: 100, output_dim: 8 }], macs: 0, flops: 0 },
  { name: 'MaxPooling2D: 4 window values per output', input: [4, 4, 3], layer: ['MaxPooling2D'], macs: 0, flops: 2 * 2 * 3 * 4 },
  { name: 'GlobalAveragePooling2D reads every input value', input: [4, 4, 3], layer: ['GlobalAveragePooling2D'], macs: 0, flops: 48 },
  { name: 'Softmax: exp, sum, divide', input: [10], layer: ['Softmax'], macs: 0, flops: 30 },
  { name: 'BatchNormalization: a scale and a shift', input: [4, 4, 2], layer: ['BatchNormalization'], macs: 0, flops: 64 },
  { name: 'Activation relu', input: [10], layer: ['Activation', { activation: 'relu' }], macs: 0, flops: 10 },
  { name: 'Activation linear', input: [10], layer: ['Activation'], macs: 0, flops: 0 },
  { name: 'Dropout is the identity at inference', input: [10], layer: ['Dropout', { rate: 0.2 }], macs: 0, flops: 0 },
  { name: 'Flatten moves data only', input: [4, 4, 2], layer: ['Flatten'], macs: 0, flops: 0 },
];

function singleLayer(row: Row): Pick<Project, 'nodes' | 'edges'> {
  const [type, params] = row.layer;
  return {
    nodes: [
      { id: 'in', type: 'Input', params: { shape: row.input, ...(row.inputDtype ? { dtype: row.inputDtype } : {}) } },
      { id: 'layer', type, params: params ?? {} },
    ],
    edges: [{ id: 'e', source: 'in', target: 'layer' }],
  };
}

describe('layerCost', () => {
  it.each(ROWS.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const result = compile(singleLayer(row), { shapesOnly: true });
    expect(result.errors).toEqual([]);
    const cost = estimateCosts(result).layers.get('layer')!;
    expect(cost.macs).toBe(row.macs);
    expect(cost.flops).toBe(row.flops);
  });
});

describe('estimateCosts', () => {
  it('adds a merge layer\'s extra inputs and sums the model', () => {
    const result = compile({
      nodes: [
        { id: 'in', type: 'Input', params: { shape: [4] } },
        { id: 'a', type: 'Dense', params: { units: 6, use_bias: false } },
        { id: 'b', type: 'Dense', params: { units: 6, use_bias: false } },
        { id: 'c', type: 'Dense', params: { units: 6, use_bias: false } },
        { id: 'sum', type: 'Add', params: {} },
      ],
      edges: [
        { id: '1', source: 'in', target: 'a' }, { id: '2', source: 'in', target: 'b' }, { id: '3', source: 'in', target: 'c' },
        { id: '4', source: 'a', target: 'sum' }, { id: '5', source: 'b', target: 'sum' }, { id: '6', source: 'c', target: 'sum' },
      ],
    }, { shapesOnly: true });
    const costs = estimateCosts(result);
    expect(costs.layers.get('sum')!.flops).toBe(2 * 6);
    expect(costs.totals.macs).toBe(3 * 24);
    expect(costs.totals.flops).toBe(3 * 48 + 12);
    // Input 4, three Dense 6, Add 6.
    expect(costs.totals.activations).toBe(4 + 18 + 6);
    expect(costs.totals.activationBytes).toBe(28 * BYTES_PER_VALUE);
    expect(costs.complete).toBe(true);
  });

  it('matches LeNet-5\'s textbook count of 416,520 multiply-accumulates', () => {
    const chain: [string, Record<string, unknown>][] = [
      ['Input', { shape: [32, 32, 1] }],
      ['Conv2D', { filters: 6, kernel_size: 5, activation: 'tanh' }],
      ['AveragePooling2D', {}],
      ['Conv2D', { filters: 16, kernel_size: 5, activation: 'tanh' }],
      ['AveragePooling2D', {}],
      ['Flatten', {}],
      ['Dense', { units: 120, activation: 'tanh' }],
      ['Dense', { units: 84, activation: 'tanh' }],
      ['Dense', { units: 10, activation: 'softmax' }],
    ];
    const nodes = chain.map(([type, params], i) => ({ id: `n${i}`, type, params }));
    const edges = nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: `n${i}`, target: n.id }));
    const costs = estimateCosts(compile({ nodes, edges }, { shapesOnly: true }));
    // 28·28·25·6 + 10·10·150·16 + 400·120 + 120·84 + 84·10
    expect(costs.totals.macs).toBe(117_600 + 240_000 + 48_000 + 10_080 + 840);
  });

  it('leaves layers without shapes out and says the totals are incomplete', () => {
    const result = compile({
      nodes: [
        { id: 'in', type: 'Input', params: { shape: [4] } },
        { id: 'conv', type: 'Conv2D', params: {} },
        { id: 'out', type: 'Dense', params: { units: 2 } },
      ],
      edges: [{ id: '1', source: 'in', target: 'conv' }, { id: '2', source: 'conv', target: 'out' }],
    }, { shapesOnly: true });
    const costs = estimateCosts(result);
    expect([...costs.layers.keys()]).toEqual(['in']);
    expect(costs.complete).toBe(false);
  });
});
