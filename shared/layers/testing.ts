/**
 * Test helpers for layer files: parse parameters the way the compiler does,
 * then call a layer's shape rule and count its weights.
 */
import type { LayerDef, Shape } from './define';
import { parseParams } from './params';

export function check(layer: LayerDef, params: Record<string, unknown>, inputs: Shape[]) {
  const { values, issues } = parseParams(layer.params, params);
  if (issues.length) throw new Error(`bad params for ${layer.type}: ${issues.map((i) => i.message).join('; ')}`);
  const output = layer.inferShape(inputs, values);
  const weights = layer.weights?.(inputs, values) ?? [];
  const count = (trainable: boolean) => weights.filter((w) => w.trainable === trainable).reduce((n, w) => n + w.shape.reduce((a, d) => a * d, 1), 0);
  return { output, trainable: count(true), nonTrainable: count(false), total: count(true) + count(false), pytorch: layer.pytorchParams?.(inputs, values) };
}
