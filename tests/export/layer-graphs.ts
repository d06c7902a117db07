/**
 * Small graphs that, together, use every layer type and the parameter values
 * whose export differs (lopsided "same" padding, causal convs, GRU's
 * reset_after, activations PyTorch's recurrent modules lack, every merge
 * mode…). The exporter tests run each one; `missingLayerTypes` makes a test
 * fail when a layer type has no row.
 */
import type { Project } from '../../shared/graph/schema';
import { ACTIVATION_NAMES, LAYER_TYPES } from '../../shared/layers';

type NodeRow = [id: string, type: string, params?: Record<string, unknown>];
type EdgeRow = [source: string, target: string, handle?: string];

export interface GraphRow {
  readonly name: string;
  readonly nodes: NodeRow[];
  /** Without edges, the nodes form a chain. */
  readonly edges?: EdgeRow[];
}

const IN = (shape: number[], dtype?: string): NodeRow => ['in', 'Input', { shape, ...(dtype ? { dtype } : {}) }];

/** Two Dense branches from one input, merged by `type`. */
function merge(type: string, params: Record<string, unknown> = {}, inputs = 2): GraphRow {
  const branches: NodeRow[] = Array.from({ length: inputs }, (_, i) => [`b${i}`, 'Dense', { units: 4, activation: i % 2 ? 'tanh' : 'linear' }]);
  return {
    name: `${type} of ${inputs}`,
    nodes: [IN([6]), ...branches, ['merge', type, params]],
    edges: [...branches.map(([id]): EdgeRow => ['in', id]), ...branches.map(([id], i): EdgeRow => [id, 'merge', `in${i}`])],
  };
}

const chain = (name: string, ...nodes: NodeRow[]): GraphRow => ({ name, nodes });

export const LAYER_GRAPHS: GraphRow[] = [
  // ── Core ────────────────────────────────────────────────────────────────
  chain('Dense', IN([5]), ['d', 'Dense', { units: 4, activation: 'relu' }]),
  chain('Dense without bias, step', IN([5]), ['d', 'Dense', { units: 3, use_bias: false, activation: 'step' }]),
  chain('Dense on a sequence', IN([3, 5]), ['d', 'Dense', { units: 2, activation: 'softmax' }]),
  ...ACTIVATION_NAMES.map((a) => chain(`Activation ${a}`, IN([6]), ['d', 'Dense', { units: 6 }], ['act', 'Activation', { activation: a }])),
  chain('Activation softmax on conv maps', IN([4, 4, 2]), ['c', 'Conv2D', { filters: 3, kernel_size: 1, activation: 'softmax' }], ['act', 'Activation', { activation: 'tanh' }]),
  chain('Dropout', IN([5]), ['drop', 'Dropout', { rate: 0.3 }], ['d', 'Dense', { units: 3 }]),
  chain('Flatten after Conv2D (Keras order)', IN([4, 5, 3]), ['c', 'Conv2D', { filters: 2, kernel_size: 2 }], ['flat', 'Flatten'], ['d', 'Dense', { units: 3 }]),
  chain('Flatten a sequence', IN([3, 4]), ['flat', 'Flatten'], ['d', 'Dense', { units: 2 }]),
  chain('Reshape to a sequence', IN([12]), ['r', 'Reshape', { target_shape: [3, -1] }], ['d', 'Dense', { units: 2 }]),
  chain('Reshape to an image', IN([48]), ['r', 'Reshape', { target_shape: [4, 4, 3] }], ['c', 'Conv2D', { filters: 2, kernel_size: 3 }]),
  chain('Permute', IN([3, 5]), ['p', 'Permute', { dims: [2, 1] }], ['d', 'Dense', { units: 2 }]),
  chain('Permute conv maps', IN([4, 5, 2]), ['c', 'Conv2D', { filters: 3, kernel_size: 1 }], ['p', 'Permute', { dims: [3, 1, 2] }]),
  chain('RepeatVector', IN([4]), ['rep', 'RepeatVector', { n: 3 }], ['rnn', 'SimpleRNN', { units: 2, return_sequences: true }]),
  chain('OnnxOp Abs (an imported ONNX op)', IN([6]), ['d', 'Dense', { units: 6 }], ['op', 'OnnxOp', { op_type: 'Abs' }]),
  // ── Merging ─────────────────────────────────────────────────────────────
  merge('Add'), merge('Add', {}, 3), merge('Subtract'), merge('Multiply'), merge('Average', {}, 3), merge('Maximum', {}, 3), merge('Minimum'), merge('Concatenate'),
  {
    name: 'Concatenate conv maps on channels, and a skip over a Conv2D',
    nodes: [IN([5, 5, 2]), ['c1', 'Conv2D', { filters: 3, kernel_size: 3, padding: 'same' }], ['cat', 'Concatenate', { axis: -1 }], ['c2', 'Conv2D', { filters: 2, kernel_size: 1 }]],
    edges: [['in', 'c1'], ['c1', 'cat', 'in0'], ['in', 'cat', 'in1'], ['cat', 'c2']],
  },
  {
    name: 'Concatenate conv maps on rows, flattened',
    nodes: [IN([3, 4, 2]), ['c1', 'Conv2D', { filters: 2, kernel_size: 1 }], ['cat', 'Concatenate', { axis: 1 }], ['flat', 'Flatten']],
    edges: [['in', 'c1'], ['c1', 'cat', 'in0'], ['in', 'cat', 'in1'], ['cat', 'flat']],
  },
  {
    name: 'two inputs and two outputs',
    nodes: [['a', 'Input', { shape: [4] }], ['b', 'Input', { shape: [3] }], ['cat', 'Concatenate'], ['y1', 'Dense', { units: 2 }], ['y2', 'Dense', { units: 1, activation: 'sigmoid' }]],
    edges: [['a', 'cat', 'in0'], ['b', 'cat', 'in1'], ['cat', 'y1'], ['cat', 'y2']],
  },
  // ── Activation layers ───────────────────────────────────────────────────
  chain('ReLU', IN([6]), ['d', 'Dense', { units: 6 }], ['r', 'ReLU']),
  chain('ReLU with a slope', IN([6]), ['d', 'Dense', { units: 6 }], ['r', 'ReLU', { negative_slope: 0.1 }]),
  chain('ReLU with a threshold', IN([6]), ['d', 'Dense', { units: 6 }], ['r', 'ReLU', { negative_slope: 0.2, threshold: 0.3 }]),
  chain('LeakyReLU', IN([6]), ['d', 'Dense', { units: 6 }], ['r', 'LeakyReLU']),
  chain('ELU', IN([6]), ['d', 'Dense', { units: 6 }], ['r', 'ELU', { alpha: 0.5 }]),
  chain('Softmax on the last axis', IN([3, 4]), ['s', 'Softmax']),
  chain('Softmax over time', IN([3, 4]), ['s', 'Softmax', { axis: 1 }]),
  chain('Softmax on conv channels', IN([3, 3, 2]), ['c', 'Conv2D', { filters: 4, kernel_size: 1 }], ['s', 'Softmax']),
  // ── Convolution ─────────────────────────────────────────────────────────
  chain('Conv1D valid', IN([9, 3]), ['c', 'Conv1D', { filters: 4, kernel_size: 3, activation: 'relu' }]),
  chain('Conv1D same, stride 2 (lopsided)', IN([8, 3]), ['c', 'Conv1D', { filters: 4, kernel_size: 4, strides: 2, padding: 'same' }]),
  chain('Conv1D causal, dilated', IN([9, 2]), ['c', 'Conv1D', { filters: 3, kernel_size: 3, padding: 'causal', dilation_rate: 2 }]),
  chain('Conv1D groups, then global max', IN([7, 4]), ['c', 'Conv1D', { filters: 6, kernel_size: 2, groups: 2, use_bias: false }], ['g', 'GlobalMaxPooling1D']),
  chain('Conv2D valid, stride 2', IN([7, 6, 2]), ['c', 'Conv2D', { filters: 3, kernel_size: [3, 2], strides: 2, activation: 'tanh' }]),
  chain('Conv2D same, even kernel', IN([5, 5, 2]), ['c', 'Conv2D', { filters: 3, kernel_size: 2, padding: 'same' }]),
  chain('Conv2D same, stride 2 (lopsided)', IN([6, 7, 2]), ['c', 'Conv2D', { filters: 3, kernel_size: 3, strides: 2, padding: 'same' }]),
  chain('Conv2D dilated, grouped', IN([7, 7, 4]), ['c', 'Conv2D', { filters: 4, kernel_size: 3, dilation_rate: 2, groups: 2, padding: 'same' }]),
  chain('Conv2DTranspose k3 s2 same', IN([3, 4, 2]), ['t', 'Conv2DTranspose', { filters: 3, kernel_size: 3, strides: 2, padding: 'same' }]),
  chain('Conv2DTranspose k4 s2 same', IN([3, 3, 2]), ['t', 'Conv2DTranspose', { filters: 2, kernel_size: 4, strides: 2, padding: 'same', activation: 'relu' }]),
  chain('Conv2DTranspose k2 s3 valid', IN([2, 3, 2]), ['t', 'Conv2DTranspose', { filters: 2, kernel_size: 2, strides: 3 }]),
  chain('Conv2DTranspose output_padding', IN([3, 3, 1]), ['t', 'Conv2DTranspose', { filters: 2, kernel_size: 3, strides: 2, output_padding: 1, use_bias: false }]),
  chain('DepthwiseConv2D', IN([5, 5, 3]), ['dw', 'DepthwiseConv2D', { kernel_size: 3, depth_multiplier: 2, padding: 'same' }]),
  chain('DepthwiseConv2D stride 2', IN([6, 6, 2]), ['dw', 'DepthwiseConv2D', { kernel_size: 2, strides: 2, use_bias: false, activation: 'relu' }]),
  // ── Pooling, padding, resampling ─────────────────────────────────────────
  chain('MaxPooling1D', IN([7, 2]), ['p', 'MaxPooling1D']),
  chain('MaxPooling1D same (lopsided)', IN([7, 2]), ['p', 'MaxPooling1D', { pool_size: 2, padding: 'same' }]),
  chain('MaxPooling2D', IN([6, 5, 2]), ['p', 'MaxPooling2D']),
  chain('MaxPooling2D same 3×3 stride 1', IN([5, 5, 2]), ['p', 'MaxPooling2D', { pool_size: 3, strides: 1, padding: 'same' }]),
  chain('MaxPooling2D same (lopsided)', IN([5, 5, 2]), ['p', 'MaxPooling2D', { padding: 'same' }]),
  chain('AveragePooling1D stride 1', IN([6, 3]), ['p', 'AveragePooling1D', { pool_size: 3, strides: 1 }]),
  chain('AveragePooling1D same (lopsided)', IN([5, 3]), ['p', 'AveragePooling1D', { padding: 'same' }]),
  chain('AveragePooling2D', IN([4, 6, 2]), ['p', 'AveragePooling2D']),
  chain('AveragePooling2D same 3×3', IN([5, 5, 2]), ['p', 'AveragePooling2D', { pool_size: 3, strides: 1, padding: 'same' }]),
  chain('AveragePooling2D same (lopsided)', IN([5, 4, 2]), ['p', 'AveragePooling2D', { padding: 'same' }]),
  chain('GlobalAveragePooling1D', IN([5, 3]), ['g', 'GlobalAveragePooling1D']),
  chain('GlobalAveragePooling1D after Conv1D, kept dims', IN([5, 3]), ['c', 'Conv1D', { filters: 2, kernel_size: 2 }], ['g', 'GlobalAveragePooling1D', { keepdims: true }]),
  chain('GlobalMaxPooling1D', IN([5, 3]), ['g', 'GlobalMaxPooling1D']),
  chain('GlobalAveragePooling2D', IN([4, 4, 2]), ['c', 'Conv2D', { filters: 3, kernel_size: 3 }], ['g', 'GlobalAveragePooling2D'], ['d', 'Dense', { units: 2 }]),
  chain('GlobalMaxPooling2D kept dims', IN([4, 4, 2]), ['c', 'Conv2D', { filters: 3, kernel_size: 3 }], ['g', 'GlobalMaxPooling2D', { keepdims: true }], ['flat', 'Flatten']),
  chain('ZeroPadding2D', IN([3, 3, 2]), ['z', 'ZeroPadding2D', { padding: [1, 2, 0, 3] }], ['c', 'Conv2D', { filters: 2, kernel_size: 2 }]),
  chain('ZeroPadding2D one number', IN([3, 3, 2]), ['z', 'ZeroPadding2D', { padding: 2 }]),
  chain('UpSampling2D', IN([2, 3, 2]), ['u', 'UpSampling2D', { size: [2, 3] }], ['c', 'Conv2D', { filters: 2, kernel_size: 2 }]),
  // ── Normalisation ───────────────────────────────────────────────────────
  chain('BatchNormalization on conv maps', IN([4, 4, 3]), ['c', 'Conv2D', { filters: 3, kernel_size: 3, padding: 'same' }], ['bn', 'BatchNormalization'], ['r', 'ReLU']),
  chain('BatchNormalization on features', IN([5]), ['bn', 'BatchNormalization', { epsilon: 0.01 }], ['d', 'Dense', { units: 2 }]),
  chain('BatchNormalization on a sequence', IN([4, 3]), ['bn', 'BatchNormalization', { center: false }], ['g', 'GRU', { units: 2 }]),
  chain('BatchNormalization over rows', IN([3, 4, 2]), ['bn', 'BatchNormalization', { axis: 1, scale: false }]),
  chain('BatchNormalization, neither center nor scale', IN([3, 3, 2]), ['bn', 'BatchNormalization', { center: false, scale: false }]),
  chain('LayerNormalization', IN([3, 4]), ['ln', 'LayerNormalization']),
  chain('LayerNormalization over a whole sample', IN([3, 4]), ['ln', 'LayerNormalization', { axis: [-2, -1], scale: false }]),
  chain('LayerNormalization over time', IN([3, 4]), ['ln', 'LayerNormalization', { axis: [1], epsilon: 0.01 }]),
  chain('LayerNormalization on conv maps', IN([3, 3, 2]), ['c', 'Conv2D', { filters: 3, kernel_size: 1 }], ['ln', 'LayerNormalization']),
  // ── Embedding and recurrent ─────────────────────────────────────────────
  chain('Embedding', IN([6], 'int32'), ['e', 'Embedding', { input_dim: 10, output_dim: 4 }], ['g', 'GRU', { units: 3 }]),
  chain('Embedding of a grid', IN([2, 3], 'int32'), ['e', 'Embedding', { input_dim: 7, output_dim: 3 }], ['flat', 'Flatten']),
  chain('SimpleRNN', IN([4, 3]), ['r', 'SimpleRNN', { units: 5 }]),
  chain('SimpleRNN relu, sequences, backwards', IN([4, 3]), ['r', 'SimpleRNN', { units: 3, activation: 'relu', return_sequences: true, go_backwards: true }]),
  chain('SimpleRNN sigmoid, no bias', IN([4, 3]), ['r', 'SimpleRNN', { units: 3, activation: 'sigmoid', use_bias: false }]),
  chain('GRU', IN([5, 3]), ['g', 'GRU', { units: 4 }]),
  chain('GRU sequences, backwards', IN([5, 3]), ['g', 'GRU', { units: 3, return_sequences: true, go_backwards: true }]),
  chain('GRU reset_after=False', IN([5, 3]), ['g', 'GRU', { units: 3, reset_after: false, return_sequences: true }]),
  chain('GRU relu, hard_sigmoid, no bias', IN([5, 3]), ['g', 'GRU', { units: 3, activation: 'relu', recurrent_activation: 'hard_sigmoid', use_bias: false }]),
  chain('LSTM', IN([5, 3]), ['l', 'LSTM', { units: 4 }]),
  chain('LSTM sequences, backwards, no bias', IN([5, 3]), ['l', 'LSTM', { units: 3, return_sequences: true, go_backwards: true, use_bias: false }]),
  chain('LSTM softsign, hard_sigmoid', IN([5, 3]), ['l', 'LSTM', { units: 3, activation: 'softsign', recurrent_activation: 'hard_sigmoid' }]),
  chain('stacked LSTMs', IN([5, 3]), ['l1', 'LSTM', { units: 4, return_sequences: true }], ['l2', 'LSTM', { units: 2 }]),
  chain('Bidirectional LSTM, concat sequences', IN([4, 3]), ['bi', 'Bidirectional', { layer: { type: 'LSTM', params: { units: 3, return_sequences: true } } }]),
  chain('Bidirectional LSTM, concat last', IN([4, 3]), ['bi', 'Bidirectional', { layer: { type: 'LSTM', params: { units: 3 } } }]),
  chain('Bidirectional GRU, sum last', IN([4, 3]), ['bi', 'Bidirectional', { layer: { type: 'GRU', params: { units: 3 } }, merge_mode: 'sum' }]),
  chain('Bidirectional GRU reset_after=False, ave sequences', IN([4, 3]), ['bi', 'Bidirectional', { layer: { type: 'GRU', params: { units: 2, reset_after: false, return_sequences: true } }, merge_mode: 'ave' }]),
  chain('Bidirectional SimpleRNN backwards, mul', IN([4, 3]), ['bi', 'Bidirectional', { layer: { type: 'SimpleRNN', params: { units: 3, go_backwards: true, return_sequences: true } }, merge_mode: 'mul' }]),
  chain('Bidirectional LSTM backwards, concat last', IN([4, 3]), ['bi', 'Bidirectional', { layer: { type: 'LSTM', params: { units: 2, go_backwards: true } } }]),
  chain('TimeDistributed Dense', IN([4, 3]), ['l', 'LSTM', { units: 3, return_sequences: true }], ['td', 'TimeDistributed', { layer: { type: 'Dense', params: { units: 5, activation: 'softmax' } } }]),
  chain('TimeDistributed Activation and Dropout', IN([4, 3]), ['td1', 'TimeDistributed', { layer: { type: 'Activation', params: { activation: 'tanh' } } }], ['td2', 'TimeDistributed', { layer: { type: 'Dropout', params: { rate: 0.5 } } }]),
  chain('TimeDistributed Dense after Conv1D', IN([6, 2]), ['c', 'Conv1D', { filters: 3, kernel_size: 2 }], ['td', 'TimeDistributed', { layer: { type: 'Dense', params: { units: 2 } } }]),
];

export function projectOf(row: GraphRow): Project {
  const links = row.edges ?? row.nodes.slice(1).map((n, i): EdgeRow => [row.nodes[i]![0], n[0]]);
  return {
    format: 'netwright',
    version: 1,
    name: row.name,
    nodes: row.nodes.map(([id, type, params]) => ({ id, type, params: params ?? {} })),
    edges: links.map(([source, target, handle], i) => ({ id: `e${i}`, source, target, ...(handle ? { targetHandle: handle } : {}) })),
  };
}

/** Layer types no row uses: the tables must cover every type in LAYERS. */
export function missingLayerTypes(rows: readonly GraphRow[]): string[] {
  const used = new Set<string>();
  for (const row of rows) {
    for (const [, type, params] of row.nodes) {
      used.add(type);
      const inner = params?.['layer'] as { type?: string } | undefined;
      if (inner?.type) used.add(inner.type);
    }
  }
  return LAYER_TYPES.filter((t) => !used.has(t));
}
