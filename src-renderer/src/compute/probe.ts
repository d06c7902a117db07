/**
 * The page's side of the probe worker (probe.worker.ts): what chosen layers
 * of a model output for some samples, with given weights, and a model's fresh
 * weights. One worker for the page, started on first use.
 */
import type { Project } from '../../../shared/graph';
import type { IRGraph } from '../../../shared/ir/graph';
import { RpcClient } from '../../../shared/ipc/rpc';
// A type only: the code runs in the worker.
import type { Probed } from '../../../src-main/engine/probe';

export type { Probed };

let client: RpcClient | null = null;

function worker(): RpcClient {
  client ??= new RpcClient(new Worker(new URL('./probe.worker.ts', import.meta.url), { type: 'module', name: 'netwright-probe' }));
  return client;
}

/** Each of `layers`' outputs for samples `x` ([count, ...input shape]); rejects with a ProbeError saying what does not fit. */
export function probeLayers(project: Pick<Project, 'nodes' | 'edges'>, layers: readonly string[], weights: ReadonlyMap<string, Float32Array>, x: { readonly data: Float32Array; readonly shape: readonly number[] }): Promise<Map<string, Probed>> {
  // Only what the probe reads crosses: not the project's training settings or notes.
  const model = { nodes: project.nodes, edges: project.edges };
  return worker().call('probeLayers', [model, layers, weights, x]) as Promise<Map<string, Probed>>;
}

/** The engine's fresh weights for `ir` (code/fresh-weights.ts), made in the worker. */
export function freshWeightsInWorker(ir: IRGraph, seed: number): Promise<Map<string, Float32Array>> {
  return worker().call('freshWeights', [ir, seed]) as Promise<Map<string, Float32Array>>;
}
