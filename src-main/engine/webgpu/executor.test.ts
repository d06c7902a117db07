/**
 * Whole training runs: the WebGPU Trainer against the reference Trainer,
 * from the same seed, through the Trainer interface (so the batch gather,
 * the per-step uniform, metric accumulation, predict and state all count).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Loss } from '../../../shared/graph/schema';
import type { Split } from '../../data/types';
import type { DeviceHandle } from '../hosts/device';
import { buildPlan, type OptimizerSpec } from '../plan/build-plan';
import { numel, type Plan } from '../plan/types';
import { Random } from '../random';
import { ReferenceTrainer } from '../reference/trainer';
import { graph, irOf, trainingPlan, type NodeRow } from '../testing';
import { ITERATIONS, type MetricSums, type Trainer } from '../trainer';
import { WebGPUTrainer } from './executor';
import type { DeviceCaps } from './kernels/types';
import { mismatch, testDevice } from './test-harness';

interface Row {
  name: string;
  nodes: NodeRow[];
  edges?: [string, string, string?][];
  loss: Loss;
  fromLogits?: boolean;
  optimizer: OptimizerSpec;
}

const IN = (shape: number[]): NodeRow => ['in', 'Input', { shape }];

const ROWS: Row[] = [
  { name: 'MLP relu → logits, sparse CE, Adam', nodes: [IN([12]), ['h', 'Dense', { units: 16, activation: 'relu' }], ['out', 'Dense', { units: 4 }]], loss: 'sparse_categorical_crossentropy', fromLogits: true, optimizer: { type: 'adam', learningRate: 0.01 } },
  { name: 'tanh → softmax, categorical CE, SGD nesterov', nodes: [IN([6]), ['h', 'Dense', { units: 9, activation: 'tanh' }], ['out', 'Dense', { units: 3, activation: 'softmax' }]], loss: 'categorical_crossentropy', optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true } },
  { name: 'sigmoid → sigmoid, binary CE, RMSprop', nodes: [IN([5]), ['h', 'Dense', { units: 7, activation: 'sigmoid' }], ['out', 'Dense', { units: 1, activation: 'sigmoid' }]], loss: 'binary_crossentropy', optimizer: { type: 'rmsprop', learningRate: 0.01 } },
  { name: 'elu regression, MSE, Adagrad with L2', nodes: [IN([4]), ['h', 'Dense', { units: 8, activation: 'elu' }], ['out', 'Dense', { units: 2 }]], loss: 'mean_squared_error', optimizer: { type: 'adagrad', learningRate: 0.05, l2: 0.001 } },
  { name: 'unfused gelu, swish, softplus; Huber; AdamW', nodes: [IN([4]), ['h', 'Dense', { units: 6 }], ['a1', 'Activation', { activation: 'gelu' }], ['a2', 'Activation', { activation: 'swish' }], ['a3', 'Activation', { activation: 'softplus' }], ['out', 'Dense', { units: 2 }]], loss: 'huber', optimizer: { type: 'adamw', learningRate: 0.01 } },
  { name: 'residual add, shared input; log-cosh; SGD', nodes: [IN([4]), ['a', 'Dense', { units: 4, activation: 'tanh' }], ['m', 'Add'], ['out', 'Dense', { units: 2 }]], edges: [['in', 'a'], ['a', 'm', 'in0'], ['in', 'm', 'in1'], ['m', 'out']], loss: 'log_cosh', optimizer: { type: 'sgd', learningRate: 0.05 } },
  { name: 'dense over a sequence, sparse CE', nodes: [IN([3, 4]), ['h', 'Dense', { units: 5, activation: 'relu' }], ['out', 'Dense', { units: 3 }]], loss: 'sparse_categorical_crossentropy', fromLogits: true, optimizer: { type: 'adam', learningRate: 0.01 } },
];

/** A seeded dataset whose targets suit the plan's target tensor. */
function dataset(plan: Plan, count: number, seed: number): Split {
  const rng = new Random(seed);
  const input = plan.tensors[plan.inputs[0]!]!;
  const target = plan.tensors[plan.training!.targets[0]!]!;
  const xShape = [count, ...input.shape.slice(1)];
  const yShape = [count, ...target.shape.slice(1)];
  const x = Float32Array.from({ length: numel(xShape) }, () => rng.normal());
  const classes = target.dtype === 'i32' ? plan.tensors[plan.training!.loss]!.shape.length && plan.tensors[plan.steps.find((s) => s.kernel === 'loss')!.inputs[0]!]!.shape.at(-1)! : 0;
  const loss = String(plan.steps.find((s) => s.kernel === 'loss')!.arg['fn']);
  let y: Float32Array | Int32Array;
  if (target.dtype === 'i32') y = Int32Array.from({ length: numel(yShape) }, () => Math.floor(rng.next() * classes));
  else if (loss === 'categorical_crossentropy') {
    const C = yShape.at(-1)!;
    y = new Float32Array(numel(yShape));
    for (let r = 0; r < y.length / C; r++) y[r * C + Math.floor(rng.next() * C)] = 1;
  } else if (loss === 'binary_crossentropy') y = Float32Array.from({ length: numel(yShape) }, () => (rng.next() < 0.5 ? 0 : 1));
  else y = Float32Array.from({ length: numel(yShape) }, () => rng.normal());
  return { x: { data: x, shape: xShape }, y: { data: y, shape: yShape } };
}

function plans(row: Row, batch: number, evalBatch: number): { training: Plan; inference: Plan } {
  const g = graph(row.nodes, row.edges);
  return { training: trainingPlan(g, row.loss, batch, row.fromLogits ?? false, row.optimizer), inference: buildPlan(irOf(g), { batch: evalBatch }) };
}

let handle: DeviceHandle;
const trainers: WebGPUTrainer[] = [];
beforeAll(async () => {
  handle = await testDevice();
});
afterAll(() => {
  for (const t of trainers) t.dispose();
});

function gpuTrainer(caps: Partial<DeviceCaps> = {}): WebGPUTrainer {
  const t = new WebGPUTrainer(handle, { ownsDevice: false, caps });
  trainers.push(t);
  return t;
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-6);

describe('WebGPU training matches the reference', () => {
  it.each(ROWS.map((r) => [r.name, r] as const))('%s: 20 steps from the same seed', async (_name, row) => {
    const batch = 8;
    const steps = 20;
    const { training, inference } = plans(row, batch, batch);
    const data = dataset(training, batch * steps, 17);
    const order = Uint32Array.from({ length: batch * steps }, (_, i) => (i * 7) % (batch * steps));
    const losses: number[][] = [];
    const weights: Map<string, Float32Array>[] = [];
    for (const trainer of [gpuTrainer(), new ReferenceTrainer()] as Trainer[]) {
      await trainer.load(training, inference, 42);
      await trainer.setData('train', data);
      await trainer.setOrder(order);
      const curve: number[] = [];
      for (let s = 0; s < steps; s++) {
        await trainer.run({ steps: 1, offset: s, learningRate: row.optimizer.learningRate });
        const m = await trainer.readMetrics();
        expect(m.samples).toBe(batch);
        curve.push(m.loss / m.samples);
      }
      losses.push(curve);
      weights.push(await trainer.readState());
    }
    const [gpu, ref] = losses;
    for (let s = 0; s < steps; s++) expect(relative(gpu![s]!, ref![s]!), `step ${s}: WebGPU ${gpu![s]}, reference ${ref![s]}`).toBeLessThan(1e-4);
    expect(ref![steps - 1]).not.toBe(ref![0]); // the model did train
    for (const [name, values] of weights[1]!) expect(mismatch(weights[0]!.get(name)!, values, 1e-3, 1e-5), name).toBeUndefined();
  });
});

describe('the WebGPU and reference Trainers agree on an epoch', () => {
  const row = ROWS[0]!;
  const batch = 8;
  const count = 50;
  const stepsPerEpoch = Math.ceil(count / batch);

  async function epochs(trainer: Trainer): Promise<{ metrics: MetricSums[]; predictions: Float32Array; state: Map<string, Float32Array> }> {
    const { training, inference } = plans(row, batch, 5);
    const train = dataset(training, count, 3);
    const validation = dataset(training, 13, 4);
    await trainer.load(training, inference, 7);
    await trainer.setData('train', train);
    await trainer.setData('validation', validation);
    const metrics: MetricSums[] = [];
    for (let epoch = 0; epoch < 2; epoch++) {
      // The session's order: a permutation, wrapped round to fill the last batch.
      const perm = new Random(100 + epoch).permutation(count);
      await trainer.setOrder(Uint32Array.from({ length: stepsPerEpoch * batch }, (_, i) => perm[i % count]!));
      const totals = { loss: 0, correct: 0, samples: 0, absError: 0, squaredError: 0 };
      for (let done = 0; done < stepsPerEpoch; done += 3) {
        await trainer.run({ steps: Math.min(3, stepsPerEpoch - done), offset: done, learningRate: 0.01 });
        const m = await trainer.readMetrics();
        for (const k of Object.keys(totals) as (keyof MetricSums)[]) totals[k] += m[k];
      }
      metrics.push(totals);
    }
    return { metrics, predictions: await trainer.predict('validation'), state: await trainer.readState() };
  }

  it('gives the same epoch metrics, predictions and state', async () => {
    const gpu = await epochs(gpuTrainer());
    const ref = await epochs(new ReferenceTrainer());
    for (let e = 0; e < 2; e++) {
      expect(gpu.metrics[e]!.samples).toBe(stepsPerEpoch * batch);
      expect(gpu.metrics[e]!.correct).toBe(ref.metrics[e]!.correct);
      expect(relative(gpu.metrics[e]!.loss, ref.metrics[e]!.loss), `epoch ${e} loss`).toBeLessThan(1e-4);
    }
    expect(gpu.predictions.length).toBe(13 * 4);
    expect(mismatch(gpu.predictions, ref.predictions, 1e-4, 1e-5)).toBeUndefined();
    // Batches of 5 leave a partial last batch; one batch of all 13 has none, and must predict the same.
    const whole = new ReferenceTrainer();
    const { training, inference } = plans(row, batch, 13);
    await whole.load(training, inference, 0);
    await whole.writeState(gpu.state);
    await whole.setData('validation', dataset(training, 13, 4));
    expect(mismatch(gpu.predictions, await whole.predict('validation'), 1e-4, 1e-5)).toBeUndefined();
    expect(gpu.state.get(ITERATIONS)![0]).toBe(2 * stepsPerEpoch);
    for (const [name, values] of ref.state) expect(mismatch(gpu.state.get(name)!, values, 1e-3, 1e-5), name).toBeUndefined();
  });

  it('restores state written from the reference, optimizer count included', async () => {
    const { training, inference } = plans(row, batch, 5);
    const ref = new ReferenceTrainer();
    await ref.load(training, inference, 1);
    const gpu = gpuTrainer();
    await gpu.load(training, inference, 2);
    const data = dataset(training, 16, 9);
    for (const t of [ref, gpu] as Trainer[]) {
      await t.setData('train', data);
      await t.setOrder(Uint32Array.from({ length: 16 }, (_, i) => i));
    }
    await ref.run({ steps: 2, offset: 0, learningRate: 0.01 });
    await gpu.writeState(await ref.readState());
    for (const t of [ref, gpu] as Trainer[]) {
      await t.readMetrics();
      await t.run({ steps: 2, offset: 0, learningRate: 0.01 });
    }
    const [a, b] = [await gpu.readMetrics(), await ref.readMetrics()];
    expect(relative(a.loss, b.loss)).toBeLessThan(1e-4);
    expect((await gpu.readState()).get(ITERATIONS)![0]).toBe(4);
  });

  it('keeps calls in order without awaits, and reads exactly the steps run before readMetrics()', async () => {
    const { training, inference } = plans(row, batch, 5);
    const gpu = gpuTrainer();
    // Nothing awaited, as a worker relaying messages would call it; the first run() must first compile its gathers.
    void gpu.load(training, inference, 0);
    void gpu.setData('train', dataset(training, 40, 5));
    void gpu.setOrder(Uint32Array.from({ length: 40 }, (_, i) => i));
    void gpu.run({ steps: 3, offset: 0, learningRate: 0.01 });
    const first = gpu.readMetrics(); // the session queues the next chunk before it awaits this
    void gpu.run({ steps: 2, offset: 3, learningRate: 0.01 });
    const second = gpu.readMetrics();
    const third = gpu.readMetrics();
    expect((await first).samples).toBe(3 * batch);
    expect((await second).samples).toBe(2 * batch);
    expect((await third).samples).toBe(0);
  });

  it('gathers from a dataset split into more chunks than one launch can bind, and updates weights in chunks', async () => {
    // A 1 KB binding limit splits the 50×12 inputs into 3 chunks and the packed weights into 2 optimizer launches;
    // 4 storage buffers per stage leave 2 chunks per gather launch.
    const small: Partial<DeviceCaps> = { maxStorageBufferBindingSize: 1024, maxStorageBuffersPerShaderStage: 4 };
    const { training, inference } = plans(row, batch, 5);
    const train = dataset(training, count, 3);
    const results: { losses: number[]; predictions: Float32Array }[] = [];
    const gpu = gpuTrainer(small);
    for (const trainer of [gpu, new ReferenceTrainer()] as Trainer[]) {
      await trainer.load(training, inference, 7);
      await trainer.setData('train', train);
      await trainer.setData('test', train);
      await trainer.setOrder(new Random(5).permutation(count));
      const losses: number[] = [];
      for (let s = 0; s < 4; s++) {
        await trainer.run({ steps: 1, offset: s, learningRate: 0.01 });
        losses.push((await trainer.readMetrics()).loss);
      }
      results.push({ losses, predictions: await trainer.predict('test') });
    }
    // 10 launches + 2 optimizer chunks, then 2 gathers for the inputs and 1 for the targets.
    expect(gpu.dispatchesPerStep).toBe(10 + 2 + 3);
    for (let s = 0; s < 4; s++) expect(relative(results[0]!.losses[s]!, results[1]!.losses[s]!), `step ${s}`).toBeLessThan(1e-4);
    expect(mismatch(results[0]!.predictions, results[1]!.predictions, 1e-4, 1e-5)).toBeUndefined();
  });

  it('reports a mismatched dataset in words', async () => {
    const { training, inference } = plans(row, batch, 5);
    const gpu = gpuTrainer();
    await gpu.load(training, inference, 0);
    await expect(gpu.setData('train', { x: { data: new Float32Array(30), shape: [3, 10] }, y: { data: new Int32Array(3), shape: [3] } })).rejects.toThrow(/shape \[10\].*expects \[12\]/);
  });
});
