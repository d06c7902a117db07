/**
 * Which weights an export carries: the newest of the document's own that
 * still fit the graph, fresh ones when none do (and the sentence says why),
 * the person's choice of fresh ones; and the weights of training runs kept
 * as the runs end.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../shared/compiler';
import { loadProjectObject, type Project } from '../../../shared/graph';
import type { RunWeights, TrainingEvent } from '../../../shared/ipc/services';
import { BUILTIN_XOR } from '../project/builtin-xor';
import { FakeTrainingService } from '../training/fake-service';
import { createTrainingStore } from '../training/store';
import { followTraining, startedOf } from './follow-training';
import { createModelWeightsStore, KEEP_PER_DOCUMENT, knownWeights, planWeights, weightsPhrase, type KnownWeights, type WeightsOrigin } from './model-weights';

const loaded = loadProjectObject(BUILTIN_XOR);
if (!loaded.ok) throw new Error('the built-in XOR must load');
const XOR: Project = loaded.project;

/** XOR with `units` hidden neurons. */
const withUnits = (units: number): Project => ({ ...XOR, nodes: XOR.nodes.map((n) => (n.id === 'hidden' ? { ...n, params: { ...n.params, units } } : n)) });

/** Weights that fit `project`, every value `fill`. */
function weightsFor(project: Project, fill: number): Map<string, Float32Array> {
  const ir = compile(project).ir!;
  return new Map(ir.nodes.filter((n) => n.op === 'param').map((n) => [String(n.arg['name']), new Float32Array(n.shape.reduce((a, d) => a * d, 1)).fill(fill)]));
}

// 14:32 local time, so the run's name reads the same wherever the test runs.
const STARTED = new Date(2025, 2, 1, 14, 32).getTime();
const run = (runId: string, epoch = 200, accuracy?: number): WeightsOrigin => ({ kind: 'run', runId, started: STARTED, epoch, ...(accuracy !== undefined ? { accuracy: { split: 'train', value: accuracy } } : {}) });
const entry = (documentKey: number, origin: WeightsOrigin, project: Project, fill: number): KnownWeights => knownWeights(documentKey, origin, weightsFor(project, fill), project);
const plan = (store: ReturnType<typeof createModelWeightsStore>, project: Project, documentKey = 1) => planWeights(store.getState(), documentKey, compile(project).ir!, 1);

describe('the weights an export carries', () => {
  it('are the newest that fit the graph: an older run after the graph went back', () => {
    const store = createModelWeightsStore();
    store.getState().add(entry(1, run('a', 200, 1), XOR, 1));
    expect(plan(store, XOR).carry?.origin).toMatchObject({ runId: 'a' });
    // Trained again with 16 hidden neurons; the newest run fits only that graph.
    store.getState().add(entry(1, run('b'), withUnits(16), 2));
    expect(plan(store, withUnits(16)).carry?.origin).toMatchObject({ runId: 'b' });
    // Back to 8 neurons (undo): run a fits again, run b does not.
    expect(plan(store, XOR).carry?.origin).toMatchObject({ runId: 'a' });
    expect(plan(store, XOR).carry?.weights.get('hidden/kernel')?.[0]).toBe(1);
  });

  it('are fresh when the graph changed since, and the sentence says what changed', () => {
    const store = createModelWeightsStore();
    store.getState().add(entry(1, run('a', 200, 1), XOR, 1));
    const p = plan(store, withUnits(16));
    expect(p.carry).toBeNull();
    expect(p.stale?.entry.origin).toMatchObject({ runId: 'a' });
    expect(weightsPhrase(p)).toBe('freshly initialised weights (seed 1): no trained run matches this graph (it changed since run 14:32: "hidden/kernel" has 16 values, the model now needs 32 ([2, 16]))');
  });

  it('belong to their own document only', () => {
    const store = createModelWeightsStore();
    store.getState().add(entry(1, run('a'), XOR, 1));
    const other = plan(store, XOR, 2);
    expect(other.carry).toBeNull();
    expect(weightsPhrase(other)).toBe('freshly initialised weights (seed 1): no trained run matches this graph');
  });

  it('are fresh when the person chooses so, until new weights arrive', () => {
    const store = createModelWeightsStore();
    store.getState().add(entry(1, run('a', 200, 1), XOR, 1));
    store.getState().setPreferFresh(true);
    const p = plan(store, XOR);
    expect(p.carry).toBeNull();
    expect(p.fitting?.origin).toMatchObject({ runId: 'a' });
    expect(weightsPhrase(p)).toBe('freshly initialised weights (seed 1), as chosen, rather than the weights trained in run 14:32 (epoch 200, accuracy 100%)');
    store.getState().add(entry(1, { kind: 'import', file: 'xor.onnx' }, XOR, 3));
    expect(weightsPhrase(plan(store, XOR))).toBe('the weights imported from xor.onnx');
  });

  it('name where they came from', () => {
    const store = createModelWeightsStore();
    store.getState().add(entry(1, { kind: 'run', runId: 'a', started: STARTED, epoch: 12, accuracy: { split: 'test', value: 0.9812 } }, XOR, 1));
    expect(weightsPhrase(plan(store, XOR))).toBe('the weights trained in run 14:32 (epoch 12, test accuracy 98.1%)');
    store.getState().add(entry(1, { kind: 'sidecar', file: 'xor.safetensors' }, XOR, 1));
    expect(weightsPhrase(plan(store, XOR))).toBe('the weights saved in xor.safetensors');
    store.getState().add(entry(1, { kind: 'import', file: 'big.onnx' }, withUnits(4), 1));
    expect(weightsPhrase(plan(store, withUnits(5)))).toBe('freshly initialised weights (seed 1): the weights imported from big.onnx no longer fit this graph ("hidden/kernel" has 8 values, the model now needs 10 ([2, 5]))');
  });

  it('keep a few per document, and a resumed run replaces its earlier weights', () => {
    const store = createModelWeightsStore();
    for (let i = 0; i < KEEP_PER_DOCUMENT + 2; i++) store.getState().add(entry(1, run(`r${i}`), XOR, i));
    store.getState().add(entry(2, run('other'), XOR, 9));
    expect(store.getState().known.filter((k) => k.documentKey === 1)).toHaveLength(KEEP_PER_DOCUMENT);
    store.getState().add(entry(1, run('r3', 300), XOR, 7));
    const runs = store.getState().known.map((k) => (k.origin.kind === 'run' ? k.origin.runId : ''));
    expect(runs.filter((r) => r === 'r3')).toHaveLength(1);
    expect(plan(store, XOR).carry?.origin).toMatchObject({ runId: 'r3', epoch: 300 });
  });
});

describe('training runs', () => {
  const START: TrainingEvent = { event: 'start', backend: 'reference', adapter: 'CPU', epochs: 2, stepsPerEpoch: 1, batchSize: 4, params: 33 };
  const done = (reason: 'completed' | 'stopped'): TrainingEvent => ({ event: 'done', backend: 'reference', adapter: 'CPU', reason, epochs: 2, weights: 'w', train: { loss: 0.1, accuracy: 0.75 } });

  function setup(documentKey = 5) {
    const service = new FakeTrainingService();
    const training = createTrainingStore(service);
    const weights = createModelWeightsStore();
    const follower = followTraining(training, service, weights, () => documentKey, () => STARTED);
    return { service, training, weights, follower };
  }

  it('keep a finished run’s weights for the document it trained, named by its start, epoch and accuracy', async () => {
    const { service, training, weights, follower } = setup();
    const trained: RunWeights = { runId: 'run-1', project: XOR, epoch: 2, weights: weightsFor(XOR, 0.5) };
    service.runWeights = trained;
    await training.getState().start(XOR);
    service.emit('run-1', START);
    expect(service.calls).not.toContain('weights run-1');
    service.emit('run-1', done('completed'));
    await follower.settled();
    expect(service.calls).toContain('weights run-1');
    const [kept] = weights.getState().known;
    expect(kept).toMatchObject({ documentKey: 5, origin: { kind: 'run', runId: 'run-1', started: STARTED, epoch: 2, accuracy: { split: 'train', value: 0.75 } } });
    expect(kept!.weights).toBe(trained.weights);
    expect(weightsPhrase(planWeights(weights.getState(), 5, compile(XOR).ir!, 1))).toBe('the weights trained in run 14:32 (epoch 2, accuracy 75%)');
  });

  it('keep nothing for a run stopped before its first checkpoint', async () => {
    const { service, training, weights, follower } = setup();
    await training.getState().start(XOR);
    service.emit('run-1', START);
    service.emit('run-1', done('stopped'));
    await follower.settled();
    expect(service.calls).toContain('weights run-1');
    expect(weights.getState().known).toEqual([]);
  });

  it('read a run’s start from its id', () => {
    expect(startedOf('2025-03-01T14-32-05-123Z-xor-why')).toBe(Date.UTC(2025, 2, 1, 14, 32, 5, 123));
    expect(startedOf('run-1')).toBeUndefined();
  });
});
