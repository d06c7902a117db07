/**
 * Small operations on whole-split tensors: element counts, gathering rows in
 * a new order, reshaping samples, and padding images with a zero border.
 */
import type { Split, TensorData } from './types';

export const product = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);

export const formatShape = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/** The rows `indices` of `t`, in that order. */
export function gather(t: TensorData, indices: ArrayLike<number>): TensorData {
  const per = product(t.shape.slice(1));
  const out = t.data instanceof Int32Array ? new Int32Array(indices.length * per) : new Float32Array(indices.length * per);
  for (let r = 0; r < indices.length; r++) {
    const from = indices[r]! * per;
    out.set(t.data.subarray(from, from + per), r * per);
  }
  return { data: out, shape: [indices.length, ...t.shape.slice(1)] };
}

export const gatherSplit = (s: Split, indices: ArrayLike<number>): Split => ({ x: gather(s.x, indices), y: gather(s.y, indices) });

/** Gives each sample `shape` when the element counts agree; otherwise returns `t` unchanged. */
export function reshapeSamples(t: TensorData, shape: readonly number[]): TensorData {
  const per = t.shape.slice(1);
  if (product(per) !== product(shape) || per.join() === shape.join()) return t;
  return { data: t.data, shape: [t.shape[0]!, ...shape] };
}

/**
 * Adds `pad` zero pixels around each image of x shaped [n, h, w] or
 * [n, h, w, c] (channels last).
 */
export function padImages(x: TensorData, pad: number): TensorData {
  if (pad === 0) return x;
  const [n, h, w, c = 1] = x.shape as [number, number, number, number?];
  const H = h + 2 * pad;
  const W = w + 2 * pad;
  const out = new Float32Array(n * H * W * c);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < h; r++) {
      const from = ((i * h + r) * w) * c;
      out.set(x.data.subarray(from, from + w * c), ((i * H + r + pad) * W + pad) * c);
    }
  }
  return { data: out, shape: x.shape.length === 4 ? [n, H, W, c] : [n, H, W] };
}
