/** The run list: read from the service, newest request wins; a picked run's project is fetched once. */
import { describe, expect, it } from 'vitest';
import type { Project } from '../../../shared/graph/schema';
import type { RunSummary, RunWeights } from '../../../shared/ipc/services';
import { FakeTrainingService } from '../training/fake-service';
import { createRunsStore } from './runs-store';

const PROJECT: Project = { format: 'netwright', version: 1, name: 'XOR', nodes: [], edges: [] };
const SUMMARY: RunSummary = { runId: 'run-a', project: 'XOR', started: '2025-03-01T10:00:00.000Z', status: 'completed', epochs: 0, history: [], folder: '/runs/run-a' };
const WEIGHTS: RunWeights = { runId: 'run-a', project: PROJECT, epoch: 1, weights: new Map() };

describe('runs store', () => {
  it('reads the runs, and says in words when it cannot', async () => {
    const service = new FakeTrainingService();
    service.runs = () => Promise.resolve([SUMMARY]);
    const store = createRunsStore(service);
    await store.getState().refresh();
    expect(store.getState()).toMatchObject({ status: 'ready', runs: [SUMMARY], error: null });

    service.runs = () => Promise.reject(new Error('the runs folder is not readable'));
    await store.getState().refresh();
    expect(store.getState().status).toBe('failed');
    expect(store.getState().error).toBe('The list of past runs could not be read: the runs folder is not readable');
    expect(store.getState().runs).toEqual([SUMMARY]);
  });

  it('an older answer does not replace a newer one', async () => {
    const service = new FakeTrainingService();
    let answer: (r: RunSummary[]) => void = () => {};
    service.runs = () => new Promise((resolve) => (answer = resolve));
    const store = createRunsStore(service);
    const slow = store.getState().refresh();
    const first = answer;
    const fresh = store.getState().refresh();
    answer([SUMMARY]);
    await fresh;
    first([]);
    await slow;
    expect(store.getState().runs).toEqual([SUMMARY]);
  });

  it('picking a run fetches its project once; picking none follows the live run again', async () => {
    const service = new FakeTrainingService();
    service.runWeights = WEIGHTS;
    const store = createRunsStore(service);
    store.getState().select('run-a');
    expect(store.getState().projects['run-a']).toEqual({ status: 'loading' });
    expect(await store.getState().projectOf('run-a')).toBe(PROJECT);
    store.getState().select('run-a');
    expect(service.calls).toEqual(['weights run-a']);
    expect(store.getState().projects['run-a']).toEqual({ status: 'ready', project: PROJECT });
    store.getState().select(null);
    expect(store.getState().selected).toBeNull();
  });

  it('a run that cannot be opened says why, and is asked again next time', async () => {
    const service = new FakeTrainingService();
    const store = createRunsStore(service);
    await expect(store.getState().projectOf('run-a')).rejects.toThrow('This run cannot be opened: no weights');
    expect(store.getState().projects['run-a']).toEqual({ status: 'failed', error: 'This run cannot be opened: no weights' });
    service.runWeights = WEIGHTS;
    expect(await store.getState().projectOf('run-a')).toBe(PROJECT);
    expect(service.calls).toEqual(['weights run-a', 'weights run-a']);
  });
});
