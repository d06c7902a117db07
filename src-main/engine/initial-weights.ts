/**
 * A model's freshly initialised weights by IR parameter name, exactly as the
 * engine starts training from them (same initialisers, same seeded order).
 * Exports use these when there is no trained checkpoint. Plain TypeScript over
 * typed arrays, so the renderer can call it too.
 */
import type { IRGraph } from '../../shared/ir/graph';
import type { Initializer } from '../../shared/layers/define';
import { initialise, initialValues } from './init';
import { buildPlan } from './plan/build-plan';
import { Random } from './random';

export function initialWeights(ir: IRGraph, seed = 0): Map<string, Float32Array> {
  if (ir.nodes.some((n) => n.op === 'onnx')) {
    // IR that keeps ONNX ops as they are (for export) has no plan: draw each weight from its initialiser, in order, as a plan does.
    const rng = new Random(seed);
    return new Map(ir.nodes.filter((n) => n.op === 'param').map((n) => [String(n.arg['name']), initialise(n.arg['init'] as Initializer, n.shape, rng)]));
  }
  const plan = buildPlan(ir, { batch: 1 });
  const initial = initialValues(plan, seed);
  const weights = new Map<string, Float32Array>();
  for (const t of plan.tensors) {
    if (t.role !== 'param' || t.viewOf !== undefined) continue;
    const data = initial.get(t.id);
    weights.set(t.name, data instanceof Float32Array ? Float32Array.from(data) : new Float32Array(t.shape.reduce((n, d) => n * d, 1)));
  }
  return weights;
}
