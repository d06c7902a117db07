/**
 * Two interleaving half-moons, as scikit-learn's make_moons: class 0 is
 * (cos t, sin t) and class 1 is (1 − cos t, 0.5 − sin t) for t uniform in
 * [0, π], plus Gaussian noise on each coordinate.
 * Options: samples (400), noise (0.1).
 */
import { z } from 'zod';
import { readOptions } from '../options';
import type { Builtin } from '../source';
import { generatePoints, pointOptions } from './points';

const Options = z.object(pointOptions(0.1));

export const moons: Builtin = {
  name: 'moons',
  summary: 'Two interlocking half-moons; a curved boundary separates them.',
  load(options, { seed }) {
    const o = readOptions(Options, options, 'moons');
    return generatePoints({ name: 'moons', source: `generated moons (seed ${seed})`, classes: ['upper', 'lower'] }, o.samples, seed, (_i, _n, label, random) => {
      const t = Math.PI * random.next();
      const [a, b] = label === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
      return [a + o.noise * random.normal(), b + o.noise * random.normal()];
    });
  },
};
