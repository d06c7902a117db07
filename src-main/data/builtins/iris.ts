/**
 * Fisher's Iris data (1936): 150 flowers, 50 of each of three species, with
 * sepal and petal length and width in cm. Shipped as
 * resources/datasets/iris.csv with Fisher's published values (the UCI copy
 * has two known transcription errors, in rows 35 and 38).
 * Options: normalize ("none" by default, so the values are the measured cm;
 * "zscore" standardises with the training split's statistics).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseCsv } from '../csv';
import { readOptions } from '../options';
import { resourcePath } from '../resources';
import type { Builtin } from '../source';

const Options = z.object({ normalize: z.enum(['zscore', 'none']).default('none') });

export const iris: Builtin = {
  name: 'iris',
  summary: "Fisher's 150 iris flowers: four measurements, three species.",
  async load(options) {
    const o = readOptions(Options, options, 'iris');
    const path = resourcePath('datasets/iris.csv');
    const { dataset, standardize } = parseCsv(await readFile(path, 'utf8'), { label: 'species', normalize: o.normalize, task: 'classification' }, 'iris', path);
    return { dataset: { ...dataset, info: { ...dataset.info, source: "Fisher's Iris data (1936), resources/datasets/iris.csv" } }, ...(standardize ? { standardize } : {}) };
  },
};
