/** The evaluation store asks once per run and split, and a newer request wins. */
import { describe, expect, it } from 'vitest';
import type { EvaluationResult } from '../../../shared/ipc/services';
import { FakeTrainingService } from '../training/fake-service';
import { createEvaluationStore } from './store';

const RESULT: EvaluationResult = { split: 'train', outputs: Float32Array.of(0.9), outputShape: [1], labels: Int32Array.of(1), classes: ['0', '1'], loss: 0.1, accuracy: 1 };

describe('evaluation store', () => {
  it('loads a split once and keeps it', async () => {
    const service = new FakeTrainingService();
    service.evaluation = RESULT;
    const store = createEvaluationStore(service);
    await store.getState().load('run-1', 'train');
    await store.getState().load('run-1', 'train');
    expect(store.getState().status).toBe('ready');
    expect(store.getState().result).toBe(RESULT);
    expect(service.calls).toEqual(['evaluate run-1 train']);
  });

  it('reports a failure in words', async () => {
    const service = new FakeTrainingService();
    const store = createEvaluationStore(service);
    await store.getState().load('run-1', 'test');
    expect(store.getState().status).toBe('failed');
    expect(store.getState().error).toBe('no evaluation');
  });

  it('an answer to an older request does not replace a newer one', async () => {
    const service = new FakeTrainingService();
    let answer: (r: EvaluationResult) => void = () => {};
    service.evaluate = (runId, split) => {
      service.calls.push(`evaluate ${runId} ${split}`);
      return split === 'test' ? new Promise((resolve) => (answer = resolve)) : Promise.resolve(RESULT);
    };
    const store = createEvaluationStore(service);
    const slow = store.getState().load('run-1', 'test');
    await store.getState().load('run-1', 'train');
    answer({ ...RESULT, split: 'test' });
    await slow;
    expect(store.getState().split).toBe('train');
    expect(store.getState().result?.split).toBe('train');
  });
});
