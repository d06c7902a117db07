/**
 * OnnxOp: shape rules (broadcasting with the batch kept first, reductions,
 * layout ops, constant inputs), the ops that would mix a batch's samples,
 * which ops the engine can run and what IR they lower to, and the opaque
 * `onnx` op the ONNX exporter gets. Shapes are per sample, as in every layer
 * test; the engine's results are checked against onnxruntime in
 * tests/onnx-op.test.ts and the ONNX conformance run.
 */
import { describe, expect, it } from 'vitest';
import { makeContext } from '../compiler/lower';
import { BATCH, IRBuilder } from '../ir/graph';
import { verify } from '../ir/verify';
import type { Shape } from './define';
import { OnnxOp } from './onnx-op';
import { parseParams } from './params';
import { check, lowerForTest, shapeRuleError } from './testing';

const i64 = (values: number[], shape = [values.length]) => ({ values, shape, type: 'INT64' });
const f32 = (values: number[], shape: number[] = []) => ({ values, shape, type: 'FLOAT' });

interface Row {
  readonly id: string;
  readonly params: Record<string, unknown>;
  readonly inputs: Shape[];
  /** The output shape and the IR ops it lowers to (none: the engine cannot run it), or the catalogued code. */
  readonly expect: { output: Shape; ops?: string[]; weights?: number } | { code: string; match?: RegExp };
}

const ROWS: Row[] = [
  // value by value
  { id: 'abs', params: { op_type: 'Abs' }, inputs: [[3, 4]], expect: { output: [3, 4], ops: ['abs'] } },
  { id: 'identity', params: { op_type: 'Identity' }, inputs: [[3]], expect: { output: [3], ops: [] } },
  { id: 'erf has a shape but no lowering', params: { op_type: 'Erf' }, inputs: [[5]], expect: { output: [5] } },
  { id: 'hard sigmoid with its own slope', params: { op_type: 'HardSigmoid', attributes: { alpha: { f: 0.3 } } }, inputs: [[2]], expect: { output: [2], ops: ['scale', 'const', 'add', 'hard_sigmoid'] } },
  { id: 'clip by constants', params: { op_type: 'Clip', inputs: ['data', f32([0]), f32([6])] }, inputs: [[4]], expect: { output: [4], ops: ['const', 'maximum', 'const', 'minimum'] } },
  { id: 'pow 2', params: { op_type: 'Pow', inputs: ['data', f32([2])] }, inputs: [[4]], expect: { output: [4], ops: ['square'] } },
  { id: 'pow 1.7 is not computed', params: { op_type: 'Pow', inputs: ['data', f32([1.7])] }, inputs: [[4]], expect: { output: [4] } },
  // broadcasting
  { id: 'add two data', params: { op_type: 'Add', inputs: ['data', 'data'] }, inputs: [[3, 1], [1, 4]], expect: { output: [3, 4], ops: ['add'] } },
  { id: 'mul by a weight', params: { op_type: 'Mul', inputs: ['data', { weight: 'w', shape: [4] }] }, inputs: [[3, 4]], expect: { output: [3, 4], ops: ['param', 'mul'], weights: 4 } },
  { id: 'constant with a batch axis of 1', params: { op_type: 'Sub', inputs: [{ weight: 'w', shape: [1, 2, 4] }, 'data'] }, inputs: [[2, 4]], expect: { output: [2, 4], ops: ['param', 'sub'], weights: 8 } },
  { id: 'constant along the batch', params: { op_type: 'Add', inputs: ['data', { weight: 'w', shape: [5, 4] }] }, inputs: [[4]], expect: { code: 'NW021', match: /along the batch/ } },
  { id: 'data of different ranks', params: { op_type: 'Add', inputs: ['data', 'data'] }, inputs: [[3, 4], [4]], expect: { code: 'NW021', match: /batch axis up with another/ } },
  { id: 'sum of three', params: { op_type: 'Sum', inputs: ['data', 'data', 'data'] }, inputs: [[2], [2], [2]], expect: { output: [2], ops: ['add', 'add'] } },
  { id: 'where', params: { op_type: 'Where', inputs: ['data', 'data', 'data'] }, inputs: [[2, 3], [2, 3], [1, 3]], expect: { output: [2, 3], ops: ['sub', 'mul', 'add'] } },
  { id: 'greater', params: { op_type: 'Greater', inputs: ['data', f32([0.5])], output_type: 'BOOL' }, inputs: [[3]], expect: { output: [3], ops: ['const', 'sub', 'step'] } },
  // reductions
  { id: 'reduce sum, axes input', params: { op_type: 'ReduceSum', inputs: ['data', i64([-1])], attributes: { keepdims: { i: 0 } } }, inputs: [[3, 4]], expect: { output: [3], ops: ['reduce_sum'] } },
  { id: 'reduce mean, axes attribute', params: { op_type: 'ReduceMean', attributes: { axes: { ints: [1, 2] } } }, inputs: [[3, 4]], expect: { output: [1, 1], ops: ['reduce_mean'] } },
  { id: 'reduce min', params: { op_type: 'ReduceMin', attributes: { axes: { ints: [2] } } }, inputs: [[3, 4]], expect: { output: [3, 1], ops: ['neg', 'reduce_max', 'neg'] } },
  { id: 'reduce over every axis', params: { op_type: 'ReduceMax' }, inputs: [[3, 4]], expect: { code: 'NW025', match: /batch/ } },
  { id: 'reduce with no axes as a no-op', params: { op_type: 'ReduceSum', attributes: { noop_with_empty_axes: { i: 1 } } }, inputs: [[3]], expect: { output: [3], ops: [] } },
  { id: 'reduce by data axes', params: { op_type: 'ReduceSum', inputs: ['data', 'data'], output_shape: [3] }, inputs: [[3, 4], [1]], expect: { output: [3] } },
  { id: 'argmax', params: { op_type: 'ArgMax', attributes: { axis: { i: 1 }, keepdims: { i: 0 } }, output_type: 'INT64' }, inputs: [[3, 4]], expect: { output: [4] } },
  // layout
  { id: 'softmax on axis 1', params: { op_type: 'Softmax', attributes: { axis: { i: 1 } } }, inputs: [[3, 4]], expect: { output: [3, 4], ops: ['softmax'] } },
  { id: 'softmax flattening (opset 11)', params: { op_type: 'Softmax', opset: 11, attributes: { axis: { i: 1 } } }, inputs: [[3, 4]], expect: { output: [3, 4], ops: ['reshape', 'softmax', 'reshape'] } },
  { id: 'transpose', params: { op_type: 'Transpose', attributes: { perm: { ints: [0, 2, 1] } } }, inputs: [[3, 4]], expect: { output: [4, 3], ops: ['transpose'] } },
  { id: 'transpose of the batch', params: { op_type: 'Transpose' }, inputs: [[3, 4]], expect: { code: 'NW025', match: /batch/ } },
  { id: 'reshape with 0 and -1', params: { op_type: 'Reshape', inputs: ['data', i64([0, -1])] }, inputs: [[3, 4]], expect: { output: [12], ops: ['reshape'] } },
  { id: 'reshape across the batch', params: { op_type: 'Reshape', inputs: ['data', i64([6, -1])] }, inputs: [[3, 4]], expect: { code: 'NW025', match: /across the batch/ } },
  { id: 'unsqueeze', params: { op_type: 'Unsqueeze', inputs: ['data', i64([1, -1])] }, inputs: [[3]], expect: { output: [1, 3, 1], ops: ['reshape'] } },
  { id: 'pad with a value', params: { op_type: 'Pad', inputs: ['data', i64([0, 1, 0, 2]), f32([1.5])] }, inputs: [[3]], expect: { output: [6], ops: ['const', 'sub', 'pad', 'const', 'add'] } },
  { id: 'reflect pad', params: { op_type: 'Pad', inputs: ['data', i64([0, 1, 0, 2])], attributes: { mode: { s: 'reflect' } } }, inputs: [[3]], expect: { output: [6] } },
  { id: 'slice', params: { op_type: 'Slice', inputs: ['data', i64([1]), i64([-1]), i64([2])] }, inputs: [[2, 5]], expect: { output: [2, 3], ops: ['slice'] } },
  { id: 'slice backwards', params: { op_type: 'Slice', inputs: ['data', i64([-1]), i64([-1000]), i64([1]), i64([-1])] }, inputs: [[4]], expect: { output: [4], ops: ['reverse'] } },
  { id: 'gather two columns', params: { op_type: 'Gather', inputs: ['data', i64([2, 0])], attributes: { axis: { i: 2 } } }, inputs: [[3, 4]], expect: { output: [3, 2], ops: ['slice', 'slice', 'concat'] } },
  { id: 'gather one column', params: { op_type: 'Gather', inputs: ['data', i64([1], [])], attributes: { axis: { i: -1 } } }, inputs: [[3, 4]], expect: { output: [3], ops: ['slice', 'reshape'] } },
  { id: 'tile', params: { op_type: 'Tile', inputs: ['data', i64([1, 2, 1])] }, inputs: [[3, 4]], expect: { output: [6, 4], ops: ['repeat', 'reshape'] } },
  { id: 'expand', params: { op_type: 'Expand', inputs: ['data', i64([3, 1])] }, inputs: [[1, 4]], expect: { output: [3, 4], ops: ['const', 'add'] } },
  { id: 'concat', params: { op_type: 'Concat', inputs: ['data', 'data'], attributes: { axis: { i: -1 } } }, inputs: [[3, 2], [3, 5]], expect: { output: [3, 7], ops: ['concat'] } },
  { id: 'depth to space', params: { op_type: 'DepthToSpace', attributes: { blocksize: { i: 2 } } }, inputs: [[8, 2, 3]], expect: { output: [2, 4, 6], ops: ['reshape', 'transpose', 'reshape'] } },
  { id: 'matmul by a matrix', params: { op_type: 'MatMul', inputs: ['data', { weight: 'b', shape: [4, 2] }] }, inputs: [[3, 4]], expect: { output: [3, 2], ops: ['param', 'matmul'], weights: 8 } },
  { id: 'batched matmul of data', params: { op_type: 'MatMul', inputs: ['data', 'data'] }, inputs: [[3, 4], [4, 5]], expect: { output: [3, 5] } },
  // windows over ONNX's channels-first data
  {
    id: 'grouped conv with pads',
    params: { op_type: 'Conv', inputs: ['data', { weight: 'w', shape: [4, 1, 3, 3] }, { weight: 'b', shape: [4] }], attributes: { group: { i: 2 }, pads: { ints: [1, 1, 1, 1] } } },
    inputs: [[2, 5, 5]],
    expect: { output: [4, 5, 5], ops: ['transpose', 'pad', 'param', 'transpose', 'conv', 'param', 'add', 'transpose'], weights: 40 },
  },
  { id: 'conv of a computed kernel', params: { op_type: 'Conv', inputs: ['data', 'data'], output_shape: [1, 3] }, inputs: [[2, 5], [2, 3]], expect: { output: [1, 3] } },
  { id: 'max pool, padding as the engine pads', params: { op_type: 'MaxPool', attributes: { kernel_shape: { ints: [3] }, strides: { ints: [2] }, pads: { ints: [1, 1] } } }, inputs: [[3, 7]], expect: { output: [3, 4], ops: ['transpose', 'max_pool', 'transpose'] } },
  { id: 'max pool, padding by edge copies', params: { op_type: 'MaxPool', attributes: { kernel_shape: { ints: [3] }, strides: { ints: [2] }, pads: { ints: [1, 1] } } }, inputs: [[3, 8]], expect: { output: [3, 4], ops: ['transpose', 'slice', 'slice', 'concat', 'max_pool', 'transpose'] } },
  { id: 'average pool counting padding', params: { op_type: 'AveragePool', attributes: { kernel_shape: { ints: [2, 2] }, pads: { ints: [1, 0, 0, 1] }, count_include_pad: { i: 1 } } }, inputs: [[3, 4, 4]], expect: { output: [3, 4, 4], ops: ['transpose', 'pad', 'avg_pool', 'transpose'] } },
  { id: 'dilated max pool', params: { op_type: 'MaxPool', attributes: { kernel_shape: { ints: [2] }, dilations: { ints: [2] } } }, inputs: [[3, 6]], expect: { output: [3, 4] } },
  { id: 'shape has no batch axis', params: { op_type: 'Shape' }, inputs: [[3, 4]], expect: { code: 'NW025', match: /no batch axis/ } },
  // what Netwright does not know
  { id: 'unknown op with a recorded shape', params: { op_type: 'Frobnicate', domain: 'com.example', output_shape: [7] }, inputs: [[3]], expect: { output: [7] } },
  { id: 'unknown op without one', params: { op_type: 'GridSample', inputs: ['data', 'data'] }, inputs: [[3], [3]], expect: { code: 'NW033' } },
  { id: 'fewer connections than data inputs', params: { op_type: 'Add', inputs: ['data', 'data'] }, inputs: [[3]], expect: { code: 'NW017' } },
];

describe('OnnxOp', () => {
  it.each(ROWS.map((r) => [r.id, r] as const))('%s', (_id, row) => {
    const want = row.expect;
    if ('code' in want) {
      const error = shapeRuleError(() => check(OnnxOp, row.params, row.inputs));
      expect(error.code).toBe(want.code);
      if (want.match) expect((error as Error).message).toMatch(want.match);
      return;
    }
    const result = check(OnnxOp, row.params, row.inputs);
    expect(result.output).toEqual(want.output);
    expect(result.total).toBe(want.weights ?? 0);
    const { values } = parseParams(OnnxOp.params, row.params);
    const why = OnnxOp.cannotRun!(row.inputs, values, row.inputs.map(() => 'float'));
    if (!want.ops) {
      expect(why).toMatch(/^The ONNX operation .* cannot run in Netwright.*; it can still be edited and exported to ONNX$/);
      return;
    }
    expect(why).toBeUndefined();
    const ir = lowerForTest(OnnxOp, row.params, row.inputs);
    verify(ir);
    expect(ir.nodes.filter((n) => n.op !== 'input').map((n) => n.op)).toEqual(want.ops);
    expect(ir.nodes[ir.outputs[0]!.node]!.shape).toEqual([BATCH, ...want.output]);
  });

  it('refuses to run on whole-number token ids', () => {
    const { values } = parseParams(OnnxOp.params, { op_type: 'Abs' });
    expect(OnnxOp.cannotRun!([[3]], values, ['int'])).toMatch(/whole-number/);
  });

  it('lowers to the opaque onnx op, with its weights as sources, for the ONNX exporter', () => {
    const params = { op_type: 'Erf', domain: '', attributes: { a: { i: 2 } }, inputs: ['data', null, { weight: 'w', shape: [3] }, i64([1])], outputs: 2 };
    const { values, issues } = parseParams(OnnxOp.params, params);
    expect(issues).toEqual([]);
    const ir = new IRBuilder();
    ir.origin = 'e';
    const ctx = makeContext(ir, 'e', OnnxOp.weights!([[3]], values), true);
    const x = ir.emit('input', [], [BATCH, 3], { name: 'x' });
    ir.markOutput('e', OnnxOp.lower(ctx, [x], values));
    const graph = ir.finish();
    verify(graph);
    const op = graph.nodes.at(-1)!;
    expect(op.op).toBe('onnx');
    expect(op.src.map((s) => graph.nodes[s]!.op)).toEqual(['input', 'param']);
    expect(op.arg).toMatchObject({ opType: 'Erf', attributes: { a: { i: 2 } }, inputs: params.inputs, outputs: 2, outputType: 'FLOAT', pointwise: true });
  });

  it('checks attributes and inputs by their ONNX types', () => {
    const issues = (p: Record<string, unknown>) => parseParams(OnnxOp.params, p).issues.map((i) => i.param);
    expect(issues({ op_type: 'Elu', attributes: { alpha: { f: 0.5 } } })).toEqual([]);
    expect(issues({ op_type: 'Elu', attributes: { alpha: 0.5 } })).toEqual(['attributes']);
    expect(issues({ op_type: 'Add', inputs: ['data', { values: [1, 2], shape: [3], type: 'INT64' }] })).toEqual(['inputs']);
    expect(issues({ op_type: 'Add', inputs: ['data', { weight: 'not a name', shape: [3] }] })).toEqual(['inputs']);
    expect(issues({ op_type: '' })).toEqual(['op_type']);
  });
});
