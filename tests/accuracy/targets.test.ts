/**
 * Seeded accuracy targets, trained through the real command line
 * (`netwright train --json`) on the WebGPU engine, as a user would. Each row
 * names a project, the dataset, and the accuracy it must reach.
 *
 * These take minutes, not seconds: they are the proof that the engine learns,
 * not a unit test. Fashion-MNIST comes from Debian's dataset-fashion-mnist.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const template = (name: string) => JSON.parse(readFileSync(join(ROOT, 'resources/templates', `${name}.nwproj`), 'utf8')) as Record<string, any>;

/** 784-128-10 without dropout: the MLP the issue names for full Fashion-MNIST. */
function fashionMlp() {
  const p = template('mnist-mlp');
  p.name = 'Fashion-MNIST 784-128-10';
  p.nodes = p.nodes.filter((n: { type: string }) => n.type !== 'Dropout');
  p.edges = [{ id: 'e1', source: 'image', target: 'flatten' }, { id: 'e2', source: 'flatten', target: 'fc1' }, { id: 'e3', source: 'fc1', target: 'out' }];
  p.dataset = { name: 'fashion-mnist' };
  p.training = { ...p.training, epochs: 5, batchSize: 32 };
  return p;
}

function lenetFashion() {
  const p = template('lenet-5');
  p.dataset = { name: 'fashion-mnist', options: { pad: 2 } };
  return p;
}

interface Row {
  readonly name: string;
  readonly project: () => Record<string, any>;
  /** 'train' for datasets without a test split (the logic gates). */
  readonly split: 'test' | 'train';
  readonly atLeast: number;
  readonly minutes: number;
}

const ROWS: Row[] = [
  { name: 'the perceptron learns AND', project: () => template('perceptron-and'), split: 'train', atLeast: 1, minutes: 1 },
  { name: 'the perceptron learns OR', project: () => template('perceptron-or'), split: 'train', atLeast: 1, minutes: 1 },
  { name: 'XOR with one hidden layer', project: () => template('xor'), split: 'train', atLeast: 1, minutes: 1 },
  { name: 'the Keras MNIST MLP on the 10k subset', project: () => template('mnist-mlp'), split: 'test', atLeast: 0.95, minutes: 4 },
  { name: '784-128-10 on full Fashion-MNIST after 5 epochs', project: fashionMlp, split: 'test', atLeast: 0.85, minutes: 6 },
  { name: 'LeNet-5 on Fashion-MNIST', project: lenetFashion, split: 'test', atLeast: 0.88, minutes: 25 },
];

describe('seeded accuracy targets', () => {
  it.each(ROWS.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const dir = mkdtempSync(join(tmpdir(), 'nw-accuracy-'));
    const file = join(dir, 'project.nwproj');
    writeFileSync(file, JSON.stringify(row.project()));
    const run = spawnSync(process.execPath, [join(ROOT, 'bin/netwright.mjs'), 'train', file, '--json', '--backend', 'webgpu', '--out', join(dir, 'run')], { encoding: 'utf8', timeout: row.minutes * 60_000, maxBuffer: 64 << 20 });
    expect(run.status, `train failed:\n${run.stderr}\n${run.stdout.slice(-2000)}`).toBe(0);
    const done = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { event: string; backend: string; test: { accuracy: number } | null; train?: { accuracy: number } };
    expect(done.event).toBe('done');
    expect(done.backend).toBe('webgpu');
    const accuracy = row.split === 'test' ? done.test!.accuracy : done.train!.accuracy;
    console.log(`${row.name}: ${(accuracy * 100).toFixed(2)}% (${row.split})`);
    expect(accuracy).toBeGreaterThanOrEqual(row.atLeast);
  }, 30 * 60_000);
});
