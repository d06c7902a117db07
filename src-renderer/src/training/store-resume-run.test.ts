/** Resuming a past run: the training store takes the run over, its history standing for the epochs so far. */
import { describe, expect, it } from 'vitest';
import type { Project } from '../../../shared/graph/schema';
import type { EpochRecord } from '../../../shared/ipc/services';
import { FakeTrainingService } from './fake-service';
import { createTrainingStore } from './store';

const PROJECT: Project = { format: 'netwright', version: 1, name: 'XOR', nodes: [], edges: [] };
const epoch = (n: number): EpochRecord => ({ epoch: n, loss: 1 / n, accuracy: 0.5, samplesPerSec: 10, learningRate: 0.1, seconds: 1 });

describe('resuming a past run', () => {
  it('follows the run from its checkpoint and hears its events', async () => {
    const service = new FakeTrainingService();
    const store = createTrainingStore(service);
    await store.getState().resumeRun('old-run', PROJECT, [epoch(1), epoch(2), epoch(3)]);
    expect(service.calls).toEqual(['resume old-run']);
    expect(store.getState()).toMatchObject({ runId: 'old-run', status: 'running', project: PROJECT });
    service.emit('old-run', { event: 'start', backend: 'reference', adapter: 'CPU', epochs: 5, stepsPerEpoch: 1, batchSize: 4, params: 9, resumedFrom: 2 });
    expect(store.getState().epochs.map((e) => e.epoch)).toEqual([1, 2]);
    service.emit('old-run', { event: 'epoch', ...epoch(3) });
    expect(store.getState().epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
  });

  it('does not take over while another run trains, and reports a refusal in words', async () => {
    const service = new FakeTrainingService();
    const store = createTrainingStore(service);
    await store.getState().start(PROJECT);
    await store.getState().resumeRun('old-run', PROJECT, []);
    expect(service.calls).toEqual(['start']);

    const idle = createTrainingStore(service);
    service.resume = () => Promise.reject(new Error('This run has no checkpoint to resume from.'));
    await idle.getState().resumeRun('old-run', PROJECT, []);
    expect(idle.getState()).toMatchObject({ status: 'failed', error: 'This run has no checkpoint to resume from.' });
  });
});
