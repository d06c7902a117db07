/**
 * The reference Trainer: the same bulk interface as the WebGPU one, over the
 * ReferenceExecutor. It is the fallback when no WebGPU adapter exists, and
 * the oracle whole training runs are checked against: batches come from the
 * epoch's order exactly as the GPU's gather takes them.
 */
import type { Split } from '../../data/types';
import { numel, type Plan } from '../plan/types';
import { ITERATIONS, type MetricSums, type RunOptions, type Trainer } from '../trainer';
import { ReferenceExecutor } from './executor';

export class ReferenceTrainerError extends Error {
  override readonly name = 'ReferenceTrainerError';
}

type SplitName = 'train' | 'validation' | 'test';

export class ReferenceTrainer implements Trainer {
  readonly backend = 'reference' as const;
  readonly adapter = 'CPU (reference)';
  private training?: ReferenceExecutor;
  private inference?: ReferenceExecutor;
  private seed = 0;
  private readonly splits = new Map<SplitName, Split>();
  private order?: Uint32Array;

  private loaded(): { training: ReferenceExecutor; inference: ReferenceExecutor } {
    if (!this.training || !this.inference) throw new ReferenceTrainerError('load() a model first');
    return { training: this.training, inference: this.inference };
  }

  async load(training: Plan, inference: Plan, seed: number): Promise<void> {
    if (!training.training) throw new ReferenceTrainerError('load() needs a training plan (one built with training options) first');
    this.seed = seed;
    this.training = new ReferenceExecutor(training, seed);
    this.inference = new ReferenceExecutor(inference, seed);
    // The inference plan reads the training plan's weights: same names, same arrays.
    const byName = new Map(training.tensors.filter((t) => t.viewOf === undefined).map((t) => [t.name, t.id]));
    for (const t of inference.tensors) {
      const base = t.viewOf ?? t.id;
      const info = inference.tensors[base]!;
      if (info.role !== 'param' && info.role !== 'state') continue;
      const from = byName.get(info.name);
      if (from === undefined) throw new ReferenceTrainerError(`the weight "${info.name}" is not in the training plan`);
      this.inference.tensors[t.id] = { data: this.training.tensors[from]!.data, shape: t.shape };
    }
  }

  async setData(name: SplitName, split: Split): Promise<void> {
    const { inference } = this.loaded();
    const input = inference.plan.tensors[inference.plan.inputs[0]!]!;
    if (numel(split.x.shape.slice(1)) !== numel(input.shape.slice(1))) throw new ReferenceTrainerError(`${name} inputs have samples of shape [${split.x.shape.slice(1)}], but the model expects [${input.shape.slice(1)}]`);
    this.splits.set(name, split);
  }

  async setOrder(order: Uint32Array): Promise<void> {
    if (order.length === 0) throw new ReferenceTrainerError('the epoch order is empty');
    this.order = order.slice();
  }

  /** Copies samples into a batch tensor; `sample(b)` picks the b-th. */
  private fill(into: Float32Array | Int32Array, from: Split['x'], batch: number, sample: (b: number) => number): void {
    const words = into.length / batch;
    for (let b = 0; b < batch; b++) {
      const s = sample(b);
      into.set(from.data.subarray(s * words, (s + 1) * words), b * words);
    }
  }

  async run(options: RunOptions): Promise<void> {
    const { training } = this.loaded();
    const split = this.splits.get('train');
    const order = this.order;
    if (!split) throw new ReferenceTrainerError('setData("train", …) before run()');
    if (!order) throw new ReferenceTrainerError('setOrder() before run()');
    const plan = training.plan;
    const batch = plan.batch;
    for (let i = 0; i < options.steps; i++) {
      const position = options.offset + i;
      const sample = (b: number) => order[(position * batch + b) % order.length]!;
      this.fill(training.read(plan.inputs[0]!), split.x, batch, sample);
      this.fill(training.read(plan.training!.targets[0]!), split.y, batch, sample);
      training.run({ learningRate: options.learningRate, seed: this.seed });
    }
  }

  async readMetrics(): Promise<MetricSums> {
    const { training } = this.loaded();
    const acc = training.read(training.plan.training!.metrics);
    const sums = { loss: acc[0]!, correct: acc[1]!, samples: acc[2]!, absError: acc[3]!, squaredError: acc[4]! };
    acc.fill(0);
    return sums;
  }

  async predict(name: SplitName): Promise<Float32Array> {
    const { inference } = this.loaded();
    const split = this.splits.get(name);
    if (!split) throw new ReferenceTrainerError(`setData("${name}", …) before predict("${name}")`);
    const plan = inference.plan;
    const count = split.x.shape[0]!;
    const output = inference.read(plan.outputs[0]!);
    const perSample = output.length / plan.batch;
    const result = new Float32Array(count * perSample);
    for (let first = 0; first < count; first += plan.batch) {
      // The last batch repeats the final sample to fill up, as the GPU's gather does.
      this.fill(inference.read(plan.inputs[0]!), split.x, plan.batch, (b) => Math.min(first + b, count - 1));
      inference.run();
      const rows = Math.min(plan.batch, count - first);
      result.set(output.subarray(0, rows * perSample), first * perSample);
    }
    return result;
  }

  async readState(): Promise<Map<string, Float32Array>> {
    const { training } = this.loaded();
    const state = new Map<string, Float32Array>();
    for (const t of training.plan.tensors) {
      if (t.viewOf === undefined && (t.role === 'param' || t.role === 'state')) state.set(t.name, Float32Array.from(training.read(t.id)));
    }
    state.set(ITERATIONS, Float32Array.of(training.updates));
    return state;
  }

  async writeState(state: ReadonlyMap<string, Float32Array>): Promise<void> {
    const { training } = this.loaded();
    for (const t of training.plan.tensors) {
      if (t.viewOf !== undefined || (t.role !== 'param' && t.role !== 'state')) continue;
      const values = state.get(t.name);
      if (!values) continue;
      if (values.length !== numel(t.shape)) throw new ReferenceTrainerError(`the saved "${t.name}" has ${values.length} values, but the model's has ${numel(t.shape)} ([${t.shape}])`);
      training.write(t.id, values);
    }
    const iterations = state.get(ITERATIONS)?.[0];
    if (iterations !== undefined) training.updates = iterations;
  }

  dispose(): void {
    this.training = undefined;
    this.inference = undefined;
    this.splits.clear();
  }
}
