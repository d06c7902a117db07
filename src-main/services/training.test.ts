/**
 * The TrainingService as the renderer uses it, with the engine behind a
 * message channel (a reference trainer served as the compute worker serves
 * it): a run's events in order, evaluate and predict on the trained model,
 * stop and resume, the run history, a model rebuilt from its checkpoint, and
 * errors that arrive as error events or rejections with a readable message.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProject, type Project } from '../../shared/graph';
import type { Port } from '../../shared/ipc/rpc';
import type { TrainingEvent, TrainOptions } from '../../shared/ipc/services';
import { serveTrainer } from '../../src-renderer/src/compute/trainer-server';
import { ReferenceTrainer } from '../engine/reference/trainer';
import { RemoteTrainer } from '../engine/remote/remote-trainer';
import { createTrainingService, type DisposableTrainingService, type OpenTrainer } from './training';

const XOR = (() => {
  const loaded = loadProject(readFileSync(new URL('../../resources/templates/xor.nwproj', import.meta.url), 'utf8'));
  if (!loaded.ok) throw new Error('xor.nwproj does not load');
  return loaded.project;
})();

const ports: MessagePort[] = [];
const services: DisposableTrainingService[] = [];
afterEach(() => {
  for (const s of services.splice(0)) s.dispose();
  for (const p of ports.splice(0)) p.close();
});

/** A compute worker in miniature: each trainer is a reference trainer at the end of its own MessageChannel. */
const openTrainer: OpenTrainer = (backend) => {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  serveTrainer(port2 as unknown as Port, async () => ({ trainer: new ReferenceTrainer(), reason: 'no WebGPU in this test' }));
  return RemoteTrainer.connect(port1 as unknown as Port, backend);
};

function service(runsDir = mkdtempSync(join(tmpdir(), 'nw-runs-'))) {
  const s = createTrainingService({ runsDir, workspace: tmpdir(), openTrainer });
  services.push(s);
  return s;
}

/** Resolves with a run's events once it has finished (done or error). */
function eventsOf(s: DisposableTrainingService, match: (runId: string) => boolean = () => true): Promise<TrainingEvent[]> {
  return new Promise((resolve) => {
    const events: TrainingEvent[] = [];
    const off = s.onEvent((runId, e) => {
      if (!match(runId)) return;
      events.push(e);
      if (e.event === 'done' || e.event === 'error') {
        off();
        resolve(events);
      }
    });
  });
}

const withEpochs = (project: Project, epochs: number): Project => ({ ...project, training: { ...project.training!, epochs } });

describe('TrainingService', () => {
  it('trains XOR to 100% through a remote trainer, with its events in order', async () => {
    const s = service();
    const finished = eventsOf(s);
    const runId = await s.start(XOR, { progressEvery: 1 });
    const events = await finished;
    expect(events[0]).toMatchObject({ event: 'start', backend: 'reference', adapter: 'CPU (reference)', epochs: 200, note: 'no WebGPU in this test' });
    expect(events.filter((e) => e.event === 'epoch')).toHaveLength(200);
    expect(events.filter((e) => e.event === 'progress')).toHaveLength(200);
    const done = events.at(-1)!;
    expect(done).toMatchObject({ event: 'done', reason: 'completed', epochs: 200 });
    expect(done.event === 'done' && done.train?.accuracy).toBe(1);
    const [summary] = await s.runs();
    expect(summary).toMatchObject({ runId, project: XOR.name, status: 'completed', backend: 'reference', epochs: 200, plannedEpochs: 200 });
    expect(summary!.history).toHaveLength(200);
    // With the project it trained, so the app can evaluate or resume it without another request.
    expect(summary!.trained).toMatchObject({ name: XOR.name, nodes: XOR.nodes });
  });

  it('evaluates and predicts with the trained model', async () => {
    const s = service();
    const finished = eventsOf(s);
    const runId = await s.start(XOR);
    await finished;
    const result = await s.evaluate(runId, 'train');
    expect(result.accuracy).toBe(1);
    expect([...result.labels]).toEqual([0, 1, 1, 0]);
    expect([...result.predicted!]).toEqual([0, 1, 1, 0]);
    expect(result.classes).toEqual(['0', '1']);
    expect(result.report!.confusion).toEqual([[2, 0], [0, 2]]);
    expect(result.outputShape).toEqual([1]);
    expect(result.inputs).toEqual({ data: Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1), shape: [4, 2] });
    const outputs = await s.predict(runId, { data: Float32Array.of(1, 0, 1, 1, 0, 0), shape: [3, 2] });
    expect([...outputs].map((p) => (p > 0.5 ? 1 : 0))).toEqual([1, 0, 0]);
    // The playground's inputs took the test slot; evaluating again still sees the dataset.
    expect((await s.evaluate(runId, 'train')).accuracy).toBe(1);
    await expect(s.evaluate(runId, 'test')).rejects.toMatchObject({ name: 'TrainingServiceError', message: expect.stringContaining('no test split') });
    await expect(s.predict(runId, { data: new Float32Array(3), shape: [1, 3] })).rejects.toMatchObject({ name: 'TrainingServiceError', message: expect.stringContaining('[2]') });
  });

  it('stops a run cleanly, then resumes it from its checkpoint to the end', async () => {
    const s = service();
    let runId = '';
    const stopped = new Promise<TrainingEvent[]>((resolve) => {
      const events: TrainingEvent[] = [];
      s.onEvent((id, e) => {
        if (id !== runId) return;
        events.push(e);
        if (e.event === 'epoch' && e.epoch === 3) void s.stop(runId);
        if (e.event === 'done') resolve(events);
      });
    });
    runId = await s.start(withEpochs(XOR, 400));
    const first = await stopped;
    const done = first.at(-1)!;
    expect(done).toMatchObject({ event: 'done', reason: 'stopped' });
    const stoppedAt = done.event === 'done' ? done.epochs : 0;
    expect(stoppedAt).toBeLessThan(400);
    expect((await s.runs())[0]).toMatchObject({ runId, status: 'stopped', epochs: stoppedAt });

    const resumed = eventsOf(s, (id) => id === runId);
    await s.resume(runId, { epochs: 200 });
    const events = await resumed;
    expect(events[0]).toMatchObject({ event: 'start', resumedFrom: stoppedAt });
    expect(events.find((e) => e.event === 'epoch')).toMatchObject({ epoch: stoppedAt + 1 });
    expect(events.at(-1)).toMatchObject({ event: 'done', reason: 'completed', epochs: 200, train: { accuracy: 1 } });
  });

  it('predicts while the run trains, with the weights of that moment (the live decision boundary)', async () => {
    const s = service();
    let runId = '';
    const grid = { data: Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1), shape: [4, 2] };
    const asked: Promise<Float32Array>[] = [];
    const finished = new Promise<TrainingEvent[]>((resolve) => {
      const events: TrainingEvent[] = [];
      s.onEvent((id, e) => {
        if (id !== runId) return;
        events.push(e);
        // As the Evaluate view does: ask after an early epoch and a late one.
        if (e.event === 'epoch' && (e.epoch === 1 || e.epoch === 150)) asked.push(s.predict(runId, grid));
        if (e.event === 'done') resolve(events);
      });
    });
    runId = await s.start(XOR);
    const events = await finished;
    const [early, late] = await Promise.all(asked);
    // Answered during the run, so the two differ; the late one already solves XOR.
    expect(early).not.toEqual(late);
    expect([...late!].map((p) => (p > 0.5 ? 1 : 0))).toEqual([0, 1, 1, 0]);
    expect(events.at(-1)).toMatchObject({ event: 'done', reason: 'completed', train: { accuracy: 1 } });
    await expect(s.predict(runId, { data: new Float32Array(3), shape: [1, 3] })).rejects.toMatchObject({ name: 'TrainingServiceError' });
  });

  it('keeps the test split for the final evaluation when live predictions borrowed its slot', async () => {
    const s = service();
    let runId = '';
    const project: Project = { ...XOR, dataset: { ...XOR.dataset!, options: { ...XOR.dataset!.options, testSplit: 0.5 } } };
    const finished = new Promise<TrainingEvent[]>((resolve) => {
      const events: TrainingEvent[] = [];
      s.onEvent((id, e) => {
        if (id !== runId) return;
        events.push(e);
        if (e.event === 'epoch' && e.epoch === 2) void s.predict(runId, { data: new Float32Array(2 * 7), shape: [7, 2] });
        if (e.event === 'done') resolve(events);
      });
    });
    runId = await s.start(withEpochs(project, 5));
    const done = (await finished).at(-1)!;
    expect(done.event).toBe('done');
    // Judged on the dataset's own test samples, not on the seven zeros asked for meanwhile.
    const evaluation = await s.evaluate(runId, 'test');
    expect(done.event === 'done' && done.test?.loss).toBeCloseTo(evaluation.loss, 5);
  });

  it('hands over a run\'s trained weights by IR name, without the optimizer\'s state', async () => {
    const s = service();
    const finished = eventsOf(s);
    const runId = await s.start(XOR);
    await finished;
    const { project, epoch, weights } = await s.weights(runId);
    expect(project.name).toBe(XOR.name);
    expect(epoch).toBe(200);
    expect([...weights.keys()].sort()).toEqual(['hidden/bias', 'hidden/kernel', 'out/bias', 'out/kernel']);
    expect(weights.get('hidden/kernel')).toHaveLength(2 * 8);
    expect(await s.weights(runId)).toMatchObject({ epoch: 200 });
  });

  it('rebuilds a finished run from its checkpoint when no trainer holds it', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'nw-runs-'));
    const first = service(runsDir);
    const finished = eventsOf(first);
    const runId = await first.start(XOR);
    await finished;
    const expected = await first.evaluate(runId, 'train');
    first.dispose();
    // A new service (another page, or the server restarted) finds the run on disk.
    const later = service(runsDir);
    expect((await later.runs()).map((r) => [r.runId, r.status])).toEqual([[runId, 'completed']]);
    const again = await later.evaluate(runId, 'train');
    expect(again.accuracy).toBe(1);
    expect(again.outputs).toEqual(expected.outputs);
  });

  it('reports a failing run as an error event, with the error\'s name and message', async () => {
    const s = service();
    const finished = eventsOf(s);
    await s.start({ ...XOR, dataset: { name: 'no-such-dataset' } });
    expect((await finished).at(-1)).toMatchObject({ event: 'error', name: 'DataError', message: expect.stringContaining('no built-in dataset called "no-such-dataset"') });
    expect((await s.runs())[0]!.status).toBe('error');
  });

  it.each<[string, unknown, string, TrainOptions]>([
    ['a document that is not a project', { nodes: [] }, 'cannot be trained', {}],
    ['a project without training settings', { ...XOR, training: undefined }, 'no training settings', {}],
    ['a project without a dataset', { ...XOR, dataset: undefined }, 'names no dataset', {}],
    ['a bad override', XOR, 'epochs must be a positive whole number', { epochs: 2.5 }],
  ])('refuses to start %s', async (_, project, message, options) => {
    await expect(service().start(project as Project, options)).rejects.toMatchObject({ name: 'TrainingServiceError', message: expect.stringContaining(message) });
  });

  it('refuses unknown runs and ids that are not ids', async () => {
    const s = service();
    await expect(s.evaluate('nope', 'train')).rejects.toThrow('There is no run "nope"');
    await expect(s.resume('../../etc', {})).rejects.toThrow('is not a run id');
  });
});
