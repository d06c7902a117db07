/**
 * Seeded train / validation / test splits. Samples are shuffled once with the
 * dataset's seed before a fraction is cut off, so a sorted file (Iris lists
 * its classes in order) still gives every split every class, and the same
 * seed always gives the same split.
 */
import { Random } from '../engine/random';
import { DataError } from './errors';
import { gatherSplit } from './tensor';
import { count, type Split } from './types';

/** Shuffles `split` with `seed` and cuts off `fraction` of it (at least one sample when fraction > 0). */
export function splitOff(split: Split, fraction: number, seed: number, what: string): { rest: Split; part: Split } {
  if (!(fraction > 0 && fraction < 1)) throw new DataError(`the ${what} fraction must be between 0 and 1 (for example 0.1), got ${fraction}.`);
  const n = count(split);
  const take = Math.max(1, Math.round(n * fraction));
  if (take >= n) throw new DataError(`a ${what} fraction of ${fraction} leaves no training samples out of ${n}. Use a smaller fraction or more data.`);
  const order = new Random(seed).permutation(n);
  return { rest: gatherSplit(split, order.subarray(take)), part: gatherSplit(split, order.subarray(0, take)) };
}

/** The samples in a seeded random order. */
export const shuffled = (split: Split, seed: number): Split => gatherSplit(split, new Random(seed).permutation(count(split)));
