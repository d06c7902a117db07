/**
 * IDX, the format of MNIST and Fashion-MNIST: a 4-byte magic (two zero
 * bytes, a type code, the number of dimensions), the dimensions as
 * big-endian uint32, then the values in C order, big-endian. Files may be
 * gzip-compressed; they are recognised by content, not by name.
 *
 * Also here: finding the four files of an MNIST-style folder
 * (train-images-idx3-ubyte[.gz], …; the dotted spelling
 * train-images.idx3-ubyte is accepted too) and turning them into splits.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DataError } from './errors';
import { scaleBytes } from './normalize';
import { formatShape, product } from './tensor';
import type { Split } from './types';

const gunzipAsync = promisify(gunzip);

export type IdxType = 'u8' | 'i8' | 'i16' | 'i32' | 'f32' | 'f64';
export type IdxValues = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  readonly type: IdxType;
  readonly shape: readonly number[];
  readonly data: IdxValues;
}

const TYPES: Record<number, { type: IdxType; size: number }> = {
  0x08: { type: 'u8', size: 1 }, 0x09: { type: 'i8', size: 1 }, 0x0b: { type: 'i16', size: 2 },
  0x0c: { type: 'i32', size: 4 }, 0x0d: { type: 'f32', size: 4 }, 0x0e: { type: 'f64', size: 8 },
};

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Parses uncompressed IDX bytes. `source` names the file in error messages. */
export function parseIdx(bytes: Uint8Array, source = 'the IDX data'): IdxArray {
  const bad = (what: string) => new DataError(`${source} is not a valid IDX file: ${what}. IDX files are the format of MNIST (train-images-idx3-ubyte and similar); check that the file is complete and not another format.`);
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) throw bad('it does not start with the IDX magic number (two zero bytes)');
  const kind = TYPES[bytes[2]!];
  if (!kind) throw bad(`unknown value type code 0x${bytes[2]!.toString(16)}`);
  const rank = bytes[3]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = 4 + 4 * rank;
  if (rank === 0 || bytes.length < start) throw bad(`its header is cut short (${rank} dimensions declared)`);
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const n = product(shape);
  const expected = start + n * kind.size;
  if (bytes.length !== expected) throw bad(`the header declares shape ${formatShape(shape)} (${expected} bytes in all) but the file has ${bytes.length} bytes`);
  let data: IdxValues;
  switch (kind.type) {
    // Copies, so the result never aliases a pooled Node Buffer.
    case 'u8': data = new Uint8Array(bytes.subarray(start, expected)); break;
    case 'i8': data = new Int8Array(bytes.buffer, bytes.byteOffset + start, n).slice(); break;
    case 'i16': data = Int16Array.from({ length: n }, (_, i) => view.getInt16(start + 2 * i)); break;
    case 'i32': data = Int32Array.from({ length: n }, (_, i) => view.getInt32(start + 4 * i)); break;
    case 'f32': data = Float32Array.from({ length: n }, (_, i) => view.getFloat32(start + 4 * i)); break;
    case 'f64': data = Float64Array.from({ length: n }, (_, i) => view.getFloat64(start + 8 * i)); break;
  }
  return { type: kind.type, shape, data };
}

/** Encodes an array as IDX bytes (uncompressed); the inverse of parseIdx. */
export function encodeIdx(a: IdxArray): Uint8Array {
  const code = Number(Object.entries(TYPES).find(([, t]) => t.type === a.type)![0]);
  const size = TYPES[code]!.size;
  const start = 4 + 4 * a.shape.length;
  const out = new Uint8Array(start + a.data.length * size);
  const view = new DataView(out.buffer);
  out.set([0, 0, code, a.shape.length]);
  a.shape.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  const setters: Record<IdxType, (o: number, v: number) => void> = {
    u8: (o, v) => view.setUint8(o, v), i8: (o, v) => view.setInt8(o, v), i16: (o, v) => view.setInt16(o, v),
    i32: (o, v) => view.setInt32(o, v), f32: (o, v) => view.setFloat32(o, v), f64: (o, v) => view.setFloat64(o, v),
  };
  for (let i = 0; i < a.data.length; i++) setters[a.type](start + i * size, a.data[i]!);
  return out;
}

/** Reads an IDX file, gzip-compressed or not. */
export async function readIdxFile(path: string): Promise<IdxArray> {
  let bytes: Uint8Array = await readFile(path).catch((e: NodeJS.ErrnoException) => {
    throw new DataError(`could not read ${path}: ${e.code === 'ENOENT' ? 'the file does not exist' : e.message}.`);
  });
  if (isGzip(bytes)) {
    bytes = await gunzipAsync(bytes).catch((e: Error) => {
      throw new DataError(`${path} looks gzip-compressed but could not be decompressed (${e.message}). The file is probably truncated: download it again.`);
    });
  }
  return parseIdx(bytes, path);
}

export interface IdxFiles {
  readonly trainImages: string;
  readonly trainLabels: string;
  readonly testImages?: string;
  readonly testLabels?: string;
}

/** The first existing spelling of an MNIST-style file name in `dir`. */
function findFile(dir: string, prefix: string, rank: 1 | 3): string | undefined {
  for (const sep of ['-', '.']) {
    for (const ext of ['', '.gz']) {
      const path = join(dir, `${prefix}${sep}idx${rank}-ubyte${ext}`);
      if (existsSync(path)) return path;
    }
  }
  return undefined;
}

/** The IDX files of an MNIST-style folder, or undefined when it has no training pair. */
export function findIdxFiles(dir: string): IdxFiles | undefined {
  const trainImages = findFile(dir, 'train-images', 3);
  const trainLabels = findFile(dir, 'train-labels', 1);
  if (!trainImages || !trainLabels) return undefined;
  const testImages = findFile(dir, 't10k-images', 3);
  const testLabels = findFile(dir, 't10k-labels', 1);
  return { trainImages, trainLabels, ...(testImages && testLabels ? { testImages, testLabels } : {}) };
}

/**
 * Images and labels as a split: byte pixels scaled to [0, 1], labels as
 * int32 class ids. `classes` bounds the labels when known.
 */
export async function readIdxSplit(imagesPath: string, labelsPath: string, classes?: number): Promise<Split> {
  const [images, labels] = await Promise.all([readIdxFile(imagesPath), readIdxFile(labelsPath)]);
  if (labels.shape.length !== 1) throw new DataError(`${labelsPath} should hold one label per sample (1 dimension) but has shape ${formatShape(labels.shape)}.`);
  if (images.shape[0] !== labels.shape[0]) throw new DataError(`${imagesPath} has ${images.shape[0]} samples but ${labelsPath} has ${labels.shape[0]} labels; they must come from the same set.`);
  const y = Int32Array.from(labels.data);
  if (classes !== undefined) {
    const bad = y.findIndex((c) => c < 0 || c >= classes);
    if (bad >= 0) throw new DataError(`label ${bad} in ${labelsPath} is ${y[bad]}, outside the ${classes} classes 0–${classes - 1}. The file is corrupt or belongs to another dataset.`);
  }
  const x = images.type === 'u8' ? scaleBytes(images.data) : Float32Array.from(images.data);
  return { x: { data: x, shape: images.shape }, y: { data: y, shape: [y.length] } };
}
