/**
 * Training sessions on the reference backend with tiny data: epochs and
 * metrics, validation, checkpoints and resume, a clean stop, early stopping,
 * schedules, history on disk, and the errors a user can meet.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Project } from '../../shared/graph/schema';
import type { Dataset } from '../data/types';
import { ReferenceTrainer } from '../engine/reference/trainer';
import { Random } from '../engine/random';
import { loadCheckpoint } from './checkpoint';
import { readHistory } from './history';
import { LearningRate } from './schedule';
import { runTraining, TrainingError, type TrainingEvent } from './session';

/** Two Gaussian clusters: class 0 around (−1, −1), class 1 around (1, 1). */
function clusters(n: number, seed: number) {
  const rng = new Random(seed);
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    const c = y[i] ? 1 : -1;
    x[2 * i] = c + 0.4 * rng.normal();
    x[2 * i + 1] = c + 0.4 * rng.normal();
  }
  return { x: { data: x, shape: [n, 2] }, y: { data: y, shape: [n] } };
}

const dataset: Dataset = { info: { name: 'clusters', task: 'classification', classes: ['a', 'b'], source: 'test', sparseLabels: true }, train: clusters(64, 1), validation: clusters(32, 2), test: clusters(32, 3) };

function project(training: Partial<NonNullable<Project['training']>> = {}): Project {
  return {
    format: 'netwright', version: 1, name: 'clusters',
    nodes: [{ id: 'in', type: 'Input', params: { shape: [2] } }, { id: 'h', type: 'Dense', params: { units: 8, activation: 'tanh' } }, { id: 'out', type: 'Dense', params: { units: 2 } }],
    edges: [{ id: 'e1', source: 'in', target: 'h' }, { id: 'e2', source: 'h', target: 'out' }],
    training: { loss: 'sparse_categorical_crossentropy', fromLogits: true, optimizer: { type: 'adam', learning_rate: 0.05 }, epochs: 6, batchSize: 16, metrics: ['accuracy'], ...training },
  };
}

const outDir = () => mkdtempSync(join(tmpdir(), 'nw-session-'));

describe('runTraining', () => {
  it('trains, validates every epoch, tests at the end, and writes history and a checkpoint', async () => {
    const dir = outDir();
    const events: TrainingEvent[] = [];
    const done = await runTraining({ project: project(), dataset, trainer: new ReferenceTrainer(), outDir: dir, onEvent: (e) => events.push(e), chunk: 2 });
    const epochs = events.filter((e) => e.event === 'epoch');
    expect(epochs).toHaveLength(6);
    expect(epochs.every((e) => 'valLoss' in e && e.valLoss !== undefined)).toBe(true);
    const progress = events.filter((e) => e.event === 'progress');
    expect(progress.length).toBe(6); // the first chunk's metrics arrive with the second, at each epoch's end
    expect(progress.every((e) => e.loss > 0)).toBe(true);
    expect(done.reason).toBe('completed');
    expect(done.test!.accuracy).toBeGreaterThan(0.9);
    expect(done.test!.report!.confusion.flat().reduce((a, b) => a + b, 0)).toBe(32);
    const history = await readHistory(dir);
    expect(history!.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    const checkpoint = await loadCheckpoint(dir);
    expect(checkpoint.info.epoch).toBe(6);
    expect(checkpoint.state.get('h/kernel')).toHaveLength(16);
  });

  it('is repeatable with a seed', async () => {
    const run = async () => (await runTraining({ project: project({ seed: 5, epochs: 2 }), dataset, trainer: new ReferenceTrainer(), outDir: outDir() })).test!.loss;
    expect(await run()).toBe(await run());
  });

  it('resumes from a checkpoint where it stopped', async () => {
    const dir = outDir();
    const controller = new AbortController();
    const first = await runTraining({
      project: project({ seed: 1 }), dataset, trainer: new ReferenceTrainer(), outDir: dir, signal: controller.signal,
      onEvent: (e) => e.event === 'epoch' && e.epoch === 2 && controller.abort(),
    });
    expect(first.reason).toBe('stopped');
    expect((await loadCheckpoint(dir)).info.epoch).toBe(2);
    const resumed: number[] = [];
    const done = await runTraining({ project: project({ seed: 1 }), dataset, trainer: new ReferenceTrainer(), outDir: dir, resume: dir, onEvent: (e) => e.event === 'epoch' && resumed.push(e.epoch) });
    expect(resumed).toEqual([3, 4, 5, 6]);
    // The same as training six epochs in one go: weights, optimizer state and data order all carried over.
    const straight = await runTraining({ project: project({ seed: 1 }), dataset, trainer: new ReferenceTrainer(), outDir: outDir() });
    expect(done.test!.loss).toBeCloseTo(straight.test!.loss, 6);
  });

  it('stops early when the monitored value stops improving, and keeps the best weights', async () => {
    const events: TrainingEvent[] = [];
    const done = await runTraining({ project: project({ epochs: 40, optimizer: { type: 'sgd', learning_rate: 0.0001 }, earlyStopping: { monitor: 'val_loss', patience: 1, minDelta: 0.05 } }), dataset, trainer: new ReferenceTrainer(), outDir: outDir(), onEvent: (e) => events.push(e) });
    expect(done.reason).toBe('early_stopping');
    expect(events.filter((e) => e.event === 'epoch').length).toBeLessThan(40);
  });

  it('says what to do when the loss becomes NaN', async () => {
    // A linear model on MSE with a huge learning rate diverges to infinity within a few steps.
    const p = project({ loss: 'mean_squared_error', fromLogits: false, optimizer: { type: 'sgd', learning_rate: 1e4 } });
    p.nodes[1]!.params = { units: 8 };
    await expect(runTraining({ project: p, dataset, trainer: new ReferenceTrainer(), outDir: outDir() })).rejects.toThrow(/NaN or infinite.*learning rate/s);
  });

  it('refuses a model with errors, naming them', async () => {
    const p = project();
    p.nodes[1]!.params = { units: 0 };
    await expect(runTraining({ project: p, dataset, trainer: new ReferenceTrainer(), outDir: outDir() })).rejects.toThrow(TrainingError);
  });

  it('names both shapes when the data does not fit the model', async () => {
    const p = project();
    p.nodes[0]!.params = { shape: [3] };
    await expect(runTraining({ project: p, dataset, trainer: new ReferenceTrainer(), outDir: outDir() })).rejects.toThrow(/\(2\).*\(3\)|shape \(2\)/s);
  });
});

describe('learning-rate schedules', () => {
  it.each([
    [{ type: 'step' as const, step_size: 2, gamma: 0.5 }, [1, 1, 0.5, 0.5, 0.25]],
    [{ type: 'exponential' as const, gamma: 0.5 }, [1, 0.5, 0.25, 0.125, 0.0625]],
    [{ type: 'cosine' as const, min_learning_rate: 0 }, [1, 0.9045, 0.6545, 0.3455, 0.0955]],
  ])('%o', (schedule, expected) => {
    const lr = new LearningRate(1, schedule, 5);
    expected.forEach((v, epoch) => expect(lr.forEpoch(epoch)).toBeCloseTo(v, 4));
  });

  it('reduces on a plateau after its patience runs out', () => {
    const lr = new LearningRate(1, { type: 'reduce_on_plateau', factor: 0.1, patience: 1 }, 10);
    for (const loss of [1, 0.5, 0.5, 0.5]) lr.observe(loss);
    expect(lr.forEpoch(4)).toBeCloseTo(0.1, 10);
  });
});
