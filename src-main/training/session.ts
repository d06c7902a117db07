/**
 * A training run: epochs of steps on a Trainer (WebGPU or reference), with
 * validation after every epoch, learning-rate schedules, early stopping,
 * checkpoints (weights and optimizer state) that a run can resume from, a
 * clean stop, and a history file on disk so runs can be compared.
 *
 * The session drives the trainer in bulk: it submits the next chunk of steps
 * before it waits for the previous chunk's metrics, so the device never idles
 * while the host reads.
 */
import { compile } from '../../shared/compiler';
import type { Project, TrainingConfig } from '../../shared/graph/schema';
import type { Dataset, Split, TensorData } from '../data/types';
import { buildPlan, type OptimizerSpec } from '../engine/plan/build-plan';
import { numel, type Plan, type TensorInfo } from '../engine/plan/types';
import { Random } from '../engine/random';
import type { MetricSums, Trainer } from '../engine/trainer';
import { loadCheckpoint, saveCheckpoint, type CheckpointInfo } from './checkpoint';
import { evaluate, type Evaluation } from './evaluate';
import { appendHistory, type EpochRecord } from './history';
import { LearningRate } from './schedule';
import { fitTargets } from './targets';

export class TrainingError extends Error {
  override readonly name = 'TrainingError';
}

export type TrainingEvent =
  | { event: 'start'; backend: string; adapter: string; epochs: number; stepsPerEpoch: number; batchSize: number; params: number; resumedFrom?: number }
  | { event: 'progress'; epoch: number; step: number; stepsPerEpoch: number; loss: number; accuracy: number; samplesPerSec: number; etaSeconds: number }
  | ({ event: 'epoch' } & EpochRecord)
  | { event: 'done'; backend: string; adapter: string; reason: 'completed' | 'early_stopping' | 'stopped'; epochs: number; test?: Evaluation; train?: Evaluation; validation?: Evaluation; weights: string };

export interface SessionOptions {
  readonly project: Project;
  readonly dataset: Dataset;
  readonly trainer: Trainer;
  /** Where checkpoints and the history go. */
  readonly outDir: string;
  readonly seed?: number;
  /** Resume from the checkpoint in this folder. */
  readonly resume?: string;
  readonly signal?: AbortSignal;
  readonly onEvent?: (e: TrainingEvent) => void;
  /** Steps between progress reports. */
  readonly chunk?: number;
  /**
   * Called between chunks of steps with the model as it is now, for work
   * that cannot wait for the run to end (the live decision boundary). The
   * next chunk waits for it, so it should be brief.
   */
  readonly between?: (model: LiveModel) => Promise<void>;
}

/** The model in the middle of training: predictions with the weights it has now. */
export interface LiveModel {
  /** The outputs for samples `x` ([count, ...input shape]), flat. */
  predict(x: TensorData): Promise<Float32Array>;
}

/** Samples as a split the trainer takes: their targets are zeros, which prediction never reads. */
export function inputsAsSplit(x: TensorData, target: TensorInfo): Split {
  const shape = [x.shape[0]!, ...target.shape.slice(1)];
  return { x, y: { data: target.dtype === 'i32' ? new Int32Array(numel(shape)) : new Float32Array(numel(shape)), shape } };
}

export function optimizerSpec(t: TrainingConfig): OptimizerSpec {
  const o = t.optimizer;
  return {
    type: o.type,
    learningRate: o.learning_rate,
    ...(o.momentum !== undefined ? { momentum: o.momentum } : {}),
    ...(o.nesterov !== undefined ? { nesterov: o.nesterov } : {}),
    ...(o.beta_1 !== undefined ? { beta1: o.beta_1 } : {}),
    ...(o.beta_2 !== undefined ? { beta2: o.beta_2 } : {}),
    ...(o.rho !== undefined ? { rho: o.rho } : {}),
    ...(o.epsilon !== undefined ? { epsilon: o.epsilon } : {}),
    ...(o.weight_decay !== undefined ? { weightDecay: o.weight_decay } : {}),
    ...(o.clipnorm !== undefined ? { clipNorm: o.clipnorm } : {}),
    ...(t.l1 !== undefined ? { l1: t.l1 } : {}),
    ...(t.l2 !== undefined ? { l2: t.l2 } : {}),
  };
}

export function buildPlans(project: Project, batch: number, evalBatch: number): { training: Plan; inference: Plan } {
  const t = project.training;
  if (!t) throw new TrainingError('The project has no training settings. Add a "training" section (loss, optimizer, epochs, batchSize).');
  const result = compile(project);
  if (!result.ir) {
    throw new TrainingError(`The model has errors, so it cannot be trained yet:\n${result.errors.map((e) => `  ${e.code}${e.node ? ` [${e.node}]` : ''} ${e.message} Fix: ${e.fix}`).join('\n')}`);
  }
  const loss = { fn: t.loss, fromLogits: t.fromLogits };
  return {
    training: buildPlan(result.ir, { batch, training: { loss, optimizer: optimizerSpec(t) } }),
    inference: buildPlan(result.ir, { batch: evalBatch }),
  };
}

/** Each epoch's order: a seeded permutation, wrapped round to fill the last batch. */
export function epochOrder(seed: number, epoch: number, count: number, steps: number, batch: number): Uint32Array {
  const perm = new Random((seed * 1_000_003 + epoch * 7919) >>> 0).permutation(count);
  const order = new Uint32Array(steps * batch);
  for (let i = 0; i < order.length; i++) order[i] = perm[i % count]!;
  return order;
}

function isBetter(monitor: string, value: number, best: number, minDelta: number): boolean {
  return monitor === 'val_accuracy' ? value > best + minDelta : value < best - minDelta;
}

export async function runTraining(options: SessionOptions): Promise<Extract<TrainingEvent, { event: 'done' }>> {
  const { project, dataset, trainer, outDir } = options;
  const config = project.training!;
  const emit = options.onEvent ?? (() => {});
  const seed = options.seed ?? config.seed ?? 0;
  const batch = config.batchSize;
  const plans = buildPlans(project, batch, Math.max(batch, 256));
  const target = plans.training.tensors[plans.training.training!.targets[0]!]!;
  const modelInputs = plans.training.inputs.map((i) => plans.training.tensors[i]!);
  const fit = (split: Split) => fitTargets(split, target, modelInputs);
  const train = fit(dataset.train);
  const validation = dataset.validation ? fit(dataset.validation) : undefined;
  const test = dataset.test ? fit(dataset.test) : undefined;
  const outputShape = plans.inference.tensors[plans.inference.outputs[0]!]!.shape.slice(1);
  const lossSpec = { fn: config.loss, fromLogits: config.fromLogits };

  await trainer.load(plans.training, plans.inference, seed);
  await trainer.setData('train', train);
  if (validation) await trainer.setData('validation', validation);
  if (test) await trainer.setData('test', test);

  // Live predictions borrow the test slot; the test split goes back before the run's final evaluation.
  let testSlotBorrowed = false;
  const live: LiveModel = {
    async predict(x) {
      await trainer.setData('test', inputsAsSplit(x, target));
      testSlotBorrowed = true;
      return trainer.predict('test');
    },
  };

  const count = train.x.shape[0]!;
  const stepsPerEpoch = Math.ceil(count / batch);
  let startEpoch = 0;
  if (options.resume) {
    const checkpoint = await loadCheckpoint(options.resume);
    await trainer.writeState(checkpoint.state);
    startEpoch = checkpoint.info.epoch;
  }
  const params = plans.training.training!.params.reduce((n, p) => n + plans.training.tensors[p.param]!.shape.reduce((a, d) => a * d, 1), 0);
  emit({ event: 'start', backend: trainer.backend, adapter: trainer.adapter, epochs: config.epochs, stepsPerEpoch, batchSize: batch, params, ...(options.resume ? { resumedFrom: startEpoch } : {}) });

  const lr = new LearningRate(config.optimizer.learning_rate, config.schedule, config.epochs);
  const early = config.earlyStopping;
  let best = early?.monitor === 'val_accuracy' ? -Infinity : Infinity;
  let bestState: Map<string, Float32Array> | undefined;
  let waited = 0;
  let reason: 'completed' | 'early_stopping' | 'stopped' = 'completed';
  let lastValidation: Evaluation | undefined;
  let epoch = startEpoch;
  const chunk = Math.max(1, Math.min(options.chunk ?? 50, stepsPerEpoch));

  for (; epoch < config.epochs; epoch++) {
    if (options.signal?.aborted) {
      reason = 'stopped';
      break;
    }
    const rate = lr.forEpoch(epoch);
    await trainer.setOrder(epochOrder(seed, epoch, count, stepsPerEpoch, batch));
    const started = performance.now();
    const totals = { loss: 0, correct: 0, samples: 0, absError: 0, squaredError: 0 };
    const add = (m: MetricSums) => {
      totals.loss += m.loss;
      totals.correct += m.correct;
      totals.samples += m.samples;
      totals.absError += m.absError;
      totals.squaredError += m.squaredError;
    };
    let done = 0;
    let pending: Promise<MetricSums> | undefined;
    const progress = (step: number) => {
      const seconds = (performance.now() - started) / 1000;
      const samplesPerSec = (step * batch) / Math.max(seconds, 1e-9);
      emit({ event: 'progress', epoch: epoch + 1, step, stepsPerEpoch, loss: totals.loss / totals.samples, accuracy: totals.correct / totals.samples, samplesPerSec, etaSeconds: ((stepsPerEpoch - step) * batch) / samplesPerSec });
    };
    while (done < stepsPerEpoch) {
      const steps = Math.min(chunk, stepsPerEpoch - done);
      await trainer.run({ steps, offset: done, learningRate: rate });
      done += steps;
      if (pending) add(await pending);
      pending = trainer.readMetrics();
      if (options.between) await options.between(live);
      if (!Number.isFinite(totals.loss)) throw nanError(epoch, done, rate);
      // Metrics arrive one chunk behind, so the first chunk of an epoch has nothing to report yet.
      if (totals.samples > 0 && done < stepsPerEpoch) progress(done);
      if (options.signal?.aborted) break;
    }
    if (pending) add(await pending);
    if (!Number.isFinite(totals.loss)) throw nanError(epoch, done, rate);
    progress(done);
    const seconds = (performance.now() - started) / 1000;
    const record: EpochRecord = {
      epoch: epoch + 1,
      loss: totals.loss / totals.samples,
      accuracy: totals.correct / totals.samples,
      ...(config.loss === 'mean_squared_error' || config.loss === 'mean_absolute_error' || config.loss === 'huber' || config.loss === 'log_cosh'
        ? { mae: totals.absError / totals.samples, rmse: Math.sqrt(totals.squaredError / totals.samples) }
        : {}),
      samplesPerSec: (done * batch) / seconds,
      learningRate: rate,
      seconds,
    };
    if (validation) {
      lastValidation = evaluate(await trainer.predict('validation'), validation, lossSpec, outputShape);
      Object.assign(record, { valLoss: lastValidation.loss, ...(lastValidation.accuracy !== undefined ? { valAccuracy: lastValidation.accuracy } : {}) });
      lr.observe(lastValidation.loss);
    }
    emit({ event: 'epoch', ...record });
    await appendHistory(outDir, project, record);
    const info: CheckpointInfo = { epoch: epoch + 1, seed, metrics: record, project: project.name, backend: trainer.backend };
    await saveCheckpoint(outDir, await trainer.readState(), info);
    if (options.signal?.aborted) {
      reason = 'stopped';
      epoch++;
      break;
    }
    if (early) {
      const value = early.monitor === 'loss' ? record.loss : early.monitor === 'val_accuracy' ? (record.valAccuracy ?? record.accuracy) : (record.valLoss ?? record.loss);
      if (isBetter(early.monitor, value, best, early.minDelta)) {
        best = value;
        waited = 0;
        bestState = await trainer.readState();
      } else if (++waited > early.patience) {
        reason = 'early_stopping';
        epoch++;
        break;
      }
    }
  }
  // Early stopping keeps the best epoch's weights (Keras's restore_best_weights=True).
  if (reason === 'early_stopping' && bestState) {
    await trainer.writeState(bestState);
    await saveCheckpoint(outDir, bestState, { epoch, seed, project: project.name, backend: trainer.backend, restoredBest: true });
  }
  if (test && testSlotBorrowed) await trainer.setData('test', test);
  const testEval = test ? evaluate(await trainer.predict('test'), test, lossSpec, outputShape) : undefined;
  // Without a test split (the logic gates), the final model is judged on its training data.
  const trainEval = test ? undefined : evaluate(await trainer.predict('train'), train, lossSpec, outputShape);
  const done = { event: 'done' as const, backend: trainer.backend, adapter: trainer.adapter, reason, epochs: epoch, ...(testEval ? { test: testEval } : {}), ...(trainEval ? { train: trainEval } : {}), ...(lastValidation ? { validation: lastValidation } : {}), weights: `${outDir}/checkpoint/weights.safetensors` };
  emit(done);
  return done;
}

function nanError(epoch: number, step: number, rate: number): TrainingError {
  return new TrainingError(`The loss became NaN or infinite in epoch ${epoch + 1}, near step ${step}. The learning rate (${rate}) is probably too high for this model: try a tenth of it, or normalise the inputs.`);
}
