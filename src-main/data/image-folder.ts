/**
 * Image folders: one subfolder per class, holding PNG or JPEG files
 *   photos/cat/1.png, photos/dog/7.jpg, …
 * or the same inside train/ and test/ (and optionally validation/ or val/)
 * subfolders. Class ids follow the sorted folder names.
 *
 * Every image is converted to the model's input (see image.ts for how):
 * size and channels come from the options width, height and channels, else
 * from the input shape ([h, w] is greyscale without a channel axis,
 * [h, w, 1] greyscale, [h, w, 3] RGB), else from the first image, in RGB.
 */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { z } from 'zod';
import { DataError } from './errors';
import { decodeImage, resizeArea, toChannels } from './image';
import { readOptions } from './options';
import type { SourceContext, SourceResult } from './source';
import type { Split } from './types';

const Options = z.object({
  width: z.number().int().min(1).max(4096).optional(),
  height: z.number().int().min(1).max(4096).optional(),
  channels: z.union([z.literal(1), z.literal(3)]).optional(),
});

const IMAGES = new Set(['.png', '.jpg', '.jpeg']);
const UNSUPPORTED = new Set(['.gif', '.bmp', '.webp', '.tif', '.tiff', '.heic', '.avif']);
const SPLIT_FOLDERS = { train: ['train', 'training'], validation: ['validation', 'val', 'valid'], test: ['test', 'testing'] } as const;

interface Target { height: number; width: number; channels: 1 | 3; flat: boolean }

async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    throw new DataError(`could not read the image folder ${dir}: ${e.code === 'ENOENT' ? 'it does not exist' : e.message}.`);
  });
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
}

async function imageFiles(dir: string): Promise<string[]> {
  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name).sort();
  const odd = names.find((n) => UNSUPPORTED.has(extname(n).toLowerCase()));
  if (odd) throw new DataError(`${join(dir, odd)} is a ${extname(odd).slice(1).toUpperCase()} image; only PNG and JPEG are read. Convert it, or remove it from the folder.`);
  return names.filter((n) => IMAGES.has(extname(n).toLowerCase())).map((n) => join(dir, n));
}

function targetFrom(options: z.infer<typeof Options>, inputShape: readonly number[] | undefined): Partial<Target> {
  const s = inputShape;
  const fromShape: Partial<Target> = s?.length === 2 ? { height: s[0]!, width: s[1]!, channels: 1, flat: true }
    : s?.length === 3 && (s[2] === 1 || s[2] === 3) ? { height: s[0]!, width: s[1]!, channels: s[2], flat: false } : {};
  return {
    ...fromShape,
    ...(options.height ? { height: options.height } : {}),
    ...(options.width ? { width: options.width } : {}),
    ...(options.channels ? { channels: options.channels, flat: false } : {}),
  };
}

async function readSplit(root: string, classes: readonly string[], target: Partial<Target>, context: SourceContext): Promise<{ split: Split; target: Target }> {
  const present = await subfolders(root);
  const stray = present.find((c) => !classes.includes(c));
  if (stray) throw new DataError(`${join(root, stray)} is a class folder that the training images do not have (their classes: ${classes.join(', ')}). Every split must use the same class folders.`);
  const files: { path: string; label: number }[] = [];
  for (const c of present) for (const path of await imageFiles(join(root, c))) files.push({ path, label: classes.indexOf(c) });
  if (files.length === 0) throw new DataError(`${root} has class folders but no PNG or JPEG images in them.`);
  let t: Target | undefined;
  let x: Float32Array | undefined;
  const y = new Int32Array(files.length);
  for (const [i, f] of files.entries()) {
    const image = decodeImage(await readFile(f.path), f.path);
    t ??= { height: target.height ?? image.height, width: target.width ?? image.width, channels: target.channels ?? 3, flat: target.flat ?? false };
    x ??= new Float32Array(files.length * t.height * t.width * t.channels);
    x.set(resizeArea(toChannels(image, t.channels), image.width, image.height, t.channels, t.width, t.height), i * t.height * t.width * t.channels);
    y[i] = f.label;
    if ((i + 1) % 1000 === 0) context.progress(`Reading images from ${root}: ${i + 1} of ${files.length}`);
  }
  const shape = t!.flat ? [files.length, t!.height, t!.width] : [files.length, t!.height, t!.width, t!.channels];
  return { split: { x: { data: x!, shape }, y: { data: y, shape: [files.length] } }, target: t! };
}

export async function readImageFolder(dir: string, options: Readonly<Record<string, unknown>> | undefined, name: string, context: SourceContext): Promise<SourceResult> {
  const o = readOptions(Options, options, name);
  const top = await subfolders(dir);
  const find = (names: readonly string[]) => top.find((t) => names.includes(t.toLowerCase()));
  const trainDir = find(SPLIT_FOLDERS.train);
  const root = trainDir ? join(dir, trainDir) : dir;
  const classes = await subfolders(root);
  if (classes.length === 0) {
    throw new DataError(`${dir} has no class folders. Put the images in one subfolder per class, e.g. ${join(dir, 'cats')}/1.png and ${join(dir, 'dogs')}/1.png (optionally inside train/ and test/ folders).`);
  }
  const first = await readSplit(root, classes, targetFrom(o, context.inputShape), context);
  // The other splits are fitted to whatever the training images became.
  const extra = async (names: readonly string[]) => {
    const folder = trainDir ? find(names) : undefined;
    return folder ? (await readSplit(join(dir, folder), classes, first.target, context)).split : undefined;
  };
  const [validation, test] = [await extra(SPLIT_FOLDERS.validation), await extra(SPLIT_FOLDERS.test)];
  const t = first.target;
  return {
    dataset: {
      info: { name, task: 'classification', classes, source: dir, sparseLabels: true, preprocessing: { scale: 1 / 255, image: [t.height, t.width, t.channels] } },
      train: first.split,
      ...(validation ? { validation } : {}),
      ...(test ? { test } : {}),
    },
  };
}
