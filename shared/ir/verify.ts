/**
 * IR verifier. It checks the invariants every later stage relies on and, on
 * failure, names the index of the failing node and the canvas node it came
 * from.
 */
import { BATCH, type IRGraph, type IRNode } from './graph';
import { BINARY_OPS, isOp, UNARY_OPS, type Op } from './ops';

export class IRVerifyError extends Error {
  override readonly name = 'IRVerifyError';
  constructor(
    readonly nodeIndex: number,
    readonly origin: string,
    detail: string,
  ) {
    super(`IR node %${nodeIndex} (from canvas node "${origin}"): ${detail}`);
  }
}

/** How many sources each op takes: [min, max]. */
const ARITY: Partial<Record<Op, [number, number]>> = {
  input: [0, 0],
  param: [0, 0],
  const: [0, 0],
  matmul: [2, 2],
  conv_transpose: [2, 2],
  batch_norm: [5, 5],
  layer_norm: [3, 3],
  concat: [1, Infinity],
  gather: [2, 2],
  rnn: [3, 4], // the bias is optional (use_bias=False)
  gru: [3, 4],
  lstm: [3, 4],
  conv: [2, 2],
  onnx: [0, Infinity],
};

function arityOf(op: Op): [number, number] {
  if (BINARY_OPS.has(op)) return [2, 2];
  return ARITY[op] ?? [1, 1];
}

function broadcast(a: readonly number[], b: readonly number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x === y || y === 1) out.push(x);
    else if (x === 1) out.push(y);
    else return null;
  }
  return out;
}

const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

function checkShape(node: IRNode, srcs: IRNode[]): string | null {
  const { op, shape } = node;
  if (UNARY_OPS.has(op) && !same(shape, srcs[0]!.shape)) return `${op} must keep its input shape [${srcs[0]!.shape}], got [${shape}]`;
  if (BINARY_OPS.has(op)) {
    const b = broadcast(srcs[0]!.shape, srcs[1]!.shape);
    if (!b || !same(b, shape)) return `${op} of [${srcs[0]!.shape}] and [${srcs[1]!.shape}] cannot give [${shape}]`;
  }
  if (op === 'matmul') {
    const [a, w] = [srcs[0]!.shape, srcs[1]!.shape];
    if (w.length !== 2 || a[a.length - 1] !== w[0]) return `matmul needs [..., K] x [K, N], got [${a}] x [${w}]`;
    if (!same(shape, [...a.slice(0, -1), w[1]!])) return `matmul result should be [${[...a.slice(0, -1), w[1]]}], got [${shape}]`;
  }
  if (op === 'reshape') {
    // Weights have no batch axis; activations keep theirs at axis 0.
    const size = (s: readonly number[]) => s.filter((d) => d !== BATCH).reduce((n, d) => n * d, 1);
    if (size(shape) !== size(srcs[0]!.shape)) return `reshape from [${srcs[0]!.shape}] to [${shape}] changes the element count`;
  }
  if (op === 'concat') {
    const axis = node.arg['axis'] as number;
    const total = srcs.reduce((n, s) => n + (s.shape[axis] ?? 0), 0);
    if (shape[axis] !== total) return `concat along axis ${axis} should have size ${total}, got ${shape[axis]}`;
  }
  return null;
}

export function verify(graph: IRGraph): void {
  const { nodes } = graph;
  nodes.forEach((node, index) => {
    const fail = (detail: string): never => {
      throw new IRVerifyError(index, node.origin, detail);
    };
    if (node.id !== index) fail(`id ${node.id} does not match its position`);
    if (!isOp(node.op)) fail(`unknown op "${node.op}"`);
    if (node.dtype !== 'f32' && node.dtype !== 'i32') fail(`unknown dtype "${node.dtype}"`);
    node.shape.forEach((d, axis) => {
      if (d === BATCH ? axis !== 0 : !(Number.isInteger(d) && d > 0)) fail(`dimension ${axis} is ${d}; dimensions must be positive integers, and only axis 0 may be the batch`);
    });
    const [lo, hi] = arityOf(node.op);
    if (node.src.length < lo || node.src.length > hi) fail(`${node.op} takes ${lo === hi ? lo : `${lo}–${hi}`} inputs, got ${node.src.length}`);
    for (const s of node.src) if (!(s >= 0 && s < index)) fail(`source %${s} is not defined before it`);
    const problem = checkShape(node, node.src.map((s) => nodes[s]!));
    if (problem) fail(problem);
  });
  graph.inputs.forEach((id) => {
    if (nodes[id]?.op !== 'input') throw new IRVerifyError(id, nodes[id]?.origin ?? '?', 'listed as a graph input but is not an input op');
  });
  if (graph.outputs.length === 0) throw new IRVerifyError(nodes.length - 1, nodes.at(-1)?.origin ?? '?', 'the graph has no outputs');
  for (const out of graph.outputs) {
    if (!nodes[out.node]) throw new IRVerifyError(out.node, '?', `output "${out.name}" refers to a missing node`);
  }
}
