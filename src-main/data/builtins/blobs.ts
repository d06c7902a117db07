/**
 * Gaussian blobs: one round cluster per class. Unlike scikit-learn's
 * make_blobs, the centres are evenly spaced on a circle of radius `radius`
 * rather than random, so every seed gives the same separable layout and the
 * seed only moves the points.
 * Options: samples (400), classes (3), noise (the clusters' standard deviation, 1), radius (5).
 */
import { z } from 'zod';
import { readOptions } from '../options';
import type { Builtin } from '../source';
import { classCount, generatePoints, pointOptions } from './points';

const Options = z.object({ ...pointOptions(1), classes: classCount(3), radius: z.number().min(0).max(1000).default(5) });

export const blobs: Builtin = {
  name: 'blobs',
  summary: 'Round clusters of points, one per class; a linear model can separate them.',
  load(options, { seed }) {
    const o = readOptions(Options, options, 'blobs');
    const classes = Array.from({ length: o.classes }, (_, k) => `blob ${k}`);
    return generatePoints({ name: 'blobs', source: `generated blobs (seed ${seed})`, classes }, o.samples, seed, (_i, _n, k, random) => {
      const a = (2 * Math.PI * k) / o.classes;
      return [o.radius * Math.cos(a) + o.noise * random.normal(), o.radius * Math.sin(a) + o.noise * random.normal()];
    });
  },
};
