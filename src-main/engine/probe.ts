/**
 * What chosen layers output for some samples, on the reference backend with
 * given weights: the app's views into a model (the neurons of a small
 * network over the plane, a layer's output on one sample). The model is
 * compiled with those layers as its outputs and run forward once, in
 * inference mode (dropout off, batch norm on its running statistics). Plain
 * TypeScript over typed arrays, so a browser worker runs it too.
 */
import { compile } from '../../shared/compiler';
import { feedingLayers } from '../../shared/graph/feeding';
import type { Project } from '../../shared/graph/schema';
import { buildPlan } from './plan/build-plan';
import { numel } from './plan/types';
import { ReferenceExecutor } from './reference/executor';

export class ProbeError extends Error {
  override readonly name = 'ProbeError';
}

export interface Probed {
  /** [count, ...the layer's output shape], flat. */
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/** The part of the graph the chosen layers depend on: the layers after them would be outputs that lead nowhere. */
function upTo(project: Pick<Project, 'nodes' | 'edges'>, layers: readonly string[]): Pick<Project, 'nodes' | 'edges'> {
  const needed = feedingLayers(project, layers);
  return { nodes: project.nodes.filter((n) => needed.has(n.id)), edges: project.edges.filter((e) => needed.has(e.target)) };
}

/**
 * Runs `x` ([count, ...input shape], flat) through `project`'s model and
 * returns each of `layers`' outputs by layer id. `weights` by IR name (fresh,
 * trained or imported ones); running statistics missing from them keep their
 * initial values.
 */
export function probeLayers(project: Pick<Project, 'nodes' | 'edges'>, layers: readonly string[], weights: ReadonlyMap<string, Float32Array>, x: { readonly data: Float32Array; readonly shape: readonly number[] }): Map<string, Probed> {
  if (layers.length === 0) return new Map();
  const result = compile({ ...upTo(project, layers), outputs: [...layers] });
  if (!result.ir) throw new ProbeError(`the model has a problem to fix first: ${result.errors[0]?.message ?? 'it does not compile'}`);
  if (result.ir.inputs.length !== 1) throw new ProbeError('only models with one input can be probed.');
  const count = x.shape[0] ?? 0;
  const plan = buildPlan(result.ir, { batch: Math.max(1, count) });
  const executor = new ReferenceExecutor(plan);
  for (const t of plan.tensors) {
    if (t.viewOf !== undefined || (t.role !== 'param' && t.role !== 'state')) continue;
    const given = weights.get(t.name);
    if (!given) {
      if (t.role === 'param') throw new ProbeError(`there is no value for the weight "${t.name}".`);
      continue;
    }
    if (given.length !== numel(t.shape)) throw new ProbeError(`the weight "${t.name}" has ${given.length} values, but the model needs ${numel(t.shape)} ([${t.shape.join(', ')}]).`);
    executor.write(t.id, given);
  }
  const input = plan.tensors[plan.inputs[0]!]!;
  if (x.data.length !== numel(input.shape)) throw new ProbeError(`the samples must have ${numel(input.shape.slice(1))} values each ([${input.shape.slice(1).join(', ')}]).`);
  executor.write(input.id, input.dtype === 'i32' ? Int32Array.from(x.data, Math.round) : x.data);
  executor.run({ update: false });
  const probed = new Map<string, Probed>();
  result.ir.outputs.forEach((output, i) => {
    const tensor = plan.tensors[plan.outputs[i]!]!;
    const layer = result.ir!.nodes[output.node]!.origin;
    probed.set(layer, { data: Float32Array.from(executor.read(tensor.id)), shape: [count, ...tensor.shape.slice(1)] });
  });
  return probed;
}
