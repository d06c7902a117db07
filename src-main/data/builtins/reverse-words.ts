/**
 * A sequence-to-sequence toy: reverse a word. Words are 1–7 random lower-case
 * letters drawn with the seed. Each of the T = 8 time steps holds one token,
 * one-hot over a vocabulary of 28: 0 padding, 1–26 the letters a–z, 27 the
 * end mark. Input: the word, the end mark, padding. Target: the word
 * reversed, the end mark, padding. Both have shape [T, 28].
 * Options: samples (2000), timesteps (8), minLength (1), maxLength (timesteps − 1).
 * The project may also state vocabularySize 28, padId 0, endId 27 and
 * encoding "one-hot"; other values are an error, since they are fixed here.
 */
import { z } from 'zod';
import { Random } from '../../engine/random';
import { DataError } from '../errors';
import { readOptions, sampleCount } from '../options';
import type { Builtin } from '../source';

export const VOCABULARY = ['<pad>', ...'abcdefghijklmnopqrstuvwxyz', '<end>'];
const PAD = 0;
const END = 27;

const Options = z.object({
  samples: sampleCount(2000, 200_000),
  timesteps: z.number().int().min(2).max(64).default(8),
  minLength: z.number().int().min(1).default(1),
  maxLength: z.number().int().min(1).optional(),
  vocabularySize: z.literal(VOCABULARY.length).optional(),
  padId: z.literal(PAD).optional(),
  endId: z.literal(END).optional(),
  encoding: z.literal('one-hot').optional(),
});

/** The token ids of `word` (a–z) followed by the end mark and padding to `timesteps`. */
export function encodeWord(word: string, timesteps: number): number[] {
  const ids = [...word].map((c) => c.charCodeAt(0) - 96);
  return [...ids, END, ...new Array<number>(timesteps - ids.length - 1).fill(PAD)];
}

export const decodeTokens = (ids: readonly number[]) => ids.filter((t) => t > PAD && t < END).map((t) => VOCABULARY[t]).join('');

export const reverseWords: Builtin = {
  name: 'reverse-words',
  summary: 'Words of up to 7 letters and the same words reversed, as one-hot sequences (for RNNs).',
  load(options, { seed }) {
    const o = readOptions(Options, options, 'reverse-words');
    const maxLength = o.maxLength ?? o.timesteps - 1;
    if (maxLength > o.timesteps - 1 || o.minLength > maxLength) {
      throw new DataError(`dataset "reverse-words": word lengths must satisfy 1 ≤ minLength (${o.minLength}) ≤ maxLength (${maxLength}) ≤ timesteps − 1 (${o.timesteps - 1}), leaving room for the end mark.`);
    }
    const random = new Random(seed);
    const T = o.timesteps;
    const V = VOCABULARY.length;
    const x = new Float32Array(o.samples * T * V);
    const y = new Float32Array(o.samples * T * V);
    for (let s = 0; s < o.samples; s++) {
      const length = o.minLength + Math.floor(random.next() * (maxLength - o.minLength + 1));
      const word = Array.from({ length }, () => String.fromCharCode(97 + Math.floor(random.next() * 26))).join('');
      const input = encodeWord(word, T);
      const target = encodeWord([...word].reverse().join(''), T);
      for (let t = 0; t < T; t++) {
        x[(s * T + t) * V + input[t]!] = 1;
        y[(s * T + t) * V + target[t]!] = 1;
      }
    }
    return {
      dataset: {
        info: { name: 'reverse-words', task: 'sequence', classes: VOCABULARY, source: `generated random words (seed ${seed})`, sparseLabels: false },
        train: { x: { data: x, shape: [o.samples, T, V] }, y: { data: y, shape: [o.samples, T, V] } },
      },
    };
  },
};
