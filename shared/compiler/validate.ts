/**
 * Pass 1, validate: the structure of the graph, before any shape is known.
 * Unknown types, bad parameters, loops, missing or surplus inputs, and layers
 * that lead nowhere. Builds the `Wiring` the later passes walk.
 */
import type { Project } from '../graph/schema';
import { integrityErrors } from '../graph/load';
import { getLayer, LAYER_TYPES, parseParams, type LayerDef } from '../layers';
import type { ParamValues, ParamSpecs } from '../layers/params';
import { graphError, type GraphError } from './catalogue';

export interface WiredNode {
  readonly id: string;
  readonly type: string;
  readonly def: LayerDef | undefined;
  /** Parameters checked against the layer's specs, defaults filled in. */
  readonly params: ParamValues<ParamSpecs>;
  /** Source node ids, in input-slot order. */
  readonly inputs: string[];
  readonly consumers: string[];
}

export interface Wiring {
  readonly nodes: Map<string, WiredNode>;
  /** Node ids in topological order; nodes in loops are left out. */
  readonly order: string[];
  readonly outputs: string[];
}

function closest(name: string, options: readonly string[]): string | undefined {
  const lower = name.toLowerCase().replace(/[_\s-]/g, '');
  return options.find((o) => o.toLowerCase() === lower) ?? options.find((o) => o.toLowerCase().startsWith(lower.slice(0, 4)));
}

export function validate(project: Pick<Project, 'nodes' | 'edges' | 'outputs'>): { wiring: Wiring; errors: GraphError[] } {
  const errors = integrityErrors(project);
  const nodes = new Map<string, WiredNode>();

  for (const n of project.nodes) {
    if (nodes.has(n.id)) continue; // duplicate id: reported by integrityErrors
    const def = getLayer(n.type);
    let params: ParamValues<ParamSpecs> = {};
    if (!def) {
      const guess = closest(n.type, LAYER_TYPES);
      errors.push(graphError('NW010', `"${n.type}" is not a layer type Netwright knows.`, { node: n.id, fix: guess ? `Did you mean "${guess}"? Otherwise replace it with a layer from the palette.` : undefined }));
    } else {
      const { values, issues } = parseParams(def.params, n.params);
      params = values;
      for (const issue of issues) errors.push(graphError(issue.unknown ? 'NW012' : 'NW011', `${n.type} "${n.id}": ${issue.message}`, { node: n.id, param: issue.param, fix: issue.fix }));
    }
    nodes.set(n.id, { id: n.id, type: n.type, def, params, inputs: [], consumers: [] });
  }

  wire(project, nodes, errors);
  const order = topologicalOrder(nodes, errors);
  checkArity(nodes, errors);
  const outputs = findOutputs(project, nodes, errors);
  return { wiring: { nodes, order, outputs }, errors };
}

/** Orders each node's inputs: by targetHandle slot where given, else in file order. */
function wire(project: Pick<Project, 'edges'>, nodes: Map<string, WiredNode>, errors: GraphError[]): void {
  const slots = new Map<string, (string | undefined)[]>();
  const unslotted = new Map<string, string[]>();
  for (const e of project.edges) {
    const source = nodes.get(e.source);
    const target = nodes.get(e.target);
    if (!source || !target) continue; // reported by integrityErrors
    source.consumers.push(target.id);
    if (e.targetHandle === undefined) {
      unslotted.set(target.id, [...(unslotted.get(target.id) ?? []), source.id]);
      continue;
    }
    const slot = Number(e.targetHandle.slice(2));
    const max = target.def?.arity.max ?? Infinity;
    const taken = slots.get(target.id) ?? [];
    if (slot >= max) {
      errors.push(graphError('NW027', `Connection "${e.id}" goes into slot ${e.targetHandle} of "${target.id}", but ${target.type} has ${max === 1 ? 'one input' : `${max} inputs`} (in0${max > 1 ? `…in${max - 1}` : ''}).`, { node: target.id, edge: e.id }));
      continue;
    }
    if (taken[slot] !== undefined) {
      errors.push(graphError('NW027', `Two connections go into slot ${e.targetHandle} of "${target.id}".`, { node: target.id, edge: e.id }));
      continue;
    }
    taken[slot] = source.id;
    slots.set(target.id, taken);
  }
  for (const node of nodes.values()) {
    const slotted = slots.get(node.id) ?? [];
    const rest = [...(unslotted.get(node.id) ?? [])];
    // Unslotted inputs fill the free slots in file order.
    for (let i = 0; i < slotted.length; i++) if (slotted[i] === undefined && rest.length) slotted[i] = rest.shift();
    const ordered = [...slotted, ...rest];
    if (ordered.some((s) => s === undefined)) {
      const gap = ordered.findIndex((s) => s === undefined);
      errors.push(graphError('NW027', `Input slot in${gap} of "${node.id}" is empty while a later slot is used.`, { node: node.id }));
    }
    node.inputs.push(...(ordered.filter((s) => s !== undefined) as string[]));
  }
}

/** Kahn's algorithm; whatever is left over sits on or after a loop. */
function topologicalOrder(nodes: Map<string, WiredNode>, errors: GraphError[]): string[] {
  const indegree = new Map<string, number>();
  for (const n of nodes.values()) indegree.set(n.id, n.inputs.length);
  const ready = [...nodes.values()].filter((n) => n.inputs.length === 0).map((n) => n.id);
  const order: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const c of nodes.get(id)!.consumers) {
      const d = indegree.get(c)! - 1;
      indegree.set(c, d);
      if (d === 0) ready.push(c);
    }
  }
  if (order.length < nodes.size) {
    const done = new Set(order);
    const cycle = findCycle(nodes, done);
    for (const id of cycle) {
      errors.push(graphError('NW014', `"${id}" is part of a loop: ${[...cycle, cycle[0]].join(' → ')}.`, { node: id }));
    }
  }
  return order;
}

function findCycle(nodes: Map<string, WiredNode>, done: Set<string>): string[] {
  // Walk backwards through unfinished inputs: every such node has one, so the walk must revisit a node.
  let id = [...nodes.keys()].find((k) => !done.has(k))!;
  const seen = new Map<string, number>();
  const path: string[] = [];
  while (!seen.has(id)) {
    seen.set(id, path.length);
    path.push(id);
    id = nodes.get(id)!.inputs.find((s) => !done.has(s))!;
  }
  return path.slice(seen.get(id)!).reverse();
}

function checkArity(nodes: Map<string, WiredNode>, errors: GraphError[]): void {
  for (const n of nodes.values()) {
    if (!n.def) continue;
    const { min, max } = n.def.arity;
    const count = n.inputs.length;
    if (max === 0 && count > 0) errors.push(graphError('NW018', `"${n.id}" is an Input layer, but ${count === 1 ? `"${n.inputs[0]}" is` : `${count} layers are`} connected into it.`, { node: n.id }));
    else if (count === 0 && min > 0) errors.push(graphError('NW015', `${n.type} "${n.id}" has nothing connected to its input.`, { node: n.id }));
    else if (count > max) errors.push(graphError('NW016', `${n.type} "${n.id}" takes ${max === 1 ? 'one input' : `at most ${max} inputs`}, but ${count} are connected.`, { node: n.id }));
    else if (count < min) errors.push(graphError('NW017', `${n.type} "${n.id}" needs at least ${min} inputs, but ${count === 1 ? 'only one is' : `${count} are`} connected.`, { node: n.id }));
  }
  const inputs = [...nodes.values()].filter((n) => n.type === 'Input');
  if (inputs.length === 0) errors.push(graphError('NW013', 'The model has no Input layer, so there is nowhere for data to enter.'));
  for (const n of inputs) {
    if (n.consumers.length === 0) errors.push(graphError('NW031', `Input "${n.id}" is not connected to any layer.`, { node: n.id }));
  }
}

function findOutputs(project: Pick<Project, 'outputs'>, nodes: Map<string, WiredNode>, errors: GraphError[]): string[] {
  const declared = project.outputs?.filter((id) => nodes.has(id));
  for (const id of project.outputs ?? []) {
    if (!nodes.has(id)) errors.push(graphError('NW005', `The outputs list names a layer "${id}" that does not exist.`, { path: 'outputs', fix: `Remove "${id}" from "outputs".` }));
  }
  const outputs = declared?.length ? declared : [...nodes.values()].filter((n) => n.consumers.length === 0 && n.type !== 'Input').map((n) => n.id);
  if (!declared?.length) {
    if (outputs.length > 1) {
      for (const id of outputs) errors.push(graphError('NW019', `The model has ${outputs.length} ends (${outputs.join(', ')}); each is treated as an output.`, { node: id, severity: 'warning', fix: 'If a layer was left unconnected by mistake, connect it onward or delete it. For a model with several outputs, list them in "outputs".' }));
    }
    return outputs;
  }
  // With declared outputs, any layer that cannot reach one of them is dead weight.
  const live = new Set<string>();
  const stack = [...outputs];
  while (stack.length) {
    const id = stack.pop()!;
    if (live.has(id)) continue;
    live.add(id);
    stack.push(...nodes.get(id)!.inputs);
  }
  for (const n of nodes.values()) {
    if (!live.has(n.id) && n.type !== 'Input') errors.push(graphError('NW019', `${n.type} "${n.id}" does not lead to any of the model's outputs (${outputs.join(', ')}).`, { node: n.id }));
  }
  return outputs;
}
