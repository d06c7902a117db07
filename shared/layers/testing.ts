/**
 * Test helpers for layer files: parse parameters the way the compiler does,
 * then call a layer's shape rule and count its weights.
 */
import { BATCH, IRBuilder, type IRGraph, type IRValue } from '../ir/graph';
import { ACTIVATIONS, type ActivationInfo } from './activations';
import type { LayerDef, LowerContext, Shape } from './define';
import { parseParams } from './params';

export function check(layer: LayerDef, params: Record<string, unknown>, inputs: Shape[]) {
  const { values, issues } = parseParams(layer.params, params);
  if (issues.length) throw new Error(`bad params for ${layer.type}: ${issues.map((i) => i.message).join('; ')}`);
  const output = layer.inferShape(inputs, values);
  const weights = layer.weights?.(inputs, values) ?? [];
  const count = (trainable: boolean) => weights.filter((w) => w.trainable === trainable).reduce((n, w) => n + w.shape.reduce((a, d) => a * d, 1), 0);
  return { output, trainable: count(true), nonTrainable: count(false), total: count(true) + count(false), pytorch: layer.pytorchParams?.(inputs, values) };
}

/**
 * Lowers one layer on its own, with an Input per incoming shape and a `param`
 * per weight, through a context that behaves as the compiler's does. The
 * layer's result is marked as the output, so the graph is ready for verify().
 */
export function lowerForTest(layer: LayerDef, params: Record<string, unknown>, inputShapes: Shape[]): IRGraph {
  const { values, issues } = parseParams(layer.params, params);
  if (issues.length) throw new Error(`bad params for ${layer.type}: ${issues.map((i) => i.message).join('; ')}`);
  const weights = layer.weights?.(inputShapes, values) ?? [];
  const ir = new IRBuilder();
  ir.origin = layer.type;
  const made = new Map<string, IRValue>();
  const ctx: LowerContext = {
    ir,
    emit: (op, src, shape, arg = {}, dtype = 'f32') => ir.emit(op, src, [BATCH, ...shape], arg, dtype),
    shapeOf: (x) => x.shape.slice(1),
    weight(name) {
      const spec = weights.find((w) => w.name === name);
      if (!spec) throw new Error(`${layer.type} asked for a weight "${name}" it does not declare`);
      const value = made.get(name) ?? ir.emit('param', [], spec.shape, { name, init: spec.init, trainable: spec.trainable });
      made.set(name, value);
      return value;
    },
    activation(x, name) {
      const info = (ACTIVATIONS as Record<string, ActivationInfo>)[name];
      if (!info) throw new Error(`unknown activation "${name}"`);
      return info.op === null ? x : ir.emit(info.op, [x], x.shape, { ...(info.arg ?? {}) });
    },
  };
  const inputs = inputShapes.map((s, i) => ir.emit('input', [], [BATCH, ...s], { name: `in${i}` }));
  ir.markOutput('out', layer.lower(ctx, inputs, values));
  return ir.finish();
}
