/**
 * Parity with PyTorch: the same model, the same initial weights and the same
 * batches, trained for 100 steps by Netwright's engine and by PyTorch (through
 * the PyTorch exporter's own model.py). The losses must agree within 1e-3
 * relative at every step. Covers an MLP with Adam, a CNN with batch norm and
 * SGD with momentum, an MLP with clipped gradients, and a GRU with RMSprop. Dropout is left out: the two
 * libraries draw different random masks.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Project } from '../../shared/graph/schema';
import { exportPytorch } from '../../shared/export/pytorch';
import type { OptimizerSpec } from '../../src-main/engine/plan/build-plan';
import { Random } from '../../src-main/engine/random';
import { ReferenceTrainer } from '../../src-main/engine/reference/trainer';
import type { Trainer } from '../../src-main/engine/trainer';
import { WebGPUTrainer } from '../../src-main/engine/webgpu/executor';
import { testDevice } from '../../src-main/engine/webgpu/test-harness';
import { buildPlans } from '../../src-main/training/session';
import { graph, type NodeRow } from '../../src-main/engine/testing';
import { runPython, writeFiles } from '../export/python';

const STEPS = 100;
const BATCH = 16;

interface Case {
  readonly id: string;
  readonly nodes: NodeRow[];
  readonly classes: number;
  readonly optimizer: OptimizerSpec & { type: 'adam' | 'sgd' | 'rmsprop' };
}

const CASES: Case[] = [
  { id: 'mlp', classes: 4, nodes: [['in', 'Input', { shape: [20] }], ['h', 'Dense', { units: 32, activation: 'relu' }], ['h2', 'Dense', { units: 16, activation: 'tanh' }], ['out', 'Dense', { units: 4 }]], optimizer: { type: 'adam', learningRate: 0.003 } },
  {
    id: 'cnn-batchnorm',
    classes: 3,
    nodes: [['in', 'Input', { shape: [8, 8, 1] }], ['conv', 'Conv2D', { filters: 4, kernel_size: 3, padding: 'same' }], ['bn', 'BatchNormalization'], ['relu', 'Activation', { activation: 'relu' }], ['pool', 'MaxPooling2D'], ['flat', 'Flatten'], ['out', 'Dense', { units: 3 }]],
    optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9 },
  },
  { id: 'mlp-clipnorm', classes: 4, nodes: [['in', 'Input', { shape: [20] }], ['h', 'Dense', { units: 32, activation: 'relu' }], ['out', 'Dense', { units: 4 }]], optimizer: { type: 'sgd', learningRate: 0.1, clipNorm: 0.1 } },
  { id: 'gru', classes: 3, nodes: [['in', 'Input', { shape: [6, 4] }], ['gru', 'GRU', { units: 8 }], ['out', 'Dense', { units: 3 }]], optimizer: { type: 'rmsprop', learningRate: 0.02 } },
];

function projectOf(c: Case): Project {
  const g = graph(c.nodes);
  return {
    format: 'netwright', version: 1, name: `parity ${c.id}`, nodes: g.nodes, edges: g.edges,
    training: { loss: 'sparse_categorical_crossentropy', fromLogits: true, optimizer: { type: c.optimizer.type, learning_rate: c.optimizer.learningRate, ...(c.optimizer.momentum ? { momentum: c.optimizer.momentum } : {}), ...(c.optimizer.clipNorm ? { clipnorm: c.optimizer.clipNorm } : {}) }, epochs: 1, batchSize: BATCH, metrics: ['accuracy'] },
  };
}

/**
 * One fixed dataset of STEPS·BATCH samples; step s uses samples
 * [s·BATCH, (s+1)·BATCH). Labels follow a fixed random projection of the
 * inputs, so there is something to learn.
 */
function dataFor(c: Case, perSample: number) {
  const rng = new Random(42);
  const x = Float32Array.from({ length: STEPS * BATCH * perSample }, () => rng.normal());
  const projection = Float32Array.from({ length: perSample * c.classes }, () => rng.normal());
  const y = Int32Array.from({ length: STEPS * BATCH }, (_, n) => {
    const scores = Array.from({ length: c.classes }, (_, k) => x.subarray(n * perSample, (n + 1) * perSample).reduce((s, v, i) => s + v * projection[i * c.classes + k]!, 0));
    return scores.indexOf(Math.max(...scores));
  });
  return { x, y };
}

async function engineLosses(trainer: Trainer, project: Project, c: Case) {
  const plans = buildPlans(project, BATCH, BATCH);
  await trainer.load(plans.training, plans.inference, 7);
  const inputShape = plans.training.tensors[plans.training.inputs[0]!]!.shape.slice(1);
  const perSample = inputShape.reduce((n, d) => n * d, 1);
  const { x, y } = dataFor(c, perSample);
  await trainer.setData('train', { x: { data: x, shape: [STEPS * BATCH, ...inputShape] }, y: { data: y, shape: [STEPS * BATCH] } });
  await trainer.setOrder(Uint32Array.from({ length: STEPS * BATCH }, (_, i) => i));
  const weights = new Map([...(await trainer.readState())].filter(([name]) => !name.includes(':opt') && !name.startsWith('optimizer/')));
  const losses: number[] = [];
  for (let s = 0; s < STEPS; s++) {
    await trainer.run({ steps: 1, offset: s, learningRate: c.optimizer.learningRate });
    const m = await trainer.readMetrics();
    losses.push(m.loss / m.samples);
  }
  return { losses, weights, x, y, inputShape };
}

function torchLosses(project: Project, c: Case, run: Awaited<ReturnType<typeof engineLosses>>): number[] {
  const dir = mkdtempSync(join(tmpdir(), `nw-parity-${c.id}-`));
  const { files } = exportPytorch(project, run.weights);
  writeFiles(dir, files);
  const className = /class (\w+)\(nn\.Module\)/.exec(String(files.get('model.py')))![1]!;
  const per = run.inputShape.reduce((n, d) => n * d, 1);
  const batches = Array.from({ length: STEPS }, (_, s) => ({ x: Array.from(run.x.subarray(s * BATCH * per, (s + 1) * BATCH * per)), y: Array.from(run.y.subarray(s * BATCH, (s + 1) * BATCH)) }));
  const [result] = runPython<{ losses: number[] | null; error: string | null }[]>('../parity/train_torch.py', [{ id: c.id, dir, class: className, optimizer: c.optimizer, batches, x_shape: [BATCH, ...run.inputShape], input: 'in' }]);
  expect(result!.error).toBeNull();
  return result!.losses!;
}

function expectParity(ours: number[], theirs: number[]) {
  expect(theirs).toHaveLength(STEPS);
  ours.forEach((loss, s) => {
    const rel = Math.abs(loss - theirs[s]!) / Math.max(Math.abs(theirs[s]!), 1e-6);
    expect(rel, `step ${s + 1}: Netwright ${loss}, PyTorch ${theirs[s]}`).toBeLessThan(1e-3);
  });
  // The runs must actually train, or agreement would mean little.
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  expect(mean(ours.slice(-10))).toBeLessThan(0.9 * mean(ours.slice(0, 10)));
}

describe('training matches PyTorch step for step', () => {
  describe.each(CASES.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const project = projectOf(c);
    it('on the reference backend', async () => {
      const run = await engineLosses(new ReferenceTrainer(), project, c);
      expectParity(run.losses, torchLosses(project, c, run));
    });
    it('on the WebGPU engine', async () => {
      const run = await engineLosses(new WebGPUTrainer(await testDevice(), { ownsDevice: false }), project, c);
      expectParity(run.losses, torchLosses(project, c, run));
    });
  });
});
