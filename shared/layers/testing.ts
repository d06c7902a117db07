/**
 * Test helpers for layer files: parse parameters the way the compiler does,
 * then call a layer's shape rule and count its weights.
 */
import { makeContext } from '../compiler/lower';
import { BATCH, IRBuilder, type IRGraph } from '../ir/graph';
import { ShapeRuleError, type LayerDef, type Shape } from './define';
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
 * per weight, through the compiler's own lowering context. The
 * layer's result is marked as the output, so the graph is ready for verify().
 */
export function lowerForTest(layer: LayerDef, params: Record<string, unknown>, inputShapes: Shape[]): IRGraph {
  const { values, issues } = parseParams(layer.params, params);
  if (issues.length) throw new Error(`bad params for ${layer.type}: ${issues.map((i) => i.message).join('; ')}`);
  const weights = layer.weights?.(inputShapes, values) ?? [];
  const ir = new IRBuilder();
  ir.origin = layer.type;
  const ctx = makeContext(ir, layer.type, weights);
  const inputs = inputShapes.map((s, i) => ir.emit('input', [], [BATCH, ...s], { name: `in${i}` }));
  ir.markOutput('out', layer.lower(ctx, inputs, values));
  return ir.finish();
}

/** The ShapeRuleError a call throws; fails the test if it succeeds or throws anything else. */
export function shapeRuleError(run: () => unknown): ShapeRuleError {
  try {
    run();
  } catch (e) {
    if (e instanceof ShapeRuleError) return e;
    throw e;
  }
  throw new Error('expected a ShapeRuleError, but the shape rule succeeded');
}
