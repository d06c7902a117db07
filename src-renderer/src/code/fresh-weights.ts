/**
 * Fresh weights for an export: exactly the numbers training would start from,
 * made by the engine's own planner and seeded initialisers, as
 * `netwright export` does without a checkpoint (src-main/cli/export.ts,
 * initialWeights). Runs in the export worker (export.worker.ts).
 *
 * The one place the renderer imports src-main: the engine's plan and
 * initialisers are plain TypeScript over typed arrays (design.md: the engine
 * "uses only the WebGPU API and typed arrays", and runs in a browser worker on
 * the desktop), so they bundle for the browser; re-implementing them here
 * would risk weights that differ from training's. The renderer's typecheck
 * guards this: it compiles these engine files with the DOM library and
 * without Node's types, so a Node import reaching them would fail it.
 */
import type { IRGraph } from '../../../shared/ir/graph';
// eslint-disable-next-line no-restricted-imports -- browser-safe engine code, see the header
import { initialValues } from '../../../src-main/engine/init';
// eslint-disable-next-line no-restricted-imports -- browser-safe engine code, see the header
import { buildPlan } from '../../../src-main/engine/plan/build-plan';

export function freshWeights(ir: IRGraph, seed = 0): Map<string, Float32Array> {
  const plan = buildPlan(ir, { batch: 1 });
  const initial = initialValues(plan, seed);
  const weights = new Map<string, Float32Array>();
  for (const t of plan.tensors) {
    if (t.role !== 'param' || t.viewOf !== undefined) continue;
    const data = initial.get(t.id);
    weights.set(t.name, data instanceof Float32Array ? data : new Float32Array(t.shape.reduce((n, d) => n * d, 1)));
  }
  return weights;
}
