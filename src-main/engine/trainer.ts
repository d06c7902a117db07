/**
 * The interface between a training session and wherever the engine runs.
 * It works in bulk, as design.md asks: load a plan, upload data once, run N
 * steps, read metrics and weights. It never needs a round trip per step, so
 * it can sit behind a message channel (the desktop app's compute worker) as
 * well as in-process.
 */
import type { Split } from '../data/types';
import type { Plan } from './plan/types';

export type BackendKind = 'webgpu' | 'reference';

/** The state entry (in readState/writeState) that carries the optimizer's update count, Adam's t, through checkpoints. */
export const ITERATIONS = 'optimizer/iterations';

export interface MetricSums {
  /** Sum of per-sample losses. */
  readonly loss: number;
  readonly correct: number;
  readonly samples: number;
  readonly absError: number;
  readonly squaredError: number;
}

export interface RunOptions {
  /** Steps to run; each consumes `plan.batch` samples from the shuffled order. */
  readonly steps: number;
  /** Index of the first step within the epoch's order. */
  readonly offset: number;
  readonly learningRate: number;
}

export interface Trainer {
  readonly backend: BackendKind;
  /** The adapter in words, e.g. "llvmpipe (LLVM 15.0.7, 256 bits)" or "CPU (reference)". */
  readonly adapter: string;
  /** Builds everything a step needs, once: buffers, pipelines, bind groups. Weights are initialised from `seed`. */
  load(training: Plan, inference: Plan, seed: number): Promise<void>;
  /** Uploads a split once; later epochs only upload a new order. */
  setData(name: 'train' | 'validation' | 'test', split: Split): Promise<void>;
  /** The order of training samples for the next epoch (a permutation of indices). */
  setOrder(order: Uint32Array): Promise<void>;
  /** Runs steps without waiting for results; metrics accumulate on the device. */
  run(options: RunOptions): Promise<void>;
  /** Reads and resets the training accumulators. */
  readMetrics(): Promise<MetricSums>;
  /** Runs the inference plan over a whole split and returns the model's outputs, [count, ...]. */
  predict(name: 'train' | 'validation' | 'test'): Promise<Float32Array>;
  /** Weights, and optimizer state, by tensor name (for checkpoints and export). */
  readState(): Promise<Map<string, Float32Array>>;
  writeState(state: ReadonlyMap<string, Float32Array>): Promise<void>;
  dispose(): void;
}
