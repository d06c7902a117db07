/**
 * NPY, NumPy's array file (np.save): the magic "\x93NUMPY", a version, a
 * header length, a Python-literal header {'descr', 'fortran_order',
 * 'shape'}, then the raw values. Written by hand rather than with a library:
 * the format is one page long (numpy/lib/format.py) and the npm readers
 * fetch URLs or miss Fortran order.
 *
 * Little-endian (or one-byte) f4, f8, i1, i2, i4, i8, u1, u2 and b1 are read;
 * i8 values become float64 and must be exact (|v| ≤ 2^53). Fortran-ordered
 * arrays are transposed to C order. Assumes a little-endian host, as every
 * platform Netwright ships on is.
 */
import { readFile } from 'node:fs/promises';
import { DataError } from './errors';
import { formatShape, product } from './tensor';

export type NpyValues = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array;

export interface NpyArray {
  /** The NumPy type without byte order, e.g. 'f4'. */
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly data: NpyValues;
}

type Ctor = { new (b: ArrayBuffer): NpyValues; BYTES_PER_ELEMENT: number };

const TYPES: Record<string, Ctor | undefined> = {
  f4: Float32Array, f8: Float64Array, i1: Int8Array, i2: Int16Array, i4: Int32Array, u1: Uint8Array, u2: Uint16Array, b1: Uint8Array,
};

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Parses the bytes of an .npy file. `source` names it in error messages. */
export function parseNpy(bytes: Uint8Array, source = 'the NPY data'): NpyArray {
  const bad = (what: string, fix = 'Save the array with numpy.save(path, array).') => new DataError(`${source}: ${what}. ${fix}`);
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) throw bad('this is not an NPY file (it does not start with \\x93NUMPY)', 'Save arrays with numpy.save (.npz archives are not supported: save each array to its own .npy file).');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (major < 1 || major > 3) throw bad(`unsupported NPY format version ${major}`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = (major === 1 ? 10 : 12) + headerLength;
  if (bytes.length < start) throw bad('the header is cut short; the file is incomplete');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(major === 1 ? 10 : 12, start));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw bad(`its header could not be read (${header.trim()})`, 'Structured (record) arrays are not supported: save plain numeric arrays.');
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const order = descr[0]!;
  const dtype = descr.slice(1);
  const ctor = TYPES[dtype];
  if (dtype !== 'i8' && !ctor) throw bad(`values of type ${descr} are not supported`, 'Convert with array.astype("float32") (inputs) or array.astype("int32") (class labels) before saving.');
  const size = dtype === 'i8' ? 8 : ctor!.BYTES_PER_ELEMENT;
  if (order === '>' && size > 1) throw bad('its values are big-endian', 'Convert with array.astype(array.dtype.newbyteorder("<")) before saving.');
  const n = product(shape);
  if (bytes.length !== start + n * size) throw bad(`shape ${formatShape(shape)} of ${descr} needs ${n * size} bytes of data but the file has ${bytes.length - start}; the file is incomplete`);
  // A copy, so the typed array is aligned and does not alias the file buffer.
  const raw = bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + start + n * size) as ArrayBuffer;
  let data: NpyValues;
  if (dtype === 'i8') {
    const big = new BigInt64Array(raw);
    data = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = Number(big[i]!);
      if (!Number.isSafeInteger(v)) throw bad(`value ${i} (${big[i]}) is too large to represent exactly`, 'Convert with array.astype("int32") or ("float64") before saving.');
      data[i] = v;
    }
  } else {
    data = new ctor!(raw);
  }
  return { dtype, shape, data: fortran === 'True' ? toCOrder(data, shape) : data };
}

/** Reorders Fortran-ordered (first index fastest) values into C order (last index fastest). */
function toCOrder(data: NpyValues, shape: readonly number[]): NpyValues {
  if (shape.length < 2) return data;
  const out = data.slice();
  const rank = shape.length;
  const fStride = shape.map((_, k) => product(shape.slice(0, k)));
  const index = new Array<number>(rank).fill(0);
  for (let c = 0; c < data.length; c++) {
    let f = 0;
    for (let k = 0; k < rank; k++) f += index[k]! * fStride[k]!;
    out[c] = data[f]!;
    for (let k = rank - 1; k >= 0; k--) {
      if (++index[k]! < shape[k]!) break;
      index[k] = 0;
    }
  }
  return out;
}

const DESCR: [Ctor, string][] = [[Float32Array, '<f4'], [Float64Array, '<f8'], [Int8Array, '|i1'], [Int16Array, '<i2'], [Int32Array, '<i4'], [Uint8Array, '|u1'], [Uint16Array, '<u2']];

/** Encodes a C-ordered array as a version 1.0 .npy file (what numpy.save writes). */
export function encodeNpy(shape: readonly number[], data: NpyValues): Uint8Array {
  const descr = DESCR.find(([ctor]) => data instanceof ctor)![1];
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  // numpy pads with spaces so the data starts on a 64-byte boundary, then ends the header with a newline.
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC);
  out.set([1, 0, header.length & 0xff, header.length >> 8], 6);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

export async function readNpyFile(path: string): Promise<NpyArray> {
  const bytes = await readFile(path).catch((e: NodeJS.ErrnoException) => {
    throw new DataError(`could not read ${path}: ${e.code === 'ENOENT' ? 'the file does not exist' : e.message}.`);
  });
  return parseNpy(bytes, path);
}
