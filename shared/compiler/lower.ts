/**
 * Pass 3, lower: turns the shaped graph into IR. Each layer lowers itself;
 * this pass supplies the context (weights as `param` ops named
 * "<node>/<weight>", the batch dimension, activations) and stamps every IR
 * node with the canvas node it came from.
 */
import { BATCH, IRBuilder, type IRGraph, type IRValue } from '../ir/graph';
import { ACTIVATIONS, type ActivationInfo } from '../layers/activations';
import type { LowerContext, Shape, WeightSpec } from '../layers/define';
import type { NodeShapes } from './infer-shapes';
import type { Wiring } from './validate';

export class LowerError extends Error {
  override readonly name = 'LowerError';
  constructor(readonly node: string, message: string) {
    super(message);
  }
}

export function makeContext(ir: IRBuilder, node: string, weights: readonly WeightSpec[], keepOnnxOps = false): LowerContext {
  const made = new Map<string, IRValue>();
  const ctx: LowerContext = {
    ir,
    keepOnnxOps,
    emit: (op, src, shape, arg = {}, dtype = 'f32') => ir.emit(op, src, [BATCH, ...shape], arg, dtype),
    shapeOf: (x) => x.shape.slice(1),
    weight(name) {
      const existing = made.get(name);
      if (existing) return existing;
      const spec = weights.find((w) => w.name === name);
      if (!spec) throw new LowerError(node, `layer "${node}" asked for a weight "${name}" it does not declare`);
      const value = ir.emit('param', [], spec.shape, { name: `${node}/${name}`, init: spec.init, trainable: spec.trainable });
      made.set(name, value);
      return value;
    },
    activation(x, name) {
      const info = (ACTIVATIONS as Record<string, ActivationInfo>)[name];
      if (!info) throw new LowerError(node, `unknown activation "${name}"`);
      if (info.op === null) return x;
      return ir.emit(info.op, [x], x.shape, { ...(info.arg ?? {}) });
    },
  };
  return ctx;
}

export function lower(wiring: Wiring, shapes: Map<string, NodeShapes>, keepOnnxOps = false): IRGraph {
  const ir = new IRBuilder();
  const values = new Map<string, IRValue>();
  for (const id of wiring.order) {
    const node = wiring.nodes.get(id)!;
    const shaped = shapes.get(id)!;
    ir.origin = id;
    const ctx = makeContext(ir, id, shaped.weights, keepOnnxOps);
    const inputs = node.inputs.map((s) => values.get(s)!);
    const out = node.def!.lower(ctx, inputs, node.params);
    const expected: Shape = shaped.outputShape;
    const got = out.shape.slice(1);
    if (got.length !== expected.length || got.some((d, i) => d !== expected[i])) {
      throw new LowerError(id, `layer "${id}" lowered to shape [${got}] but its shape rule says [${expected}]`);
    }
    values.set(id, out);
  }
  for (const id of wiring.outputs) ir.markOutput(id, values.get(id)!);
  return ir.finish();
}
