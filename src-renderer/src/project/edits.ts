/**
 * Every change the editor makes to a project document, as pure functions from
 * one immutable Project to the next. The store (store.ts) records each result
 * for undo; the functions themselves know nothing of history, React or the
 * canvas, so they are tested directly. An edit that does not apply (a loop, a
 * missing node) returns the project it was given, unchanged, so callers can
 * tell "nothing happened" by identity.
 */
import type { Project, ProjectEdge, ProjectNode } from '../../../shared/graph';
import type { DatasetRef, TrainingConfig } from '../../../shared/graph/schema';
import { getLayer } from '../../../shared/layers';
import { baseId, edgeId, freshId } from './ids';
import { assignTargetHandles } from './slots';

export interface XY {
  readonly x: number;
  readonly y: number;
}

/** Vertical distance between a layer and the next one, as placed by edits. */
export const LAYER_SPACING = 120;

/** Layers and the connections among them, as copied to the clipboard. */
export interface Clip {
  readonly nodes: readonly ProjectNode[];
  readonly edges: readonly ProjectEdge[];
}

export interface Connection {
  readonly source: string;
  readonly target: string;
  /** in0, in1, …; for a one-input layer it may be left out. */
  readonly targetHandle?: string | null;
}

const nodeIds = (p: Pick<Project, 'nodes'>) => new Set(p.nodes.map((n) => n.id));
const edgeIds = (p: Pick<Project, 'edges'>) => new Set(p.edges.map((e) => e.id));

function takesManyInputs(type: string): boolean {
  return (getLayer(type)?.arity.max ?? 1) > 1;
}

export function addNode(project: Project, type: string, position: XY, params: Record<string, unknown> = {}): { project: Project; id: string } {
  const id = freshId(baseId(type), nodeIds(project));
  const node: ProjectNode = { id, type, params, position: { x: Math.round(position.x), y: Math.round(position.y) } };
  return { project: { ...project, nodes: [...project.nodes, node] }, id };
}

/** True when data can already flow from `from` to `to`, so an edge to → from would close a loop. */
export function reaches(project: Pick<Project, 'edges'>, from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const e of project.edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return false;
}

/** Whether the editor lets this connection be drawn: no loops, nothing into an Input, no duplicates. */
export function canConnect(project: Project, c: Connection): boolean {
  if (c.source === c.target) return false;
  const target = project.nodes.find((n) => n.id === c.target);
  if (!target || !project.nodes.some((n) => n.id === c.source)) return false;
  if (getLayer(target.type)?.arity.max === 0) return false;
  if (reaches(project, c.target, c.source)) return false;
  if (!takesManyInputs(target.type)) return !project.edges.some((e) => e.source === c.source && e.target === c.target);
  return true;
}

/**
 * Connects `source` to an input of `target`. A one-input layer gets this
 * connection instead of any it had; on a merge layer the connection takes the
 * given slot (replacing whatever was there) or the first free one. Slots on a
 * merge layer are written out, so the canvas and the compiler agree on them.
 */
export function connect(project: Project, c: Connection): Project {
  if (!canConnect(project, c)) return project;
  const target = project.nodes.find((n) => n.id === c.target)!;
  let edges: ProjectEdge[];
  let handle: string | undefined;
  if (!takesManyInputs(target.type)) {
    edges = project.edges.filter((e) => e.target !== c.target);
  } else {
    const slots = assignTargetHandles(project);
    // Pin the slots the target's inputs already occupy, then place the new one.
    edges = project.edges.map((e) => (e.target === c.target && !e.targetHandle ? { ...e, targetHandle: slots.get(e.id)! } : e));
    const used = new Set(edges.filter((e) => e.target === c.target).map((e) => e.targetHandle!));
    handle = c.targetHandle ?? undefined;
    if (!handle) {
      let slot = 0;
      while (used.has(`in${slot}`)) slot++;
      handle = `in${slot}`;
    }
    edges = edges.filter((e) => !(e.target === c.target && (e.targetHandle === handle || e.source === c.source)));
  }
  const id = edgeId(c.source, c.target, edgeIds({ edges }));
  return { ...project, edges: [...edges, { id, source: c.source, target: c.target, ...(handle ? { targetHandle: handle } : {}) }] };
}

/** Removes layers (with their connections) and connections. */
export function removeElements(project: Project, nodes: Iterable<string>, edges: Iterable<string> = []): Project {
  const goneNodes = new Set(nodes);
  const goneEdges = new Set(edges);
  if (![...goneNodes].some((id) => project.nodes.some((n) => n.id === id)) && ![...goneEdges].some((id) => project.edges.some((e) => e.id === id))) return project;
  const outputs = project.outputs?.filter((id) => !goneNodes.has(id));
  const next: Project = {
    ...project,
    nodes: project.nodes.filter((n) => !goneNodes.has(n.id)),
    edges: project.edges.filter((e) => !goneEdges.has(e.id) && !goneNodes.has(e.source) && !goneNodes.has(e.target)),
  };
  if (outputs?.length) next.outputs = outputs;
  else delete next.outputs;
  return next;
}

/** Sets one parameter; `undefined` removes it, so the layer's default applies again. */
export function setParam(project: Project, nodeId: string, name: string, value: unknown): Project {
  const node = project.nodes.find((n) => n.id === nodeId);
  if (!node) return project;
  if (value === undefined && !(name in node.params)) return project;
  if (value !== undefined && JSON.stringify(node.params[name]) === JSON.stringify(value)) return project;
  const params = { ...node.params };
  if (value === undefined) delete params[name];
  else params[name] = value;
  return { ...project, nodes: project.nodes.map((n) => (n.id === nodeId ? { ...n, params } : n)) };
}

export function moveNodes(project: Project, positions: ReadonlyMap<string, XY>): Project {
  let changed = false;
  const nodes = project.nodes.map((n) => {
    const p = positions.get(n.id);
    if (!p) return n;
    const position = { x: Math.round(p.x), y: Math.round(p.y) };
    if (n.position && n.position.x === position.x && n.position.y === position.y) return n;
    changed = true;
    return { ...n, position };
  });
  return changed ? { ...project, nodes } : project;
}

/** Every layer downstream of `id`, itself included. */
function downstream(project: Project, id: string): Set<string> {
  const found = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const n = stack.pop()!;
    if (found.has(n)) continue;
    found.add(n);
    for (const e of project.edges) if (e.source === n) stack.push(e.target);
  }
  return found;
}

/**
 * Puts a new layer on a connection: source → new → target, keeping the
 * target's slot. It goes one row below the source (at the given x, or
 * halfway across), and the layers downstream move down when there is no room.
 */
export function insertOnEdge(project: Project, onEdge: string, type: string, position?: XY): { project: Project; id: string | null } {
  const edge = project.edges.find((e) => e.id === onEdge);
  const def = getLayer(type);
  if (!edge || !def || def.arity.max === 0) return { project, id: null };
  const source = project.nodes.find((n) => n.id === edge.source)!;
  const target = project.nodes.find((n) => n.id === edge.target)!;
  const from = source.position ?? { x: 0, y: 0 };
  const to = target.position ?? { x: from.x, y: from.y + LAYER_SPACING };
  // Never above the row below the source, so the new layer cannot cover it.
  const below = from.y + LAYER_SPACING;
  const at = position ? { x: position.x, y: Math.max(position.y, below) } : { x: (from.x + to.x) / 2, y: below };
  const added = addNode(project, type, at);
  const id = added.id;
  let next = added.project;
  const slot = edge.targetHandle ?? assignTargetHandles(project).get(edge.id);
  const taken = edgeIds(next);
  const inbound: ProjectEdge = { id: edgeId(source.id, id, taken), source: source.id, target: id };
  taken.add(inbound.id);
  const outbound: ProjectEdge = { id: edgeId(id, target.id, taken), source: id, target: target.id, ...(edge.targetHandle || takesManyInputs(target.type) ? { targetHandle: slot! } : {}) };
  next = { ...next, edges: [...next.edges.filter((e) => e.id !== onEdge), inbound, outbound] };
  // Make room: the new layer needs a row of its own above the target.
  const room = to.y - at.y;
  if (room < LAYER_SPACING) {
    const shift = LAYER_SPACING - room;
    const below = downstream(next, target.id);
    next = { ...next, nodes: next.nodes.map((n) => (below.has(n.id) && n.position ? { ...n, position: { x: n.position.x, y: n.position.y + shift } } : n)) };
  }
  return { project: next, id };
}

/** The chosen layers and the connections among them. */
export function copyElements(project: Project, nodes: Iterable<string>): Clip {
  const chosen = new Set(nodes);
  return {
    nodes: project.nodes.filter((n) => chosen.has(n.id)),
    edges: project.edges.filter((e) => chosen.has(e.source) && chosen.has(e.target)),
  };
}

/**
 * Adds a copy of the clip, moved by `offset`, with fresh ids (dense → dense_1)
 * and its inner connections. Returns the new layers' ids in clip order.
 */
export function paste(project: Project, clip: Clip, offset: XY): { project: Project; ids: string[] } {
  if (clip.nodes.length === 0) return { project, ids: [] };
  const taken = nodeIds(project);
  const renamed = new Map<string, string>();
  for (const n of clip.nodes) {
    const id = freshId(n.id.replace(/_\d+$/, ''), taken);
    taken.add(id);
    renamed.set(n.id, id);
  }
  const nodes = clip.nodes.map((n): ProjectNode => {
    const position = n.position ?? { x: 0, y: 0 };
    return { ...n, id: renamed.get(n.id)!, params: structuredClone(n.params), position: { x: position.x + offset.x, y: position.y + offset.y } };
  });
  const takenEdges = edgeIds(project);
  const edges = clip.edges.map((e): ProjectEdge => {
    const source = renamed.get(e.source)!;
    const target = renamed.get(e.target)!;
    const id = edgeId(source, target, takenEdges);
    takenEdges.add(id);
    return { ...e, id, source, target };
  });
  return { project: { ...project, nodes: [...project.nodes, ...nodes], edges: [...project.edges, ...edges] }, ids: nodes.map((n) => n.id) };
}

/** Gives every layer without a position one, stacked in file order, so later edits can place layers relative to it. */
export function placeAll(project: Project, order: readonly string[]): Project {
  if (project.nodes.every((n) => n.position)) return project;
  const rank = new Map(order.map((id, i) => [id, i]));
  return {
    ...project,
    nodes: project.nodes.map((n, i) => (n.position ? n : { ...n, position: { x: 0, y: (rank.get(n.id) ?? i) * LAYER_SPACING } })),
  };
}

/** Replaces the training settings (the Train view's hyperparameter form); equal settings change nothing. */
export function setTraining(project: Project, training: TrainingConfig): Project {
  return JSON.stringify(project.training) === JSON.stringify(training) ? project : { ...project, training };
}

/** Chooses the data the model trains on (the Train view's dataset picker). */
export function setDataset(project: Project, dataset: DatasetRef): Project {
  return JSON.stringify(project.dataset) === JSON.stringify(dataset) ? project : { ...project, dataset };
}
