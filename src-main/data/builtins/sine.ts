/**
 * Regression on a sine wave: x uniform in [xMin, xMax], y = sin(x) plus
 * Gaussian noise of standard deviation `noise`. Inputs and targets have shape [1].
 * Options: samples (1000), noise (0.1), xMin (−π), xMax (π), function ("sin", the only one).
 */
import { z } from 'zod';
import { Random } from '../../engine/random';
import { DataError } from '../errors';
import { noiseLevel, readOptions, sampleCount } from '../options';
import type { Builtin } from '../source';

const Options = z.object({
  samples: sampleCount(1000), noise: noiseLevel(0.1),
  xMin: z.number().finite().default(-Math.PI), xMax: z.number().finite().default(Math.PI),
  function: z.literal('sin').optional(),
});

export const sine: Builtin = {
  name: 'sine',
  summary: 'Points on a noisy sine wave: predict y from x (regression).',
  load(options, { seed }) {
    const o = readOptions(Options, options, 'sine');
    if (!(o.xMin < o.xMax)) throw new DataError(`dataset "sine": xMin (${o.xMin}) must be less than xMax (${o.xMax}).`);
    const random = new Random(seed);
    const x = new Float32Array(o.samples);
    const y = new Float32Array(o.samples);
    for (let i = 0; i < o.samples; i++) {
      x[i] = o.xMin + (o.xMax - o.xMin) * random.next();
      y[i] = Math.sin(x[i]!) + o.noise * random.normal();
    }
    return {
      dataset: {
        info: { name: 'sine', task: 'regression', source: `generated y = sin(x) + noise (seed ${seed})`, sparseLabels: false, features: ['x'] },
        train: { x: { data: x, shape: [o.samples, 1] }, y: { data: y, shape: [o.samples, 1] } },
      },
    };
  },
};
