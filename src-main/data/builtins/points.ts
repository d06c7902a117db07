/**
 * Shared by the 2-D toy sets (spirals, circles, moons, blobs): their common
 * options, and packing generated points into a dataset. Points are shuffled
 * with the seed so a validation split or a batch sees every class.
 */
import { z } from 'zod';
import { Random } from '../../engine/random';
import { noiseLevel, sampleCount } from '../options';
import { shuffled } from '../splits';
import type { SourceResult } from '../source';

export const pointOptions = (noise: number) => ({ samples: sampleCount(400, 100_000), noise: noiseLevel(noise) });

export const classCount = (fallback: number) => z.number().int().min(2).max(10).default(fallback);

export interface PointSet {
  readonly name: string;
  readonly source: string;
  readonly classes: readonly string[];
}

/** Calls `point(i, label, random)` for `samples` points spread evenly over the classes. */
export function generatePoints(set: PointSet, samples: number, seed: number, point: (i: number, n: number, label: number, random: Random) => [number, number]): SourceResult {
  const random = new Random(seed);
  const x = new Float32Array(samples * 2);
  const y = new Int32Array(samples);
  const k = set.classes.length;
  let row = 0;
  for (let label = 0; label < k; label++) {
    // The first (samples % k) classes get one extra point.
    const n = Math.floor(samples / k) + (label < samples % k ? 1 : 0);
    for (let i = 0; i < n; i++, row++) {
      const [a, b] = point(i, n, label, random);
      x[row * 2] = a;
      x[row * 2 + 1] = b;
      y[row] = label;
    }
  }
  const train = shuffled({ x: { data: x, shape: [samples, 2] }, y: { data: y, shape: [samples] } }, seed + 1);
  return { dataset: { info: { name: set.name, task: 'classification', classes: set.classes, source: set.source, sparseLabels: true, features: ['x1', 'x2'] }, train } };
}
