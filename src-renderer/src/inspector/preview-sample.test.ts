/** Which input the preview runs, and the weights it runs with. */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../shared/compiler';
import type { Project } from '../../../shared/graph';
import type { DatasetDescription } from '../../../shared/ipc/services';
import type { Described } from '../training/dataset-store';
import { describeSamples } from '../training/datasets';
import { madeUpInput, previewSample } from './preview-sample';
import { freshGraph, freshWeightsKey, weightsLabel, weightsOf } from './preview-weights';

const mnist: DatasetDescription = {
  name: 'mnist',
  task: 'classification',
  source: 'test',
  classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  inputShape: [28, 28],
  counts: { train: 2 },
  samples: [{ x: new Float32Array(784).fill(0.5), y: 5 }, { x: new Float32Array(784), y: 0 }],
};
const ready = (description: DatasetDescription): Described => ({ status: 'ready', description });

describe('previewSample', () => {
  it('takes the first sample of the dataset when it fits the Input layer, whatever its axes', () => {
    const s = previewSample({ name: 'mnist' }, ready(mnist), [28, 28, 1], false);
    expect(s).toEqual({ status: 'ready', x: mnist.samples[0]!.x, caption: 'sample 1 of MNIST digits, labelled 5' });
  });
  it('waits while the dataset loads', () => {
    expect(previewSample({ name: 'mnist' }, undefined, [28, 28, 1], false)).toEqual({ status: 'loading', text: 'Loading a sample of MNIST digits…' });
    expect(previewSample({ name: 'mnist' }, { status: 'loading' }, [28, 28, 1], false).status).toBe('loading');
  });
  it.each([
    ['no dataset', undefined, undefined, /^This project has no dataset yet, so the preview runs on a made-up input\. Choose one in the Train view/],
    ['a dataset that fails to load', { name: 'mnist' }, { status: 'failed', error: 'The file is missing.' } as Described, /^The dataset could not be loaded \(The file is missing\), so the preview runs on a made-up input\.$/],
    ['samples of another size', { name: 'mnist' }, ready(mnist), /^Each sample of MNIST digits is 28 × 28 values, but the Input layer takes 32 × 32 × 1, so the preview runs on a made-up input\.$/],
    ['no samples', { name: 'mnist' }, ready({ ...mnist, samples: [] }), /has no samples to show/],
  ])('falls back to a made-up input, saying why, for %s', (_, ref, described, note) => {
    const s = previewSample(ref, described, [32, 32, 1], false);
    if (s.status !== 'ready') throw new Error('expected an input');
    expect(s.caption).toBe('a made-up input');
    expect(s.note).toMatch(note);
    expect(s.x).toHaveLength(32 * 32);
  });
  it('names a regression target by its value, and an import by its own name', () => {
    const table: DatasetDescription = { ...mnist, name: 'my-data', task: 'regression', inputShape: [1], samples: [{ x: Float32Array.of(0.3), y: 0.84123 }] };
    expect(previewSample({ name: 'my-data', path: 'data/my.csv' }, ready(table), [1], false)).toMatchObject({ caption: 'sample 1 of my-data, target 0.841' });
  });
  it('asks for as many samples as the Train view shows, since the store keeps the first answer', () => {
    expect(describeSamples({ name: 'xor' })).toBe(256);
    expect(describeSamples({ name: 'mnist' })).toBe(24);
  });
});

describe('madeUpInput', () => {
  it('is a smooth pattern between 0 and 1 over the first two axes, the same in every channel', () => {
    const x = madeUpInput([4, 4, 3], false);
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...x)).toBeLessThanOrEqual(1);
    expect(x[0]).toBe(x[1]);
    expect(x[0]).not.toBe(x[3]);
  });
  it('is a ramp for a vector, and zeros (an id every Embedding takes) for integer inputs', () => {
    expect(Array.from(madeUpInput([3], false))).toEqual([0, 0.5, 1]);
    expect(Array.from(madeUpInput([4], true))).toEqual([0, 0, 0, 0]);
  });
});

const chain: Project = {
  format: 'netwright',
  version: 1,
  name: 'chain',
  nodes: [
    { id: 'x', type: 'Input', params: { shape: [2] } },
    { id: 'a', type: 'Dense', params: { units: 3 } },
    { id: 'a/b', type: 'Dense', params: { units: 2 } },
    { id: 'c', type: 'Dense', params: { units: 0 } },
  ],
  edges: [
    { id: 'e1', source: 'x', target: 'a' },
    { id: 'e2', source: 'a', target: 'a/b' },
    { id: 'e3', source: 'a/b', target: 'c' },
  ],
} as Project;

describe('the weights the preview runs with', () => {
  it('keeps only the weights of the layers feeding the previewed one', () => {
    const w = new Map([['a/kernel', new Float32Array(6)], ['a/b/kernel', new Float32Array(6)], ['c/kernel', new Float32Array(1)]]);
    expect([...weightsOf(w, new Set(['x', 'a'])).keys()]).toEqual(['a/kernel', 'a/b/kernel']);
    expect([...weightsOf(w, new Set(['x', 'a', 'a/b', 'c'])).keys()]).toEqual(['a/kernel', 'a/b/kernel', 'c/kernel']);
  });
  it('makes fresh weights for the part feeding the layer when a later layer has a problem, and says what is wrong when that part has one', () => {
    const part = freshGraph(null, chain, new Set(['x', 'a']), 'a');
    expect(part.outputs).toHaveLength(1);
    expect(() => freshGraph(null, chain, new Set(['x', 'a', 'a/b', 'c']), 'c')).toThrow(/^the model has a problem to fix first: /);
  });
  it('keys fresh weights on the seed and every weight’s name and shape, not on anything else', () => {
    const ir = (units: number, activation: string) => compile({ ...chain, nodes: chain.nodes.slice(0, 2).map((n) => (n.id === 'a' ? { ...n, params: { units, activation } } : n)), edges: chain.edges.slice(0, 1) }).ir!;
    expect(freshWeightsKey(ir(3, 'relu'), 0)).toBe(freshWeightsKey(ir(3, 'tanh'), 0));
    expect(freshWeightsKey(ir(3, 'relu'), 0)).not.toBe(freshWeightsKey(ir(4, 'relu'), 0));
    expect(freshWeightsKey(ir(3, 'relu'), 0)).not.toBe(freshWeightsKey(ir(3, 'relu'), 1));
  });
  it('names them: the run they were trained in, or fresh with their seed', () => {
    expect(weightsLabel({ carry: null, seed: 3 })).toBe('fresh weights (seed 3)');
    const started = new Date(2024, 0, 1, 14, 32).getTime();
    const carry = { documentKey: 1, origin: { kind: 'run' as const, runId: 'r', started, epoch: 20 }, weights: new Map() };
    expect(weightsLabel({ carry, seed: 0 })).toBe('trained weights (run 14:32, epoch 20)');
  });
});
