/**
 * Small graphs that together use every layer type in the catalogue, with the
 * parameters whose ONNX mapping differs (padding modes, strides, groups,
 * layouts, gate orders, activations). The test fails for a layer type that
 * no row uses, so adding a layer type means adding a row here.
 */
import { ACTIVATION_NAMES } from '../../shared/layers';

type Node = [id: string, type: string, params?: Record<string, unknown>];
type Edge = [source: string, target: string, handle?: string];

export interface LayerRow {
  readonly name: string;
  readonly nodes: Node[];
  /** Edges; a chain in node order when left out. */
  readonly edges?: Edge[];
}

export function rowProject(row: LayerRow) {
  const edges = row.edges ?? row.nodes.slice(1).map((n, i): Edge => [row.nodes[i]![0], n[0]]);
  return {
    nodes: row.nodes.map(([id, type, params]) => ({ id, type, params: params ?? {} })),
    edges: edges.map(([source, target, handle], i) => ({ id: `e${i}`, source, target, ...(handle ? { targetHandle: handle } : {}) })),
  };
}

const chain = (name: string, input: number[], ...layers: [string, Record<string, unknown>?][]): LayerRow => ({
  name,
  nodes: [['x', 'Input', { shape: input }], ...layers.map(([type, params], i): Node => [`l${i + 1}`, type, params ?? {}])],
});

/** Two inputs merged by `type`. */
const merge = (type: string, shape: number[], params: Record<string, unknown> = {}): LayerRow => ({
  name: `${type} ${JSON.stringify(params)}`,
  nodes: [['a', 'Input', { shape }], ['b', 'Input', { shape }], ['m', type, params]],
  edges: [['a', 'm', 'in0'], ['b', 'm', 'in1']],
});

/** Two conv branches merged, so the merge happens channels-first inside ONNX. */
const convMerge = (type: string, params: Record<string, unknown> = {}): LayerRow => ({
  name: `${type} of conv branches ${JSON.stringify(params)}`,
  nodes: [
    ['x', 'Input', { shape: [6, 5, 2] }],
    ['c1', 'Conv2D', { filters: 3, kernel_size: [3, 3], padding: 'same' }],
    ['c2', 'Conv2D', { filters: 3, kernel_size: [1, 1], activation: 'relu' }],
    ['m', type, params],
  ],
  edges: [['x', 'c1'], ['x', 'c2'], ['c1', 'm', 'in0'], ['c2', 'm', 'in1']],
});

export const LAYER_ROWS: LayerRow[] = [
  // core
  chain('Dense relu', [5], ['Dense', { units: 4, activation: 'relu' }]),
  chain('Dense without bias, on a sequence', [3, 5], ['Dense', { units: 4, use_bias: false }]),
  ...ACTIVATION_NAMES.map((a) => chain(`Activation ${a}`, [7], ['Activation', { activation: a }])),
  chain('Activation softmax on a sequence', [3, 4], ['Activation', { activation: 'softmax' }]),
  chain('Dropout', [5], ['Dense', { units: 4 }], ['Dropout', { rate: 0.5 }], ['Dense', { units: 3, activation: 'sigmoid' }]),
  chain('Flatten of an image', [3, 4, 2], ['Flatten'], ['Dense', { units: 3 }]),
  chain('Flatten after a Conv2D (channels-first inside)', [5, 4, 2], ['Conv2D', { filters: 3, kernel_size: [2, 2] }], ['Flatten'], ['Dense', { units: 2 }]),
  chain('Reshape', [12], ['Reshape', { target_shape: [3, 4] }]),
  chain('Reshape with -1', [12], ['Reshape', { target_shape: [-1, 2] }]),
  chain('Permute', [3, 4], ['Permute', { dims: [2, 1] }]),
  chain('Permute of a conv output', [4, 5, 2], ['Conv2D', { filters: 3, kernel_size: [1, 1] }], ['Permute', { dims: [3, 1, 2] }]),
  chain('RepeatVector', [4], ['RepeatVector', { n: 3 }]),
  // an imported ONNX op with no layer of its own, which the engine runs
  chain('OnnxOp Abs, then ReduceSum', [3, 4], ['OnnxOp', { op_type: 'Abs' }], ['OnnxOp', { op_type: 'ReduceSum', inputs: ['data', { values: [2], shape: [1], type: 'INT64' }], attributes: { keepdims: { i: 0 } } }]),
  // merging
  merge('Add', [4]), merge('Subtract', [4]), merge('Multiply', [4]), merge('Average', [4]),
  merge('Maximum', [4]), merge('Minimum', [4]), merge('Concatenate', [4]), merge('Concatenate', [3, 4], { axis: 1 }),
  convMerge('Add'), convMerge('Concatenate'), convMerge('Concatenate', { axis: 1 }), convMerge('Subtract'),
  // activation layers
  chain('ReLU', [6], ['ReLU']),
  chain('ReLU with slope and threshold', [6], ['ReLU', { negative_slope: 0.1, threshold: 0.2 }]),
  chain('LeakyReLU', [6], ['LeakyReLU', { negative_slope: 0.3 }]),
  chain('ELU', [6], ['ELU', { alpha: 0.7 }]),
  chain('Softmax', [6], ['Softmax']),
  chain('Softmax over the channels of a conv (axis 1 inside ONNX)', [4, 3, 2], ['Conv2D', { filters: 3, kernel_size: [1, 1] }], ['Softmax']),
  // convolution
  chain('Conv1D valid', [9, 3], ['Conv1D', { filters: 4, kernel_size: [3] }]),
  chain('Conv1D same, stride 2', [9, 3], ['Conv1D', { filters: 4, kernel_size: [4], strides: [2], padding: 'same', activation: 'tanh' }]),
  chain('Conv1D causal, dilated', [9, 3], ['Conv1D', { filters: 2, kernel_size: [3], padding: 'causal', dilation_rate: [2] }]),
  chain('Conv2D same', [7, 6, 3], ['Conv2D', { filters: 4, kernel_size: [3, 3], padding: 'same', activation: 'relu' }]),
  chain('Conv2D strided same (uneven pads)', [8, 7, 2], ['Conv2D', { filters: 3, kernel_size: [4, 3], strides: [2, 2], padding: 'same' }]),
  chain('Conv2D grouped, dilated, no bias', [7, 7, 4], ['Conv2D', { filters: 6, kernel_size: [3, 3], groups: 2, dilation_rate: [2, 2], use_bias: false }]),
  chain('Conv2DTranspose valid, stride 2', [4, 3, 3], ['Conv2DTranspose', { filters: 2, kernel_size: [3, 3], strides: [2, 2] }]),
  chain('Conv2DTranspose same, stride 2', [4, 3, 3], ['Conv2DTranspose', { filters: 2, kernel_size: [3, 3], strides: [2, 2], padding: 'same' }]),
  chain('Conv2DTranspose kernel smaller than stride', [3, 3, 2], ['Conv2DTranspose', { filters: 2, kernel_size: [2, 2], strides: [3, 3] }]),
  chain('Conv2DTranspose with output_padding', [3, 4, 2], ['Conv2DTranspose', { filters: 3, kernel_size: [3, 3], strides: [2, 2], output_padding: [1, 1], activation: 'relu' }]),
  chain('DepthwiseConv2D', [6, 6, 3], ['DepthwiseConv2D', { kernel_size: [3, 3], depth_multiplier: 2, padding: 'same' }]),
  // pooling
  chain('MaxPooling1D', [8, 3], ['MaxPooling1D']),
  chain('MaxPooling1D same, stride 2', [7, 3], ['MaxPooling1D', { pool_size: [3], strides: [2], padding: 'same' }]),
  chain('MaxPooling2D', [6, 6, 2], ['MaxPooling2D']),
  chain('MaxPooling2D same', [5, 7, 2], ['MaxPooling2D', { pool_size: [3, 3], strides: [2, 2], padding: 'same' }]),
  chain('AveragePooling1D same', [7, 2], ['AveragePooling1D', { pool_size: [3], strides: [2], padding: 'same' }]),
  chain('AveragePooling2D', [6, 4, 2], ['AveragePooling2D']),
  chain('AveragePooling2D same (padding not counted)', [5, 5, 2], ['AveragePooling2D', { pool_size: [3, 3], strides: [2, 2], padding: 'same' }]),
  chain('GlobalAveragePooling1D', [6, 3], ['GlobalAveragePooling1D']),
  chain('GlobalAveragePooling2D keepdims', [4, 5, 3], ['GlobalAveragePooling2D', { keepdims: true }]),
  chain('GlobalMaxPooling1D keepdims', [6, 3], ['GlobalMaxPooling1D', { keepdims: true }]),
  chain('GlobalMaxPooling2D after a conv', [5, 5, 2], ['Conv2D', { filters: 3, kernel_size: [3, 3] }], ['GlobalMaxPooling2D']),
  chain('ZeroPadding2D', [3, 4, 2], ['ZeroPadding2D', { padding: [[1, 2], [0, 1]] }]),
  chain('UpSampling2D', [3, 2, 2], ['UpSampling2D', { size: [2, 3] }]),
  chain('UpSampling2D between convs', [3, 3, 2], ['Conv2D', { filters: 2, kernel_size: [1, 1] }], ['UpSampling2D'], ['Conv2D', { filters: 2, kernel_size: [2, 2] }]),
  // normalisation
  chain('BatchNormalization of features', [5], ['BatchNormalization']),
  chain('BatchNormalization after a conv', [4, 4, 3], ['Conv2D', { filters: 3, kernel_size: [3, 3], use_bias: false }], ['BatchNormalization', { epsilon: 0.01 }]),
  chain('BatchNormalization over axis 1 of a sequence', [4, 3], ['BatchNormalization', { axis: 1, center: false }]),
  chain('LayerNormalization', [3, 5], ['LayerNormalization']),
  chain('LayerNormalization over two axes', [3, 5], ['LayerNormalization', { axis: [-2, -1], scale: false }]),
  chain('LayerNormalization over a middle axis', [3, 4, 2], ['LayerNormalization', { axis: [1] }]),
  // embedding and recurrent
  { name: 'Embedding', nodes: [['ids', 'Input', { shape: [5], dtype: 'int32' }], ['emb', 'Embedding', { input_dim: 11, output_dim: 4 }]] },
  { name: 'Embedding → LSTM', nodes: [['ids', 'Input', { shape: [6], dtype: 'int32' }], ['emb', 'Embedding', { input_dim: 9, output_dim: 3 }], ['lstm', 'LSTM', { units: 4 }]] },
  chain('SimpleRNN', [5, 3], ['SimpleRNN', { units: 4 }]),
  chain('SimpleRNN relu, sequences, backwards', [5, 3], ['SimpleRNN', { units: 4, activation: 'relu', return_sequences: true, go_backwards: true }]),
  chain('GRU', [5, 3], ['GRU', { units: 4 }]),
  chain('GRU reset_after false, sequences', [5, 3], ['GRU', { units: 4, reset_after: false, return_sequences: true }]),
  chain('GRU hard_sigmoid, no bias', [4, 3], ['GRU', { units: 3, recurrent_activation: 'hard_sigmoid', use_bias: false }]),
  chain('LSTM', [5, 3], ['LSTM', { units: 4 }]),
  chain('LSTM stacked, backwards', [5, 3], ['LSTM', { units: 4, return_sequences: true }], ['LSTM', { units: 3, go_backwards: true }]),
  chain('LSTM with relu and hard_sigmoid', [4, 2], ['LSTM', { units: 3, activation: 'relu', recurrent_activation: 'hard_sigmoid', return_sequences: true }]),
  chain('GRU leaky_relu (an alpha after a function without one)', [4, 2], ['GRU', { units: 3, activation: 'leaky_relu' }]),
  chain('LSTM elu with hard_sigmoid gates', [4, 2], ['LSTM', { units: 3, activation: 'elu', recurrent_activation: 'hard_sigmoid' }]),
  chain('SimpleRNN linear', [4, 2], ['SimpleRNN', { units: 3, activation: 'linear' }]),
  chain('LSTM gelu (unrolled)', [4, 2], ['LSTM', { units: 3, activation: 'gelu' }]),
  chain('GRU swish, sequences (unrolled)', [4, 2], ['GRU', { units: 3, activation: 'swish', return_sequences: true }]),
  chain('GRU reset_after false, selu (unrolled)', [4, 2], ['GRU', { units: 3, reset_after: false, activation: 'selu' }]),
  chain('SimpleRNN softsign, then Dense', [4, 2], ['SimpleRNN', { units: 3, activation: 'softsign', return_sequences: true }], ['Dense', { units: 2 }]),
  chain('Bidirectional LSTM concat', [5, 3], ['Bidirectional', { layer: { type: 'LSTM', params: { units: 3, return_sequences: true } } }]),
  chain('Bidirectional GRU sum', [5, 3], ['Bidirectional', { layer: { type: 'GRU', params: { units: 3 } }, merge_mode: 'sum' }]),
  chain('Bidirectional SimpleRNN ave, sequences', [4, 3], ['Bidirectional', { layer: { type: 'SimpleRNN', params: { units: 2, return_sequences: true } }, merge_mode: 'ave' }]),
  chain('Bidirectional LSTM mul', [4, 3], ['Bidirectional', { layer: { type: 'LSTM', params: { units: 2 } }, merge_mode: 'mul' }]),
  chain('TimeDistributed Dense after an LSTM', [5, 3], ['LSTM', { units: 4, return_sequences: true }], ['TimeDistributed', { layer: { type: 'Dense', params: { units: 2, activation: 'softmax' } } }]),
  chain('TimeDistributed Activation', [5, 3], ['TimeDistributed', { layer: { type: 'Activation', params: { activation: 'tanh' } } }]),
];
