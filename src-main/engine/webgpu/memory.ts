/**
 * The memory plan: where every tensor of a plan lives on the device.
 *
 * - params: every weight, trainable ones first in the plan's packing order,
 *   so the optimizer sees one contiguous run;
 * - grads: each trainable weight's gradient at the same offset as the weight;
 * - state: optimizer slot s of weight i at s·packedBytes + offset(i), so each
 *   slot mirrors the params too; other persistent state after the slots;
 * - io: the batch's inputs and targets, one slot each (the gather writes them);
 * - consts, metrics: small, written once;
 * - arena: every temporary, with offsets reused by liveness: two temps share
 *   memory only if no step touches both while both are live. A view (a
 *   reshape) shares its base's placement and extends its base's lifetime.
 *
 * Every offset and size is a multiple of the device's storage offset
 * alignment, so any tensor can be bound on its own.
 */
import { numel, type Plan, type TensorInfo } from '../plan/types';

export type Pool = 'params' | 'grads' | 'state' | 'io' | 'consts' | 'metrics' | 'arena';
export const POOLS: readonly Pool[] = ['params', 'grads', 'state', 'io', 'consts', 'metrics', 'arena'];

export interface Placement {
  readonly pool: Pool;
  readonly offset: number;
  readonly bytes: number;
}

export interface Lifetime {
  readonly first: number;
  readonly last: number;
}

export interface MemoryPlan {
  readonly alignment: number;
  /** By tensor id; a view has its base's placement. */
  readonly placements: readonly Placement[];
  /** Bytes each pool needs. */
  readonly pools: Readonly<Record<Pool, number>>;
  /** Bytes of the packed trainable prefix of params and grads, and of each optimizer state slot. */
  readonly packedBytes: number;
  /** Arena tensors' lifetimes (first and last step touching them), by tensor id. */
  readonly lifetimes: ReadonlyMap<number, Lifetime>;
  /** The sum of arena tensors' sizes, had none shared memory. */
  readonly unsharedArenaBytes: number;
}

/** Placements of params and state by name, so an inference plan can share a training plan's weights. */
export type SharedWeights = ReadonlyMap<string, Placement>;

export class MemoryPlanError extends Error {
  override readonly name = 'MemoryPlanError';
}

export const alignUp = (n: number, alignment: number) => Math.ceil(n / alignment) * alignment;
const bytesOf = (t: TensorInfo, alignment: number) => alignUp(Math.max(1, numel(t.shape)) * 4, alignment);

/** Which tensor's storage a tensor uses: itself, or the base of a view. */
export const rootOf = (plan: Plan, id: number) => plan.tensors[id]!.viewOf ?? id;

/** First and last step that touches each arena tensor (through any view). Model outputs of an inference plan live to the end. */
export function lifetimes(plan: Plan): Map<number, Lifetime> {
  const live = new Map<number, Lifetime>();
  const touch = (id: number, s: number) => {
    const root = rootOf(plan, id);
    if (plan.tensors[root]!.role !== 'temp') return;
    const l = live.get(root);
    live.set(root, l ? { first: Math.min(l.first, s), last: Math.max(l.last, s) } : { first: s, last: s });
  };
  plan.steps.forEach((step, s) => {
    for (const id of step.inputs) touch(id, s);
    for (const id of step.outputs) touch(id, s);
  });
  if (!plan.training) for (const id of plan.outputs) touch(id, plan.steps.length);
  return live;
}

/**
 * Places arena tensors: largest first, each at the lowest offset that no
 * placed tensor with an overlapping lifetime occupies.
 */
function placeArena(plan: Plan, live: Map<number, Lifetime>, alignment: number): { offsets: Map<number, number>; bytes: number } {
  const order = [...live.keys()].sort((a, b) => bytesOf(plan.tensors[b]!, alignment) - bytesOf(plan.tensors[a]!, alignment) || live.get(a)!.first - live.get(b)!.first);
  const placed: { id: number; offset: number; bytes: number; life: Lifetime }[] = [];
  const offsets = new Map<number, number>();
  let end = 0;
  for (const id of order) {
    const life = live.get(id)!;
    const bytes = bytesOf(plan.tensors[id]!, alignment);
    const clashes = placed.filter((p) => p.life.first <= life.last && life.first <= p.life.last).sort((a, b) => a.offset - b.offset);
    let offset = 0;
    for (const c of clashes) {
      if (offset + bytes <= c.offset) break;
      offset = Math.max(offset, c.offset + c.bytes);
    }
    placed.push({ id, offset, bytes, life });
    offsets.set(id, offset);
    end = Math.max(end, offset + bytes);
  }
  return { offsets, bytes: end };
}

/**
 * Plans a training or inference plan's memory. Pass `shared` (from a training
 * plan's `sharedWeights`) to place an inference plan's weights where the
 * training plan keeps them.
 */
export function planMemory(plan: Plan, alignment: number, shared?: { weights: SharedWeights; pools: Readonly<Record<Pool, number>>; packedBytes: number }): MemoryPlan {
  const placements: Placement[] = [];
  const ends: Record<Pool, number> = { params: 0, grads: 0, state: 0, io: 0, consts: 0, metrics: 0, arena: 0 };
  const append = (id: number, pool: Pool) => {
    const bytes = bytesOf(plan.tensors[id]!, alignment);
    placements[id] = { pool, offset: ends[pool], bytes };
    ends[pool] += bytes;
  };
  const roots = plan.tensors.filter((t) => t.viewOf === undefined);
  let packedBytes = 0;

  if (shared) {
    for (const t of roots) {
      if (t.role !== 'param' && t.role !== 'state') continue;
      const p = shared.weights.get(t.name);
      if (!p) throw new MemoryPlanError(`the weight "${t.name}" is not in the training plan`);
      if (p.bytes !== bytesOf(t, alignment)) throw new MemoryPlanError(`the weight "${t.name}" has shape [${t.shape}] here but a different size in the training plan`);
      placements[t.id] = p;
    }
    ends.params = shared.pools.params;
    ends.grads = shared.pools.grads;
    ends.state = shared.pools.state;
    packedBytes = shared.packedBytes;
  } else {
    const pairs = plan.training?.params ?? [];
    for (const { param } of pairs) append(param, 'params');
    packedBytes = ends.params;
    for (const { param, grad } of pairs) placements[grad] = { pool: 'grads', offset: placements[param]!.offset, bytes: placements[param]!.bytes };
    ends.grads = packedBytes;
    for (const t of roots) if (t.role === 'param' && !placements[t.id]) append(t.id, 'params');
    for (const t of roots) if (t.role === 'grad' && !placements[t.id]) append(t.id, 'grads');
    // Optimizer slots mirror the packed params; the optimizer step lists them slot-major.
    const opt = plan.steps.find((s) => s.kernel === 'optimizer');
    if (opt) {
      opt.outputs.forEach((id, k) => {
        const p = placements[pairs[k % pairs.length]!.param]!;
        placements[id] = { pool: 'state', offset: Math.floor(k / pairs.length) * packedBytes + p.offset, bytes: p.bytes };
      });
      ends.state = (opt.outputs.length / Math.max(1, pairs.length)) * packedBytes;
    }
    for (const t of roots) if (t.role === 'state' && !placements[t.id]) append(t.id, 'state');
  }

  for (const t of roots) {
    if (placements[t.id]) continue;
    if (t.role === 'input' || t.role === 'target') append(t.id, 'io');
    else if (t.role === 'const') append(t.id, 'consts');
    else if (t.role === 'metric') append(t.id, 'metrics');
  }

  const live = lifetimes(plan);
  const arena = placeArena(plan, live, alignment);
  let unsharedArenaBytes = 0;
  for (const t of roots) {
    if (placements[t.id]) continue;
    if (t.role !== 'temp') throw new MemoryPlanError(`tensor "${t.name}" has a role (${t.role}) the memory plan does not place`);
    const bytes = bytesOf(t, alignment);
    // A temp no step touches still gets a (shared) home, so every tensor has a placement.
    placements[t.id] = { pool: 'arena', offset: arena.offsets.get(t.id) ?? 0, bytes };
    unsharedArenaBytes += bytes;
  }
  ends.arena = arena.bytes;
  for (const t of plan.tensors) if (t.viewOf !== undefined) placements[t.id] = placements[t.viewOf]!;
  return { alignment, placements, pools: ends, packedBytes, lifetimes: live, unsharedArenaBytes };
}

/** Weights and state by name, for an inference plan to share. */
export function sharedWeights(plan: Plan, memory: MemoryPlan): SharedWeights {
  const byName = new Map<string, Placement>();
  for (const t of plan.tensors) if (t.viewOf === undefined && (t.role === 'param' || t.role === 'state')) byName.set(t.name, memory.placements[t.id]!);
  return byName;
}
