/**
 * Reference kernels for the layout family: transpose, concat, slice,
 * reverse, repeat, and the embedding lookup (gather) with its gradient.
 *
 * Every kernel here only moves values, so each is written as "for every
 * output element, which input element does it come from". Most see a tensor
 * as [outer, n, inner] around one axis (`around`): `outer` is the product of
 * the sizes before the axis, `inner` the product after it. Axes count the
 * batch as axis 0, as in the IR. These kernels copy f32 and i32 alike.
 */
import type { Kernel } from '../../plan/kernels';
import { size, strides, type RefKernel } from '../tensor';

/** A shape seen as [outer, shape[axis], inner] around `axis`. */
export function around(shape: readonly number[], axis: number): [outer: number, n: number, inner: number] {
  return [size(shape.slice(0, axis)), shape[axis]!, size(shape.slice(axis + 1))];
}

/** y.shape[k] = x.shape[perm[k]]: output coordinate k reads input axis perm[k]. */
const transpose: RefKernel = ([x], [y], arg) => {
  const perm: number[] = arg['perm'];
  const xStrides = strides(x!.shape);
  const rank = y!.shape.length;
  for (let o = 0; o < y!.data.length; o++) {
    let rest = o;
    let from = 0;
    for (let k = rank - 1; k >= 0; k--) {
      const coord = rest % y!.shape[k]!;
      rest = Math.floor(rest / y!.shape[k]!);
      from += coord * xStrides[perm[k]!]!;
    }
    y!.data[o] = x!.data[from]!;
  }
};

/** Inputs laid end to end along `axis`, in order. */
const concat: RefKernel = (xs, [y], arg) => {
  const axis: number = arg['axis'];
  const [outer, total, inner] = around(y!.shape, axis);
  let offset = 0; // where along the axis the current input starts
  for (const x of xs) {
    const n = x.shape[axis]!;
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < inner; i++) y!.data[(o * total + offset + j) * inner + i] = x.data[(o * n + j) * inner + i]!;
      }
    }
    offset += n;
  }
};

/** y = x[..., start : start + y.shape[axis], ...]; the gradient of concat. */
const slice: RefKernel = ([x], [y], arg) => {
  const axis: number = arg['axis'];
  const start: number = arg['start'];
  const [outer, n, inner] = around(y!.shape, axis);
  const from = x!.shape[axis]!;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < inner; i++) y!.data[(o * n + j) * inner + i] = x!.data[(o * from + start + j) * inner + i]!;
    }
  }
};

/** y[..., j, ...] = x[..., n − 1 − j, ...] along `axis`; its own gradient. */
const reverse: RefKernel = ([x], [y], arg) => {
  const [outer, n, inner] = around(x!.shape, arg['axis']);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < inner; i++) y!.data[(o * n + j) * inner + i] = x!.data[(o * n + (n - 1 - j)) * inner + i]!;
    }
  }
};

/**
 * A new axis of size `times` inserted at `axis` of x, every copy equal:
 * y.shape = [...x.shape[:axis], times, ...x.shape[axis:]]. Its gradient is a
 * `reduce` sum over that axis.
 */
const repeat: RefKernel = ([x], [y], arg) => {
  const axis: number = arg['axis'];
  const times: number = arg['times'];
  const outer = size(x!.shape.slice(0, axis));
  const inner = size(x!.shape.slice(axis));
  for (let o = 0; o < outer; o++) {
    for (let t = 0; t < times; t++) {
      for (let i = 0; i < inner; i++) y!.data[(o * times + t) * inner + i] = x!.data[o * inner + i]!;
    }
  }
};

/**
 * y[n, :] = table[ids[n], :] for every id (ids of any shape, y = [...ids, D]).
 * An id outside [0, V) reads a row of zeros, as the GPU kernel does, rather
 * than whatever lies past the table.
 */
const gather: RefKernel = ([table, ids], [y]) => {
  const [V, D] = [table!.shape[0]!, table!.shape[1]!];
  for (let n = 0; n < ids!.data.length; n++) {
    const id = ids!.data[n]!;
    for (let d = 0; d < D; d++) y!.data[n * D + d] = id >= 0 && id < V ? table!.data[id * D + d]! : 0;
  }
};

/**
 * dtable[v, :] = Σ_{n : ids[n] = v} dy[n, :]: rows read by several ids sum
 * their gradients; rows never read get zero; ids outside [0, V) add nothing.
 */
const gather_grad: RefKernel = ([dy, ids], [dtable]) => {
  const [V, D] = [dtable!.shape[0]!, dtable!.shape[1]!];
  dtable!.data.fill(0);
  for (let n = 0; n < ids!.data.length; n++) {
    const id = ids!.data[n]!;
    if (id < 0 || id >= V) continue;
    for (let d = 0; d < D; d++) dtable!.data[id * D + d]! += dy!.data[n * D + d]!;
  }
};

export const LAYOUT_KERNELS: Partial<Record<Kernel, RefKernel>> = { transpose, concat, slice, reverse, repeat, gather, gather_grad };
