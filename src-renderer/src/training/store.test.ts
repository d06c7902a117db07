/**
 * The training store folds the session's events into what the Train view
 * shows: status, progress, epochs and the live curve; other runs' events are
 * ignored and events that beat start()'s answer are not lost.
 */
import { describe, expect, it } from 'vitest';
import { loadProjectObject, type Project } from '../../../shared/graph';
import { BUILTIN_XOR } from '../project/builtin-xor';
import type { TrainingEvent } from '../../../shared/ipc/services';
import { FakeTrainingService } from './fake-service';
import { appendLive, createTrainingStore, LIVE_LIMIT, type LivePoint } from './store';

const loaded = loadProjectObject(BUILTIN_XOR);
if (!loaded.ok) throw new Error('the built-in XOR must load');
const XOR: Project = loaded.project;

const START: TrainingEvent = { event: 'start', backend: 'webgpu', adapter: 'SwiftShader', epochs: 2, stepsPerEpoch: 2, batchSize: 2, params: 33 };
const progress = (epoch: number, step: number, loss: number): TrainingEvent => ({ event: 'progress', epoch, step, stepsPerEpoch: 2, loss, accuracy: 0.5, samplesPerSec: 100, etaSeconds: 1 });
const done = (reason: 'completed' | 'stopped', extra: object = {}): TrainingEvent => ({ event: 'done', backend: 'webgpu', adapter: 'x', reason, epochs: 2, weights: 'w', ...extra });
const epoch = (n: number, loss: number): TrainingEvent => ({ event: 'epoch', epoch: n, loss, accuracy: 0.75, samplesPerSec: 100, learningRate: 0.05, seconds: 0.1 });

function setup() {
  const service = new FakeTrainingService();
  const store = createTrainingStore(service);
  return { service, store, get: () => store.getState() };
}

describe('training store', () => {
  it('follows a run from start to done', async () => {
    const { service, get } = setup();
    await get().start(XOR);
    expect(get().status).toBe('starting');
    expect(get().runId).toBe('run-1');
    service.emit('run-1', START);
    expect(get().status).toBe('running');
    expect(get().info?.backend).toBe('webgpu');
    service.emit('run-1', progress(1, 1, 0.7));
    service.emit('run-1', progress(1, 2, 0.6));
    service.emit('run-1', epoch(1, 0.6));
    service.emit('run-1', progress(2, 1, 0.4));
    expect(get().live.map((p) => p.x)).toEqual([0.5, 1, 1.5]);
    expect(get().epochs.map((e) => e.epoch)).toEqual([1]);
    expect(get().progress?.step).toBe(1);
    service.emit('run-1', epoch(2, 0.3));
    service.emit('run-1', done('completed', { train: { loss: 0.3, accuracy: 1 } }));
    expect(get().status).toBe('done');
    expect(get().result?.train?.accuracy).toBe(1);
    expect(get().project).toBe(XOR);
  });

  it('leaves out progress reports that carry no samples yet', async () => {
    const { service, get } = setup();
    await get().start(XOR);
    service.emit('run-1', START);
    service.emit('run-1', { ...(progress(1, 1, 0) as object), accuracy: 0 } as TrainingEvent);
    expect(get().progress?.step).toBe(1);
    expect(get().live).toEqual([]);
  });

  it('ignores events from other runs', async () => {
    const { service, get } = setup();
    await get().start(XOR);
    service.emit('someone-else', START);
    expect(get().status).toBe('starting');
    expect(get().info).toBeNull();
  });

  it('keeps events that arrive before start() answers', async () => {
    const { service, get } = setup();
    let answer: (id: string) => void = () => {};
    service.startWith = () => new Promise((resolve) => (answer = resolve));
    const started = get().start(XOR);
    service.emit('run-x', START);
    service.emit('run-x', epoch(1, 0.5));
    answer('run-x');
    await started;
    expect(get().status).toBe('running');
    expect(get().epochs).toHaveLength(1);
  });

  it('reports a failure to start in words', async () => {
    const { service, get } = setup();
    service.startWith = () => Promise.reject({ name: 'TrainingError', message: 'The model has errors, so it cannot be trained yet.' });
    await get().start(XOR);
    expect(get().status).toBe('failed');
    expect(get().error).toBe('The model has errors, so it cannot be trained yet.');
  });

  it('reports an error event', async () => {
    const { service, get } = setup();
    await get().start(XOR);
    service.emit('run-1', START);
    service.emit('run-1', { event: 'error', name: 'TrainingError', message: 'The loss became NaN.' });
    expect(get().status).toBe('failed');
    expect(get().error).toBe('The loss became NaN.');
  });

  it('stops, then resumes from the checkpoint, redoing later epochs', async () => {
    const { service, get } = setup();
    await get().start(XOR);
    service.emit('run-1', START);
    service.emit('run-1', epoch(1, 0.6));
    service.emit('run-1', progress(2, 1, 0.5));
    await get().stop();
    expect(get().status).toBe('stopping');
    expect(service.calls).toContain('stop run-1');
    service.emit('run-1', epoch(2, 0.5));
    service.emit('run-1', done('stopped'));
    expect(get().status).toBe('stopped');

    await get().resume();
    expect(service.calls).toContain('resume run-1');
    expect(get().status).toBe('running');
    service.emit('run-1', { ...START, resumedFrom: 1 } as TrainingEvent);
    expect(get().epochs.map((e) => e.epoch)).toEqual([1]);
    expect(get().live).toEqual([]);
    expect(get().status).toBe('running');
  });

  it('trains a finished run on to a larger number of epochs, but not to the same', async () => {
    const { service, get } = setup();
    await get().start(XOR);
    service.emit('run-1', START);
    service.emit('run-1', epoch(1, 0.6));
    service.emit('run-1', epoch(2, 0.5));
    service.emit('run-1', done('completed'));
    await get().resume(2);
    expect(get().status).toBe('done');
    await get().resume(5);
    expect(service.calls).toContain('resume run-1 to 5');
    expect(get().status).toBe('running');
    service.emit('run-1', { ...START, epochs: 5, resumedFrom: 2 } as TrainingEvent);
    expect(get().epochs).toHaveLength(2);
  });

  it('does not start twice while a run is going', async () => {
    const { service, get } = setup();
    await get().start(XOR);
    service.emit('run-1', START);
    await get().start(XOR);
    expect(service.calls.filter((c) => c === 'start')).toHaveLength(1);
  });

  it('reset forgets a finished run but not a running one', async () => {
    const { service, get } = setup();
    await get().start(XOR);
    service.emit('run-1', START);
    get().reset();
    expect(get().status).toBe('running');
    service.emit('run-1', done('completed'));
    get().reset();
    expect(get().status).toBe('idle');
    expect(get().runId).toBeNull();
  });
});

describe('appendLive', () => {
  it('halves the list past the limit and keeps the newest point', () => {
    let live: LivePoint[] = [];
    for (let i = 1; i <= LIVE_LIMIT + 1; i++) live = appendLive(live, { x: i, loss: 1 / i, accuracy: 0 });
    expect(live.length).toBeLessThanOrEqual(LIVE_LIMIT / 2 + 1);
    expect(live.at(-1)!.x).toBe(LIVE_LIMIT + 1);
    expect(live.map((p) => p.x)).toEqual([...live.map((p) => p.x)].sort((a, b) => a - b));
  });
});
