/**
 * The memory plan: liveness reuse in the arena (smaller than the sum of its
 * temps, and never two live temps in the same bytes), packing that lets the
 * optimizer run over params, grads and state slots as flat arrays, and
 * inference plans sharing the training plan's weights.
 */
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../plan/build-plan';
import type { Plan } from '../plan/types';
import { graph, irOf, trainingPlan, type NodeRow } from '../testing';
import { lifetimes, planMemory, sharedWeights, type MemoryPlan } from './memory';

const MLP: NodeRow[] = [['in', 'Input', { shape: [784] }], ['h1', 'Dense', { units: 128, activation: 'relu' }], ['h2', 'Dense', { units: 64, activation: 'tanh' }], ['out', 'Dense', { units: 10 }]];
const RESIDUAL: { nodes: NodeRow[]; edges: [string, string, string?][] } = {
  nodes: [['in', 'Input', { shape: [6] }], ['a', 'Dense', { units: 6, activation: 'tanh' }], ['m', 'Add'], ['g', 'Activation', { activation: 'gelu' }], ['out', 'Dense', { units: 3 }]],
  edges: [['in', 'a'], ['a', 'm', 'in0'], ['in', 'm', 'in1'], ['m', 'g'], ['g', 'out']],
};

const PLANS: [string, () => Plan][] = [
  ['MLP, Adam', () => trainingPlan(graph(MLP), 'sparse_categorical_crossentropy', 32, true, { type: 'adam', learningRate: 1e-3 })],
  ['MLP, SGD', () => trainingPlan(graph(MLP), 'categorical_crossentropy', 7, false, { type: 'sgd', learningRate: 0.1 })],
  ['residual, RMSprop', () => trainingPlan(graph(RESIDUAL.nodes, RESIDUAL.edges), 'mean_squared_error', 5, false, { type: 'rmsprop', learningRate: 0.01 })],
  ['MLP inference', () => buildPlan(irOf(graph(MLP)), { batch: 16 })],
];

/** Every pair of arena tensors that some step sees live together must not overlap. */
function clashes(plan: Plan, memory: MemoryPlan): string[] {
  const live = [...memory.lifetimes];
  const found: string[] = [];
  for (let i = 0; i < live.length; i++) {
    for (let j = i + 1; j < live.length; j++) {
      const [a, la] = live[i]!;
      const [b, lb] = live[j]!;
      if (la.first > lb.last || lb.first > la.last) continue;
      const pa = memory.placements[a]!;
      const pb = memory.placements[b]!;
      if (pa.offset < pb.offset + pb.bytes && pb.offset < pa.offset + pa.bytes) found.push(`${plan.tensors[a]!.name} and ${plan.tensors[b]!.name}`);
    }
  }
  return found;
}

describe('planMemory', () => {
  it.each(PLANS)('%s: live temps never share bytes; offsets aligned', (_name, make) => {
    const plan = make();
    for (const alignment of [16, 256]) {
      const memory = planMemory(plan, alignment);
      expect(clashes(plan, memory)).toEqual([]);
      for (const p of memory.placements) {
        expect(p.offset % alignment).toBe(0);
        expect(p.bytes % alignment).toBe(0);
      }
      for (const t of plan.tensors) if (t.viewOf !== undefined) expect(memory.placements[t.id]).toBe(memory.placements[t.viewOf]);
    }
  });

  it('reuses arena memory by liveness: an MLP needs far less than the sum of its temps', () => {
    const plan = PLANS[0]![1]();
    const memory = planMemory(plan, 16);
    expect(memory.pools.arena).toBeLessThan(memory.unsharedArenaBytes);
    // At most the largest few temps are live at once: the forward activations kept for backward, and a gradient pair.
    expect(memory.pools.arena).toBeLessThan(0.75 * memory.unsharedArenaBytes);
  });

  it('extends a temp through its views', () => {
    const plan = trainingPlan(graph([['in', 'Input', { shape: [2, 3] }], ['f', 'Flatten'], ['out', 'Dense', { units: 2 }]]), 'mean_squared_error', 4);
    const live = lifetimes(plan);
    for (const t of plan.tensors) {
      if (t.viewOf === undefined || plan.tensors[t.viewOf]!.role !== 'temp') continue;
      const uses = plan.steps.flatMap((s, i) => (s.inputs.includes(t.id) || s.outputs.includes(t.id) ? [i] : []));
      for (const u of uses) {
        expect(live.get(t.viewOf)!.first).toBeLessThanOrEqual(u);
        expect(live.get(t.viewOf)!.last).toBeGreaterThanOrEqual(u);
      }
    }
  });

  it('packs params, grads and optimizer slots in one order, so the optimizer is one flat launch', () => {
    const plan = PLANS[0]![1]();
    const memory = planMemory(plan, 256);
    const pairs = plan.training!.params;
    const optimizer = plan.steps.find((s) => s.kernel === 'optimizer')!;
    let end = 0;
    pairs.forEach(({ param, grad }, i) => {
      const p = memory.placements[param]!;
      expect(p.pool).toBe('params');
      expect(p.offset).toBe(end); // contiguous, in packing order
      end += p.bytes;
      expect(memory.placements[grad]).toEqual({ ...p, pool: 'grads' });
      for (let s = 0; s < 2; s++) expect(memory.placements[optimizer.outputs[s * pairs.length + i]!]).toEqual({ pool: 'state', offset: s * memory.packedBytes + p.offset, bytes: p.bytes });
    });
    expect(memory.packedBytes).toBe(end);
    expect(memory.pools.state).toBe(2 * memory.packedBytes);
  });

  it('places an inference plan on the training plan’s weights, by name', () => {
    const training = PLANS[0]![1]();
    const inference = buildPlan(irOf(graph(MLP)), { batch: 100 });
    const trainMemory = planMemory(training, 16);
    const inferMemory = planMemory(inference, 16, { weights: sharedWeights(training, trainMemory), pools: trainMemory.pools, packedBytes: trainMemory.packedBytes });
    for (const t of inference.tensors.filter((x) => x.role === 'param' && x.viewOf === undefined)) {
      const twin = training.tensors.find((x) => x.name === t.name)!;
      expect(inferMemory.placements[t.id]).toEqual(trainMemory.placements[twin.id]);
    }
    // The output must survive to the end of the plan, when the host copies it out.
    expect(lifetimes(inference).get(inference.outputs[0]!)!.last).toBe(inference.steps.length);
  });
});
