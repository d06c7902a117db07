/**
 * loadDataset: from a project's DatasetRef to the splits the trainer uploads.
 *   1. the source: a built-in (ref.name) or a file or folder (ref.path,
 *      relative to the project's folder): CSV, NPY, IDX or an image folder;
 *   2. a test split cut off when the options ask for one ("testSplit") and
 *      the source has none; then a validation split (options.validationSplit)
 *      when the source has none; both shuffled with the seed;
 *   3. standardisation of the features the source marks (CSV's numeric
 *      columns), with statistics from the training split only;
 *   4. each sample reshaped to the model's input shape when the element
 *      counts agree (MNIST's 28×28 to [784] or [28, 28, 1]); a real
 *      mismatch is left for training to report against the Input layer.
 */
import { existsSync, statSync } from 'node:fs';
import { extname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import type { DatasetRef } from '../../shared/graph/schema';
import { readArrayFile, readArrayFolder } from './array-files';
import { BUILTINS, findBuiltin } from './builtins';
import { readCsv } from './csv';
import { DataError } from './errors';
import { readImageFolder } from './image-folder';
import { defaultPaths, type DataPaths } from './locations';
import { applyStandardization, fitStandardization } from './normalize';
import { readOptions } from './options';
import type { SourceContext, SourceResult } from './source';
import { splitOff } from './splits';
import { reshapeSamples } from './tensor';
import type { Dataset, Split } from './types';

export interface LoadOptions {
  /** The project file's folder; relative dataset paths start here (else the working directory). */
  readonly projectDir?: string;
  /** The model's per-sample input shape. */
  readonly inputShape?: readonly number[];
  /** Seeds generated data and every shuffle (default 0). */
  readonly seed?: number;
  /** Fraction of the training samples held out for validation, when the dataset has no validation split. */
  readonly validationSplit?: number;
  readonly onProgress?: (message: string) => void;
  /** Fetch MNIST or Fashion-MNIST when no local copy exists (default false: ask the person first). */
  readonly download?: boolean;
  /** Replaces the download mirrors (tests point this at a local server). */
  readonly mirrors?: readonly string[];
  /** Replaces the folders from the environment (NETWRIGHT_DATA_DIR, NETWRIGHT_CACHE_DIR). */
  readonly paths?: DataPaths;
}

const SplitOptions = z.object({ testSplit: z.number().min(0).max(0.9).default(0) });

const FORMATS = 'a CSV file (.csv, .tsv), an NPY file (.npy), an IDX file (MNIST format), or a folder (image folder, NPY pairs or IDX files)';

async function readPath(path: string, ref: DatasetRef, context: SourceContext): Promise<SourceResult> {
  if (statSync(path).isDirectory()) {
    return (await readArrayFolder(path, ref.options, ref.name)) ?? readImageFolder(path, ref.options, ref.name, context);
  }
  const ext = extname(path).toLowerCase();
  if (['.csv', '.tsv', '.txt'].includes(ext)) return readCsv(path, ref.options, ref.name);
  if (ext === '.npy' || ext === '.gz' || ext === '.idx' || /idx\d-ubyte$/i.test(path)) return readArrayFile(path, ref.options, ref.name);
  if (ext === '.npz') throw new DataError(`${path} is an .npz archive, which is not read. Save each array with numpy.save (x_train.npy, y_train.npy, …) into a folder and choose the folder.`);
  if (['.png', '.jpg', '.jpeg'].includes(ext)) throw new DataError(`${path} is a single image. Choose the folder that holds one subfolder of images per class.`);
  throw new DataError(`${path} is not a dataset format Netwright reads. Choose ${FORMATS}.`);
}

function resolveSource(ref: DatasetRef, options: LoadOptions): { path?: string } {
  if (!ref.path) return {};
  const base = options.projectDir ?? process.cwd();
  const path = isAbsolute(ref.path) ? ref.path : resolve(base, ref.path);
  if (!existsSync(path)) {
    throw new DataError(`the dataset "${ref.name}" was not found at ${path}${isAbsolute(ref.path) ? '' : ` (the path "${ref.path}" is taken relative to ${options.projectDir ? 'the project folder' : 'the working folder'} ${base})`}. Move the data there, or change the dataset's path in the project.`);
  }
  return { path };
}

export async function loadDataset(ref: DatasetRef, options: LoadOptions = {}): Promise<Dataset> {
  const seed = options.seed ?? 0;
  const context: SourceContext = {
    seed,
    paths: options.paths ?? defaultPaths(),
    download: options.download ?? false,
    progress: options.onProgress ?? (() => {}),
    ...(options.inputShape ? { inputShape: options.inputShape } : {}),
    ...(options.mirrors ? { mirrors: options.mirrors } : {}),
  };
  const { path } = resolveSource(ref, options);
  let source: SourceResult;
  if (path) source = await readPath(path, ref, context);
  else {
    const builtin = findBuiltin(ref.name);
    if (!builtin) {
      throw new DataError(`there is no built-in dataset called "${ref.name}". The built-in datasets are: ${BUILTINS.map((b) => b.name).join(', ')}. For your own data, give the dataset a path to ${FORMATS}.`);
    }
    source = await builtin.load(ref.options, context);
  }
  return finish(source, ref, options, seed);
}

function finish({ dataset, standardize }: SourceResult, ref: DatasetRef, options: LoadOptions, seed: number): Dataset {
  const { testSplit } = readOptions(SplitOptions, ref.options, ref.name);
  const validationSplit = options.validationSplit ?? 0;
  if (!(validationSplit >= 0 && validationSplit < 1)) throw new DataError(`the validation split must be a fraction from 0 up to (not including) 1, got ${validationSplit}.`);
  let { train, validation, test } = dataset;
  if (testSplit > 0) {
    if (test) throw new DataError(`dataset "${ref.name}" already has its own test split, so the option "testSplit" cannot make another. Remove the option.`);
    ({ rest: train, part: test } = splitOff(train, testSplit, seed + 1, 'test'));
  }
  if (validationSplit > 0 && !validation) ({ rest: train, part: validation } = splitOff(train, validationSplit, seed + 2, 'validation'));

  let info = dataset.info;
  const st = standardize?.length ? fitStandardization(train.x, standardize) : undefined;
  if (st) info = { ...info, preprocessing: { ...info.preprocessing, standardize: st } };
  const shape = options.inputShape;
  const prepare = (s: Split): Split => {
    const x = st ? applyStandardization(s.x, st) : s.x;
    return { x: shape ? reshapeSamples(x, shape) : x, y: s.y };
  };
  return { info, train: prepare(train), ...(validation ? { validation: prepare(validation) } : {}), ...(test ? { test: prepare(test) } : {}) };
}
