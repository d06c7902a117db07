/**
 * Two concentric circles, as scikit-learn's make_circles: class 0 on the
 * outer circle (radius 1), class 1 on the inner one (radius `factor`), at
 * random angles, plus Gaussian noise on each coordinate.
 * Options: samples (400), noise (0.05), factor (0.5).
 */
import { z } from 'zod';
import { readOptions } from '../options';
import type { Builtin } from '../source';
import { generatePoints, pointOptions } from './points';

const Options = z.object({ ...pointOptions(0.05), factor: z.number().gt(0).lt(1).default(0.5) });

export const circles: Builtin = {
  name: 'circles',
  summary: 'A small circle inside a larger one; the classes are not linearly separable.',
  load(options, { seed }) {
    const o = readOptions(Options, options, 'circles');
    return generatePoints({ name: 'circles', source: `generated circles (seed ${seed})`, classes: ['outer', 'inner'] }, o.samples, seed, (_i, _n, label, random) => {
      const r = label === 0 ? 1 : o.factor;
      const t = 2 * Math.PI * random.next();
      return [r * Math.cos(t) + o.noise * random.normal(), r * Math.sin(t) + o.noise * random.normal()];
    });
  },
};
