/**
 * NPY and IDX arrays as datasets. Either a folder of pairs,
 *   NPY: x_train.npy + y_train.npy, optional x_test/y_test and x_val/y_val
 *        (or x_validation), or just x.npy + y.npy (any letter case);
 *   IDX: MNIST's names, train-images-idx3-ubyte[.gz] + train-labels-idx1-ubyte[.gz],
 *        optional t10k-images/t10k-labels;
 * or one inputs file with the option "labels" naming the labels file
 * (relative to the inputs file's folder).
 *
 * Inputs: bytes (u1 / u8) are pixels and are scaled to [0, 1] unless the
 * option "scale" is false; other types become float32.
 * Labels: integers of shape [n] or [n, 1] are class ids; rows of 0/1 that
 * each sum to 1 are one-hot classes; anything else is a regression target
 * (the option "task" overrides: "classification" or "regression").
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { z } from 'zod';
import { DataError } from './errors';
import { findIdxFiles, readIdxFile, type IdxFiles } from './idx';
import { scaleBytes } from './normalize';
import { readNpyFile } from './npy';
import { readOptions } from './options';
import type { SourceResult } from './source';
import { formatShape } from './tensor';
import type { DatasetInfo, Split, TensorData } from './types';

const Options = z.object({
  labels: z.string().min(1).optional(),
  task: z.enum(['classification', 'regression']).optional(),
  scale: z.boolean().default(true),
});
type ArrayOptions = z.infer<typeof Options>;

/** A numeric array from either format; `integer` says whether its type holds whole numbers. */
interface NumericArray { shape: readonly number[]; data: ArrayLike<number>; bytes: boolean; integer: boolean }

async function readArray(path: string): Promise<NumericArray> {
  if (extname(path).toLowerCase() === '.npy') {
    const a = await readNpyFile(path);
    return { shape: a.shape, data: a.data, bytes: a.dtype === 'u1', integer: a.dtype !== 'f4' && a.dtype !== 'f8' };
  }
  const a = await readIdxFile(path);
  return { shape: a.shape, data: a.data, bytes: a.type === 'u8', integer: a.type !== 'f32' && a.type !== 'f64' };
}

function inputs(a: NumericArray, o: ArrayOptions): TensorData {
  return { data: a.bytes && o.scale ? scaleBytes(a.data) : Float32Array.from(a.data), shape: a.shape };
}

type LabelInfo = Pick<DatasetInfo, 'task' | 'sparseLabels' | 'classes'>;

function isOneHot(a: NumericArray): boolean {
  const k = a.shape.at(-1)!;
  for (let r = 0; r < a.data.length / k; r++) {
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const v = a.data[r * k + c]!;
      if (v !== 0 && v !== 1) return false;
      sum += v;
    }
    if (sum !== 1) return false;
  }
  return true;
}

function labels(a: NumericArray, o: ArrayOptions, path: string): { y: TensorData; info: LabelInfo } {
  const n = a.shape[0]!;
  const column = a.shape.length === 1 || (a.shape.length === 2 && a.shape[1] === 1);
  const ids = o.task === 'classification' || (o.task === undefined && a.integer);
  if (column && ids) {
    let max = 0;
    for (let i = 0; i < n; i++) {
      const c = a.data[i]!;
      if (!(Number.isInteger(c) && c >= 0 && c < 1 << 20)) throw new DataError(`${path}: label ${i} is ${c}, but class labels must be whole numbers 0, 1, 2, … Renumber the classes, or set the dataset option "task" to "regression".`);
      max = Math.max(max, c);
    }
    const classes = Array.from({ length: max + 1 }, (_, k) => String(k));
    return { y: { data: Int32Array.from(a.data), shape: [n] }, info: { task: 'classification', sparseLabels: true, classes } };
  }
  const y = { data: Float32Array.from(a.data), shape: a.shape };
  if (!column && o.task !== 'regression' && isOneHot(a)) {
    return { y, info: { task: 'classification', sparseLabels: false, classes: Array.from({ length: a.shape.at(-1)! }, (_, k) => String(k)) } };
  }
  return { y, info: { task: 'regression', sparseLabels: false } };
}

interface Pair { x: string; y: string }

async function readPair(p: Pair, o: ArrayOptions): Promise<{ split: Split; info: LabelInfo; scaled: boolean }> {
  const [x, y] = await Promise.all([readArray(p.x), readArray(p.y)]);
  if (x.shape[0] !== y.shape[0]) throw new DataError(`${p.x} has ${x.shape[0]} samples (shape ${formatShape(x.shape)}) but ${p.y} has ${y.shape[0]} (shape ${formatShape(y.shape)}). Inputs and labels must have the same first dimension.`);
  const l = labels(y, o, p.y);
  return { split: { x: inputs(x, o), y: l.y }, info: l.info, scaled: x.bytes && o.scale };
}

async function npyPairs(dir: string): Promise<{ train?: Pair; validation?: Pair; test?: Pair }> {
  const names = new Map((await readdir(dir)).map((n) => [n.toLowerCase(), join(dir, n)]));
  const pair = (...stems: string[]): Pair | undefined => {
    for (const s of stems) {
      const x = names.get(`x${s}.npy`);
      const y = names.get(`y${s}.npy`);
      if (x && y) return { x, y };
    }
    return undefined;
  };
  const train = pair('_train', '');
  const validation = pair('_val', '_validation', '_valid');
  const test = pair('_test');
  return { ...(train ? { train } : {}), ...(validation ? { validation } : {}), ...(test ? { test } : {}) };
}

function idxPairs(files: IdxFiles): { train: Pair; test?: Pair } {
  return { train: { x: files.trainImages, y: files.trainLabels }, ...(files.testImages ? { test: { x: files.testImages, y: files.testLabels! } } : {}) };
}

async function assemble(pairs: { train?: Pair; validation?: Pair; test?: Pair }, o: ArrayOptions, name: string, source: string): Promise<SourceResult> {
  const train = await readPair(pairs.train!, o);
  const other = async (p: Pair | undefined) => (p ? (await readPair(p, o)).split : undefined);
  const [validation, test] = [await other(pairs.validation), await other(pairs.test)];
  for (const [split, p] of [[validation, pairs.validation], [test, pairs.test]] as const) {
    if (split && split.x.shape.slice(1).join() !== train.split.x.shape.slice(1).join()) {
      throw new DataError(`${p!.x} has samples of shape ${formatShape(split.x.shape.slice(1))} but the training inputs have ${formatShape(train.split.x.shape.slice(1))}. Every split must have the same sample shape.`);
    }
  }
  return {
    dataset: {
      info: { name, source, ...train.info, ...(train.scaled ? { preprocessing: { scale: 1 / 255 } } : {}) },
      train: train.split,
      ...(validation ? { validation } : {}),
      ...(test ? { test } : {}),
    },
  };
}

/** A folder of NPY pairs or MNIST-style IDX files; undefined if it holds neither. */
export async function readArrayFolder(dir: string, options: Readonly<Record<string, unknown>> | undefined, name: string): Promise<SourceResult | undefined> {
  const npy = await npyPairs(dir);
  const idx = findIdxFiles(dir);
  if (!npy.train && !idx) return undefined;
  return assemble(npy.train ? npy : idxPairs(idx!), readOptions(Options, options, name), name, dir);
}

/** One inputs file (NPY or IDX) with its labels file named by the option "labels". */
export async function readArrayFile(path: string, options: Readonly<Record<string, unknown>> | undefined, name: string): Promise<SourceResult> {
  const o = readOptions(Options, options, name);
  if (!o.labels) {
    throw new DataError(`${path} holds only the inputs. Name the labels file with the dataset option "labels" (e.g. "labels": "y_train.npy"), or choose a folder holding x_train.npy and y_train.npy (or MNIST-style IDX files) instead.`);
  }
  const labelsPath = resolve(dirname(path), o.labels);
  if (!existsSync(labelsPath)) throw new DataError(`the labels file ${labelsPath} (option "labels" of ${path}) does not exist.`);
  return assemble({ train: { x: path, y: labelsPath } }, o, name, path);
}
