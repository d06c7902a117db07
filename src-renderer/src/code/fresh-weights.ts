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
import { initialWeights } from '../../../src-main/engine/initial-weights';

/** The engine's own fresh weights (src-main/engine/initial-weights.ts), the same the CLI exports. */
export function freshWeights(ir: IRGraph, seed = 0): Map<string, Float32Array> {
  return initialWeights(ir, seed);
}
