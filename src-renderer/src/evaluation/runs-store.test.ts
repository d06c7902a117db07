/** The run list: read from the service, newest request wins. */
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../shared/ipc/services';
import { FakeTrainingService } from '../training/fake-service';
import { createRunsStore } from './runs-store';

const SUMMARY: RunSummary = { runId: 'run-a', project: 'XOR', started: '2025-03-01T10:00:00.000Z', status: 'completed', epochs: 0, history: [], folder: '/runs/run-a' };

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

  it('picking a run shows it; picking none follows the live run again', () => {
    const store = createRunsStore(new FakeTrainingService());
    store.getState().select('run-a');
    expect(store.getState().selected).toBe('run-a');
    store.getState().select(null);
    expect(store.getState().selected).toBeNull();
  });
});
