/**
 * Interleaved spirals, the classic test that a straight line cannot pass:
 * arm k is the points r·(cos t, sin t) with r from 0 to 1 and
 * t = turns·2π·r + k·2π/classes, plus Gaussian noise on each coordinate.
 * Options: samples (400), classes (arms, 2), noise (0.05), turns (1).
 */
import { z } from 'zod';
import { readOptions } from '../options';
import type { Builtin } from '../source';
import { classCount, generatePoints, pointOptions } from './points';

const Options = z.object({ ...pointOptions(0.05), classes: classCount(2), turns: z.number().min(0.1).max(10).default(1) });

export const spirals: Builtin = {
  name: 'spirals',
  summary: 'Two (or more) interleaved spiral arms in the plane; needs a non-linear model.',
  load(options, { seed }) {
    const o = readOptions(Options, options, 'spirals');
    const classes = Array.from({ length: o.classes }, (_, k) => `arm ${k}`);
    return generatePoints({ name: 'spirals', source: `generated spirals (seed ${seed})`, classes }, o.samples, seed, (i, n, k, random) => {
      const r = n > 1 ? i / (n - 1) : 0.5;
      const t = o.turns * 2 * Math.PI * r + (k * 2 * Math.PI) / o.classes;
      return [r * Math.cos(t) + o.noise * random.normal(), r * Math.sin(t) + o.noise * random.normal()];
    });
  },
};
