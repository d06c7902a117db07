/**
 * What MNIST and Fashion-MNIST share: finding their four IDX files (the
 * folders of locations.ts, in order, then a download when allowed), reading
 * them as 28×28 images in [0, 1] with int32 labels, and the "pad" option that
 * frames each image with zeros (2 turns 28×28 into LeNet-5's 32×32).
 */
import { dirname } from 'node:path';
import { z } from 'zod';
import { downloadDataset, REMOTE_DATASETS, type RemoteName } from '../download';
import { DataError } from '../errors';
import { findIdxFiles, readIdxSplit, type IdxFiles } from '../idx';
import { searchDirs } from '../locations';
import type { SourceContext, SourceResult } from '../source';
import { formatShape, padImages } from '../tensor';
import type { Split } from '../types';

export const IdxOptions = z.object({ pad: z.number().int().min(0).max(64).default(0) });

/** The dataset's files from the first folder that has all four, downloading them if allowed; undefined if none. */
export async function locateIdx(name: RemoteName, context: SourceContext): Promise<IdxFiles | undefined> {
  for (const dir of searchDirs(context.paths, name)) {
    const files = findIdxFiles(dir);
    if (files?.testImages) return files;
  }
  if (!context.download) return undefined;
  const dir = await downloadDataset(name, context.paths, { ...(context.mirrors ? { mirrors: context.mirrors } : {}), onProgress: context.progress });
  return findIdxFiles(dir);
}

/** Where locateIdx looked, for messages. */
export const lookedIn = (name: RemoteName, context: SourceContext) =>
  searchDirs(context.paths, name).map((d) => `  - ${d}`).join('\n') + (context.paths.dataDir ? '' : '\n  (NETWRIGHT_DATA_DIR is not set)');

export const howToGet = (name: RemoteName) => `Allow Netwright to download it (about 30 MB from ${REMOTE_DATASETS[name].mirrors[0]}), or put the four files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) from ${REMOTE_DATASETS[name].homepage} in a folder and set NETWRIGHT_DATA_DIR to it`;

export interface IdxDescription {
  readonly name: string;
  readonly classes: readonly string[];
}

export function padSplit(split: Split, pad: number): Split {
  return pad ? { x: padImages(split.x, pad), y: split.y } : split;
}

export async function readIdxDataset(d: IdxDescription, files: IdxFiles, pad: number, context: SourceContext): Promise<SourceResult> {
  context.progress(`Reading ${d.name} from ${dirname(files.trainImages)}`);
  const [train, test] = await Promise.all([
    readIdxSplit(files.trainImages, files.trainLabels, d.classes.length),
    readIdxSplit(files.testImages!, files.testLabels!, d.classes.length),
  ]);
  for (const [split, path] of [[train, files.trainImages], [test, files.testImages!]] as const) {
    if (split.x.shape.length !== 3 || split.x.shape[1] !== 28 || split.x.shape[2] !== 28) {
      throw new DataError(`${path} should hold 28×28 images but has shape ${formatShape(split.x.shape)}. It is not ${d.name}; remove it or point NETWRIGHT_DATA_DIR elsewhere.`);
    }
  }
  return {
    dataset: {
      info: { name: d.name, task: 'classification', classes: d.classes, source: dirname(files.trainImages), sparseLabels: true, preprocessing: { scale: 1 / 255, ...(pad ? { pad } : {}) } },
      train: padSplit(train, pad),
      test: padSplit(test, pad),
    },
  };
}
