/**
 * The few array moves that turn Keras weights into PyTorch's: axis
 * permutations (a Dense kernel's transpose, a conv kernel's
 * (kh, kw, in, out) → (out, in, kh, kw)), reordering blocks of rows (a
 * GRU's gates) and cutting rows out (a GRU's two bias vectors).
 */
import type { Tensor } from './hooks';

const size = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);

export function tensor(data: Float32Array, shape: readonly number[]): Tensor {
  if (data.length !== size(shape)) throw new Error(`a weight of shape [${shape}] needs ${size(shape)} values, not ${data.length}`);
  return { data, shape };
}

export const filled = (shape: readonly number[], value: number): Tensor => ({ data: new Float32Array(size(shape)).fill(value), shape });

export const reshape = (t: Tensor, shape: readonly number[]): Tensor => tensor(t.data, shape);

/** out[i_perm[0], i_perm[1], …] = t[i_0, i_1, …]: axis k of the result is axis perm[k] of t. */
export function permute(t: Tensor, perm: readonly number[]): Tensor {
  const rank = t.shape.length;
  if (perm.length !== rank) throw new Error(`permutation [${perm}] does not fit a weight of rank ${rank}`);
  const shape = perm.map((p) => t.shape[p]!);
  const inStrides: number[] = new Array<number>(rank);
  for (let i = rank - 1, acc = 1; i >= 0; i--) {
    inStrides[i] = acc;
    acc *= t.shape[i]!;
  }
  const strides = perm.map((p) => inStrides[p]!);
  const out = new Float32Array(t.data.length);
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < out.length; o++) {
    let from = 0;
    for (let k = 0; k < rank; k++) from += index[k]! * strides[k]!;
    out[o] = t.data[from]!;
    for (let k = rank - 1; k >= 0; k--) {
      if (++index[k]! < shape[k]!) break;
      index[k] = 0;
    }
  }
  return { data: out, shape };
}

/** A 2-D transpose: a Dense kernel (in, out) → nn.Linear's weight (out, in). */
export const transpose = (t: Tensor): Tensor => permute(t, [1, 0]);

/**
 * Splits axis 0 into `order.length` equal blocks and puts them in `order`:
 * a GRU's gates, Keras's [z, r, h] → PyTorch's [r, z, n], is order [1, 0, 2].
 */
export function reorderBlocks(t: Tensor, order: readonly number[]): Tensor {
  const blocks = order.length;
  const rows = t.shape[0]!;
  if (rows % blocks !== 0) throw new Error(`${rows} rows do not split into ${blocks} blocks`);
  const block = (rows / blocks) * size(t.shape.slice(1));
  const out = new Float32Array(t.data.length);
  order.forEach((from, to) => out.set(t.data.subarray(from * block, (from + 1) * block), to * block));
  return { data: out, shape: t.shape };
}

/** Row `i` of a tensor, as a tensor of one axis fewer. */
export function row(t: Tensor, i: number): Tensor {
  const width = size(t.shape.slice(1));
  return { data: t.data.slice(i * width, (i + 1) * width), shape: t.shape.slice(1) };
}
