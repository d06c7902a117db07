/**
 * Layouts. The IR is channels-last (Keras); ONNX's Conv, pooling and
 * BatchNormalization are channels-first, and its recurrent ops are
 * time-major. Rather than wrap every such op in a pair of Transposes, the
 * exporter lets each value live in whatever axis order its producer found
 * convenient, and transposes only where a consumer needs another order.
 *
 * A layout is a permutation `perm` of the value's IR (logical) axes: ONNX
 * axis j holds IR axis perm[j]. The identity is the IR's own order, which
 * model inputs and outputs always use. So a conv stack runs NCHW from its
 * first Conv to the Flatten (or global pooling) that ends it, with one
 * Transpose at each end, and stacked LSTMs stay time-major between them.
 */
export type Perm = readonly number[];

export const identity = (rank: number): number[] => Array.from({ length: rank }, (_, i) => i);

export const isIdentity = (perm: Perm) => perm.every((p, i) => p === i);

export const samePerm = (a: Perm, b: Perm) => a.length === b.length && a.every((p, i) => p === b[i]);

/** Channels-last IR → channels-first ONNX: [N, C, ...spatial] from [N, ...spatial, C]. */
export function channelsFirst(rank: number): number[] {
  return [0, rank - 1, ...identity(rank).slice(1, -1)];
}

export function inverse(perm: Perm): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, j) => (inv[p] = j));
  return inv;
}

/** The ONNX axis that holds IR axis `axis` (negative counts from the end). */
export function physicalAxis(perm: Perm, axis: number): number {
  const a = axis < 0 ? axis + perm.length : axis;
  return inverse(perm)[a]!;
}

/** The Transpose perm that takes a value stored in layout `from` to layout `to`. */
export function transposeBetween(from: Perm, to: Perm): number[] {
  const inv = inverse(from);
  return to.map((logical) => inv[logical]!);
}

/** Row-major data of `shape`, transposed by `perm` (output axis j is input axis perm[j]). */
export function permuteData<T extends Float32Array | Int32Array>(data: T, shape: readonly number[], perm: Perm): T {
  const rank = shape.length;
  const outShape = perm.map((p) => shape[p]!);
  const inStrides = stridesOf(shape);
  const out = new (data.constructor as new (n: number) => T)(data.length);
  const idx = new Array<number>(rank).fill(0);
  for (let i = 0; i < data.length; i++) {
    let src = 0;
    for (let j = 0; j < rank; j++) src += idx[j]! * inStrides[perm[j]!]!;
    out[i] = data[src]!;
    for (let j = rank - 1; j >= 0; j--) {
      if (++idx[j]! < outShape[j]!) break;
      idx[j] = 0;
    }
  }
  return out;
}

export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}
