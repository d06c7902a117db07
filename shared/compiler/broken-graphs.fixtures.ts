/**
 * Broken graphs, one row each, with the error code the compiler must report
 * and the node it must pin it on. Kept as data, like netron's models.json.
 */
import type { ErrorCode } from './catalogue';

type NodeRow = [id: string, type: string, params?: Record<string, unknown>];
type EdgeRow = [source: string, target: string, handle?: string];

export interface BrokenGraph {
  name: string;
  nodes: NodeRow[];
  edges: EdgeRow[];
  outputs?: string[];
  expect: { code: ErrorCode; node?: string; param?: string };
}

const IN = (shape: number[], dtype?: string): NodeRow => ['in', 'Input', { shape, ...(dtype ? { dtype } : {}) }];

export const BROKEN_GRAPHS: BrokenGraph[] = [
  // ── Layer types and parameters ────────────────────────────────────────────
  { name: 'unknown layer type', nodes: [IN([4]), ['x', 'Dense3D']], edges: [['in', 'x']], expect: { code: 'NW010', node: 'x' } },
  { name: 'layer type with wrong case', nodes: [IN([4]), ['x', 'dense', { units: 2 }]], edges: [['in', 'x']], expect: { code: 'NW010', node: 'x' } },
  { name: 'units zero', nodes: [IN([4]), ['d', 'Dense', { units: 0 }]], edges: [['in', 'd']], expect: { code: 'NW011', node: 'd', param: 'units' } },
  { name: 'units negative', nodes: [IN([4]), ['d', 'Dense', { units: -3 }]], edges: [['in', 'd']], expect: { code: 'NW011', node: 'd', param: 'units' } },
  { name: 'units fractional', nodes: [IN([4]), ['d', 'Dense', { units: 2.5 }]], edges: [['in', 'd']], expect: { code: 'NW011', node: 'd', param: 'units' } },
  { name: 'units as text', nodes: [IN([4]), ['d', 'Dense', { units: '64' }]], edges: [['in', 'd']], expect: { code: 'NW011', node: 'd', param: 'units' } },
  { name: 'unknown activation', nodes: [IN([4]), ['d', 'Dense', { units: 2, activation: 'relu6x' }]], edges: [['in', 'd']], expect: { code: 'NW011', node: 'd', param: 'activation' } },
  { name: 'unknown parameter', nodes: [IN([4]), ['d', 'Dense', { units: 2, neurons: 3 }]], edges: [['in', 'd']], expect: { code: 'NW012', node: 'd', param: 'neurons' } },
  { name: 'dropout rate of 1', nodes: [IN([4]), ['dr', 'Dropout', { rate: 1 }], ['d', 'Dense', { units: 1 }]], edges: [['in', 'dr'], ['dr', 'd']], expect: { code: 'NW011', node: 'dr', param: 'rate' } },
  { name: 'conv padding misspelt', nodes: [IN([8, 8, 1]), ['c', 'Conv2D', { filters: 2, padding: 'full' }]], edges: [['in', 'c']], expect: { code: 'NW011', node: 'c', param: 'padding' } },
  { name: 'kernel size with three numbers for 2-D', nodes: [IN([8, 8, 1]), ['c', 'Conv2D', { filters: 2, kernel_size: [3, 3, 3] }]], edges: [['in', 'c']], expect: { code: 'NW011', node: 'c', param: 'kernel_size' } },
  { name: 'input shape with zero', nodes: [IN([0, 4]), ['d', 'Dense', { units: 1 }]], edges: [['in', 'd']], expect: { code: 'NW011', node: 'in', param: 'shape' } },
  { name: 'input shape empty', nodes: [IN([]), ['d', 'Dense', { units: 1 }]], edges: [['in', 'd']], expect: { code: 'NW011', node: 'in', param: 'shape' } },
  { name: 'strides and dilation together', nodes: [IN([16, 16, 1]), ['c', 'Conv2D', { filters: 2, strides: 2, dilation_rate: 2 }]], edges: [['in', 'c']], expect: { code: 'NW011', node: 'c', param: 'strides' } },

  // ── Wiring ────────────────────────────────────────────────────────────────
  { name: 'no input layer', nodes: [['d', 'Dense', { units: 2 }]], edges: [], expect: { code: 'NW013' } },
  { name: 'two-node loop', nodes: [IN([4]), ['a', 'Dense', { units: 4 }], ['b', 'Dense', { units: 4 }], ['m', 'Add']], edges: [['in', 'm'], ['b', 'm'], ['m', 'a'], ['a', 'b']], expect: { code: 'NW014', node: 'a' } },
  { name: 'self loop', nodes: [IN([4]), ['m', 'Add']], edges: [['in', 'm'], ['m', 'm']], expect: { code: 'NW014', node: 'm' } },
  { name: 'dense with nothing connected', nodes: [IN([4]), ['a', 'Dense', { units: 4 }], ['b', 'Dense', { units: 4 }]], edges: [['in', 'a']], expect: { code: 'NW015', node: 'b' } },
  { name: 'dense with two inputs', nodes: [IN([4]), ['a', 'Dense', { units: 4 }], ['b', 'Dense', { units: 4 }], ['c', 'Dense', { units: 1 }]], edges: [['in', 'a'], ['in', 'b'], ['a', 'c'], ['b', 'c']], expect: { code: 'NW016', node: 'c' } },
  { name: 'add with one input', nodes: [IN([4]), ['m', 'Add'], ['d', 'Dense', { units: 1 }]], edges: [['in', 'm'], ['m', 'd']], expect: { code: 'NW017', node: 'm' } },
  { name: 'concatenate with one input', nodes: [IN([4]), ['m', 'Concatenate'], ['d', 'Dense', { units: 1 }]], edges: [['in', 'm'], ['m', 'd']], expect: { code: 'NW017', node: 'm' } },
  { name: 'subtract with three inputs', nodes: [IN([4]), ['a', 'Dense', { units: 4 }], ['b', 'Dense', { units: 4 }], ['s', 'Subtract']], edges: [['in', 'a'], ['in', 'b'], ['in', 's'], ['a', 's'], ['b', 's']], expect: { code: 'NW016', node: 's' } },
  { name: 'connection into an input', nodes: [IN([4]), ['in2', 'Input', { shape: [4] }], ['m', 'Add']], edges: [['in', 'in2'], ['in', 'm'], ['in2', 'm']], expect: { code: 'NW018', node: 'in2' } },
  { name: 'dangling input', nodes: [IN([4]), ['in2', 'Input', { shape: [4] }], ['d', 'Dense', { units: 1 }]], edges: [['in', 'd']], expect: { code: 'NW031', node: 'in2' } },
  { name: 'branch that misses the declared output', nodes: [IN([4]), ['a', 'Dense', { units: 4 }], ['side', 'Dense', { units: 3 }]], edges: [['in', 'a'], ['in', 'side']], outputs: ['a'], expect: { code: 'NW019', node: 'side' } },
  { name: 'slot beyond the layer\'s inputs', nodes: [IN([4]), ['d', 'Dense', { units: 1 }]], edges: [['in', 'd', 'in1']], expect: { code: 'NW027', node: 'd' } },
  { name: 'slot used twice', nodes: [IN([4]), ['a', 'Dense', { units: 4 }], ['m', 'Add']], edges: [['in', 'a'], ['in', 'm', 'in0'], ['a', 'm', 'in0']], expect: { code: 'NW027', node: 'm' } },
  { name: 'outputs names a missing layer', nodes: [IN([4]), ['a', 'Dense', { units: 4 }]], edges: [['in', 'a']], outputs: ['nope'], expect: { code: 'NW005' } },

  // ── Shapes ────────────────────────────────────────────────────────────────
  { name: 'conv2d on a flat vector', nodes: [IN([784]), ['c', 'Conv2D', { filters: 4 }]], edges: [['in', 'c']], expect: { code: 'NW020', node: 'c' } },
  { name: 'conv2d on a greyscale image without channels', nodes: [IN([28, 28]), ['c', 'Conv2D', { filters: 4 }]], edges: [['in', 'c']], expect: { code: 'NW020', node: 'c' } },
  { name: 'conv1d on an image', nodes: [IN([28, 28, 1]), ['c', 'Conv1D', { filters: 4 }]], edges: [['in', 'c']], expect: { code: 'NW020', node: 'c' } },
  { name: 'maxpool2d on a vector', nodes: [IN([16]), ['p', 'MaxPooling2D']], edges: [['in', 'p']], expect: { code: 'NW020', node: 'p' } },
  { name: 'add of different widths', nodes: [IN([4]), ['a', 'Dense', { units: 4 }], ['b', 'Dense', { units: 5 }], ['m', 'Add']], edges: [['in', 'a'], ['in', 'b'], ['a', 'm'], ['b', 'm']], expect: { code: 'NW021', node: 'm' } },
  { name: 'residual add after a strided conv', nodes: [IN([8, 8, 4]), ['c', 'Conv2D', { filters: 4, strides: 2, padding: 'same' }], ['m', 'Add']], edges: [['in', 'c'], ['in', 'm'], ['c', 'm']], expect: { code: 'NW021', node: 'm' } },
  { name: 'concatenate with mismatched heights', nodes: [IN([8, 8, 1]), ['c', 'Conv2D', { filters: 2 }], ['m', 'Concatenate']], edges: [['in', 'c'], ['in', 'm'], ['c', 'm']], expect: { code: 'NW021', node: 'm' } },
  { name: 'kernel larger than image', nodes: [IN([4, 4, 1]), ['c', 'Conv2D', { filters: 2, kernel_size: 5 }]], edges: [['in', 'c']], expect: { code: 'NW022', node: 'c' } },
  { name: 'pool after the image has shrunk away', nodes: [IN([5, 5, 1]), ['c', 'Conv2D', { filters: 2, kernel_size: 4 }], ['p', 'MaxPooling2D', { pool_size: 3 }]], edges: [['in', 'c'], ['c', 'p']], expect: { code: 'NW022', node: 'p' } },
  { name: 'lstm on a flat vector', nodes: [IN([10]), ['r', 'LSTM', { units: 4 }]], edges: [['in', 'r']], expect: { code: 'NW023', node: 'r' } },
  { name: 'stacked lstm without return_sequences', nodes: [IN([6, 3]), ['r1', 'LSTM', { units: 4 }], ['r2', 'LSTM', { units: 4 }]], edges: [['in', 'r1'], ['r1', 'r2']], expect: { code: 'NW023', node: 'r2' } },
  { name: 'gru on an image', nodes: [IN([8, 8, 1]), ['r', 'GRU', { units: 4 }]], edges: [['in', 'r']], expect: { code: 'NW023', node: 'r' } },
  { name: 'reshape that changes the count', nodes: [IN([12]), ['r', 'Reshape', { target_shape: [5, 3] }]], edges: [['in', 'r']], expect: { code: 'NW024', node: 'r' } },
  { name: 'reshape with -1 that does not divide', nodes: [IN([10]), ['r', 'Reshape', { target_shape: [-1, 3] }]], edges: [['in', 'r']], expect: { code: 'NW024', node: 'r' } },
  { name: 'permute that is not a permutation', nodes: [IN([4, 5]), ['p', 'Permute', { dims: [1, 1] }]], edges: [['in', 'p']], expect: { code: 'NW025', node: 'p' } },
  { name: 'concatenate on an axis that does not exist', nodes: [IN([4]), ['a', 'Dense', { units: 4 }], ['m', 'Concatenate', { axis: 3 }]], edges: [['in', 'a'], ['in', 'm'], ['a', 'm']], expect: { code: 'NW025', node: 'm' } },
  { name: 'groups that do not divide channels', nodes: [IN([8, 8, 3]), ['c', 'Conv2D', { filters: 4, groups: 2 }]], edges: [['in', 'c']], expect: { code: 'NW026', node: 'c' } },
  { name: 'strided valid conv shrinking to nothing', nodes: [IN([3, 3, 1]), ['c', 'Conv2D', { filters: 1, kernel_size: 3 }], ['c2', 'Conv2D', { filters: 1, kernel_size: 2 }]], edges: [['in', 'c'], ['c', 'c2']], expect: { code: 'NW022', node: 'c2' } },
  { name: 'embedding fed decimals', nodes: [IN([6]), ['e', 'Embedding', { input_dim: 10, output_dim: 4 }]], edges: [['in', 'e']], expect: { code: 'NW029', node: 'e' } },
  { name: 'dense fed token ids', nodes: [IN([6], 'int32'), ['d', 'Dense', { units: 4 }]], edges: [['in', 'd']], expect: { code: 'NW029', node: 'd' } },
  { name: 'repeat vector on a sequence', nodes: [IN([4, 3]), ['r', 'RepeatVector', { n: 2 }]], edges: [['in', 'r']], expect: { code: 'NW020', node: 'r' } },
  { name: 'global pooling on a vector', nodes: [IN([16]), ['g', 'GlobalAveragePooling2D']], edges: [['in', 'g']], expect: { code: 'NW020', node: 'g' } },

  // ── Imported ONNX operations ──────────────────────────────────────────────
  { name: 'onnx op the engine cannot run', nodes: [IN([4]), ['e', 'OnnxOp', { op_type: 'Erf' }]], edges: [['in', 'e']], expect: { code: 'NW032', node: 'e' } },
  { name: 'onnx op from another domain', nodes: [IN([4]), ['f', 'OnnxOp', { op_type: 'Foo', domain: 'com.example', output_shape: [4] }]], edges: [['in', 'f']], expect: { code: 'NW032', node: 'f' } },
  { name: 'onnx op with no known shape', nodes: [IN([4]), ['f', 'OnnxOp', { op_type: 'Foo', domain: 'com.example' }]], edges: [['in', 'f']], expect: { code: 'NW033', node: 'f', param: 'output_shape' } },
  { name: 'onnx op reducing over the batch', nodes: [IN([4]), ['r', 'OnnxOp', { op_type: 'ReduceMean', attributes: { axes: { ints: [0] } } }]], edges: [['in', 'r']], expect: { code: 'NW025', node: 'r' } },
];
