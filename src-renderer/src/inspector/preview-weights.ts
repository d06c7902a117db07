/**
 * The weights the layer preview runs with: those the open document's exports
 * carry (code/use-model-weights.ts: a trained run's, or imported ones, that
 * fit the graph), else the fresh ones an export would carry, made by
 * fresh-weights-client.ts. Pure: what names them, what keys them, which of
 * them the probe needs.
 */
import { compile } from '../../../shared/compiler';
import { paramShapes } from '../../../shared/export/weights-fit';
import type { Project } from '../../../shared/graph';
import type { IRGraph } from '../../../shared/ir/graph';
import { originLabel, type WeightsPlan } from '../code/model-weights';

export type Weights = ReadonlyMap<string, Float32Array>;

/** What fresh weights depend on: the seed, and each weight's name and shape, in the graph's order (initialisers draw in it). */
export function freshWeightsKey(ir: IRGraph, seed: number): string {
  return JSON.stringify([seed, [...paramShapes(ir)]]);
}

/**
 * The graph fresh weights are made for: the whole model as exports compile
 * it (`whole`), so the preview shows what an export would carry. When the
 * model has a problem elsewhere (a layer after this one being edited), the
 * part feeding the layer, so the preview keeps working meanwhile. Throws,
 * saying why, when that part has a problem too.
 */
export function freshGraph(whole: IRGraph | null, project: Pick<Project, 'nodes' | 'edges'>, feeding: ReadonlySet<string>, layer: string): IRGraph {
  if (whole) return whole;
  const part = compile({ nodes: project.nodes.filter((n) => feeding.has(n.id)), edges: project.edges.filter((e) => feeding.has(e.target)), outputs: [layer] });
  if (part.ir) return part.ir;
  throw new Error(`the model has a problem to fix first: ${part.errors[0]?.message ?? 'it does not compile'}`);
}

/** Only the weights of the layers feeding the previewed one: the rest would be copied to the probe's worker for nothing. */
export function weightsOf(weights: Weights, feeding: ReadonlySet<string>): Map<string, Float32Array> {
  // Weights are named "<layer id>/<weight>"; a layer id may itself hold a "/", so prefixes are compared.
  const prefixes = [...feeding].map((id) => `${id}/`);
  return new Map([...weights].filter(([name]) => prefixes.some((p) => name.startsWith(p))));
}

/** Which weights the preview runs with, in a few words: "trained weights (run 14:32, epoch 200)", "fresh weights (seed 1)". */
export function weightsLabel(plan: Pick<WeightsPlan, 'carry' | 'seed'>): string {
  return plan.carry ? originLabel(plan.carry.origin) : `fresh weights (seed ${plan.seed})`;
}
