/**
 * Fresh weights for the layer preview, made in the probe worker
 * (compute/probe.ts) and kept for the last graph, keyed on its
 * weights' names and shapes and the seed: an edit that changes no weight (an
 * activation, a pool size, a dropout rate) reuses them.
 */
import type { Project } from '../../../shared/graph';
import { exportGraph } from '../code/use-model-weights';
import { freshWeightsInWorker } from '../compute/probe';
import { freshGraph, freshWeightsKey, type Weights } from './preview-weights';

let kept: { readonly key: string; readonly weights: Promise<Weights> } | null = null;

/** Fresh weights (seed `seed`) for a model whose layer `layer` is previewed; throws, saying why, when the layers feeding it do not compile. */
export function freshWeightsFor(project: Project, feeding: ReadonlySet<string>, layer: string, seed: number): Promise<Weights> {
  const ir = freshGraph(exportGraph(project), project, feeding, layer);
  const key = freshWeightsKey(ir, seed);
  if (kept?.key !== key) {
    const weights: Promise<Weights> = freshWeightsInWorker(ir, seed);
    kept = { key, weights };
    // A failure is not kept: the next edit asks again.
    weights.catch(() => {
      if (kept?.weights === weights) kept = null;
    });
  }
  return kept.weights;
}
