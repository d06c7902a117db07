/**
 * A per-axis tuple that may be left empty (null), for Keras arguments whose
 * `None` means "work it out": pooling `strides` (same as `pool_size`) and
 * Conv2DTranspose's `output_padding` (Keras's own length rule). It reuses the
 * 'intList' kind so the inspector needs nothing new, but checks the length
 * and range as `ints` does, and, as in Keras, one number stands for every axis.
 */
import { z } from 'zod';
import type { IntListSpec } from './params';

export function nullableInts(length: number, o: { default: number[] | null; doc: string; min: number; nullMeans: string }): IntListSpec {
  const item = z.number().int().min(o.min);
  const schema = z
    .union([item, z.array(item).length(length)])
    .nullable()
    .transform((v) => (typeof v === 'number' ? Array<number>(length).fill(v) : v)) as unknown as z.ZodType<number[] | null>;
  const what = o.min === 0 ? 'whole numbers of 0 or more' : 'positive whole numbers';
  return { kind: 'intList', default: o.default, doc: o.doc, schema, expects: `null (${o.nullMeans}), a whole number, or a list of ${length} ${what}` };
}
