/**
 * Reference kernels for convolution, pooling, padding and resampling: the
 * oracle the WGSL kernels are checked against, so they favour the obvious
 * over the fast.
 *
 * Layouts are channels-last with the batch first: x[N, ...spatial, C]. Conv
 * weights are w[...k, Cin/groups, Cout] (Keras's layout; a DepthwiseConv2D
 * kernel arrives reshaped to this by the compiler). Every windowed kernel
 * works on three spatial axes: a 1-D or 2-D tensor is seen with leading
 * spatial axes of size 1 (window 1, stride 1, no padding), which changes
 * nothing and keeps the loops explicit.
 *
 * Windows. Output position o reads input position i = o·s − before + k·d
 * for kernel tap k, per spatial axis (s stride, d dilation, `before` the
 * padding before). Taps whose i falls outside the input read padding: zero
 * for conv, nothing at all for pooling (max ignores them, avg does not count
 * them, as Keras does). The output size always comes from the output
 * tensor's shape; the padding after is implied by it and never read.
 *
 * conv, conv_grad_input and conv_grad_weight are the three partial
 * derivatives of one bilinear form, Σ y·(x ⋆ w). They share the window walk
 * (forEachWindow) and differ only in which of the three arrays they write.
 */
import type { Kernel } from '../../plan/kernels';
import { size, strides as stridesOf, type KernelArg, type RefKernel, type RefTensor } from '../tensor';
import { UNARY_FNS } from './activation-math';

type Triple = [number, number, number];

/** Where a window sits: sizes per spatial axis, always three of them. */
interface Geometry {
  readonly batch: number;
  readonly inSize: Triple;
  readonly outSize: Triple;
  readonly window: Triple;
  readonly strides: Triple;
  readonly dilations: Triple;
  /** Padding before each spatial axis. */
  readonly before: Triple;
  /** Channels of the input and of the output (equal for pooling). */
  readonly inC: number;
  readonly outC: number;
}

/** Pads a per-spatial-axis list to three axes, filling the leading axes with `fill`. */
function lift(values: readonly number[], fill: number): Triple {
  if (values.length > 3) throw new Error(`windowed kernels support at most 3 spatial axes, not ${values.length}`);
  const out = [...Array<number>(3 - values.length).fill(fill), ...values];
  return [out[0]!, out[1]!, out[2]!];
}

/**
 * The geometry of a window op from its input and output tensors (x and y in
 * the forward direction: for conv_grad_input, x is dx and y is dy) and the
 * kernel's window. arg: {strides, pads: [before, after] per spatial axis,
 * dilations?}.
 */
function geometry(x: RefTensor, y: RefTensor, window: readonly number[], arg: KernelArg): Geometry {
  const rank = x.shape.length - 2;
  const pads: readonly (readonly number[])[] = arg['pads'];
  return {
    batch: x.shape[0]!,
    inSize: lift(x.shape.slice(1, 1 + rank), 1),
    outSize: lift(y.shape.slice(1, 1 + rank), 1),
    window: lift(window, 1),
    strides: lift(arg['strides'], 1),
    dilations: lift(arg['dilations'] ?? window.map(() => 1), 1),
    before: lift(pads.map((p) => p[0]!), 0),
    inC: x.shape.at(-1)!,
    outC: y.shape.at(-1)!,
  };
}

/**
 * Calls `visit` once per output position (n, o0, o1, o2) with:
 *   yAt   the flat offset of the channel vector y[n, o0, o1, o2, :]
 *   xAt   for each tap t < count inside the input, the offset of x[n, i0, i1, i2, :]
 *   kAt   for the same taps, the kernel tap's index (k0·W1 + k1)·W2 + k2
 * Taps that land in the padding are left out, so `count` may be less than
 * the window's size at the edges.
 */
function forEachWindow(g: Geometry, visit: (yAt: number, xAt: Int32Array, kAt: Int32Array, count: number) => void): void {
  const [I0, I1, I2] = g.inSize;
  const [O0, O1, O2] = g.outSize;
  const [W0, W1, W2] = g.window;
  const [s0, s1, s2] = g.strides;
  const [d0, d1, d2] = g.dilations;
  const [p0, p1, p2] = g.before;
  const xAt = new Int32Array(W0 * W1 * W2);
  const kAt = new Int32Array(W0 * W1 * W2);
  for (let n = 0; n < g.batch; n++) {
    for (let o0 = 0; o0 < O0; o0++) {
      for (let o1 = 0; o1 < O1; o1++) {
        for (let o2 = 0; o2 < O2; o2++) {
          let count = 0;
          for (let k0 = 0; k0 < W0; k0++) {
            const i0 = o0 * s0 - p0 + k0 * d0;
            if (i0 < 0 || i0 >= I0) continue;
            for (let k1 = 0; k1 < W1; k1++) {
              const i1 = o1 * s1 - p1 + k1 * d1;
              if (i1 < 0 || i1 >= I1) continue;
              for (let k2 = 0; k2 < W2; k2++) {
                const i2 = o2 * s2 - p2 + k2 * d2;
                if (i2 < 0 || i2 >= I2) continue;
                xAt[count] = (((n * I0 + i0) * I1 + i1) * I2 + i2) * g.inC;
                kAt[count] = (k0 * W1 + k1) * W2 + k2;
                count++;
              }
            }
          }
          visit((((n * O0 + o0) * O1 + o1) * O2 + o2) * g.outC, xAt, kAt, count);
        }
      }
    }
  }
}

/**
 * Walks the products of one window: for each tap t, group gi and input
 * channel ci of that group, `visit` gets the offsets of x[.., gi·Cin/g + ci]
 * and of the weight row w[k_t, ci, :], and the range [co0, co1) of the
 * group's output channels. Output channels are innermost so that weight rows
 * are read contiguously.
 */
function forEachProduct(xAt: Int32Array, kAt: Int32Array, count: number, groups: number, inC: number, outC: number, visit: (xi: number, wRow: number, co0: number, co1: number) => void): void {
  const inPerGroup = inC / groups;
  const outPerGroup = outC / groups;
  for (let t = 0; t < count; t++) {
    for (let gi = 0; gi < groups; gi++) {
      for (let ci = 0; ci < inPerGroup; ci++) visit(xAt[t]! + gi * inPerGroup + ci, (kAt[t]! * inPerGroup + ci) * outC, gi * outPerGroup, (gi + 1) * outPerGroup);
    }
  }
}

/**
 * conv: (x, w[...k, Cin/g, Cout], bias?) → y.
 *   y[n, o, co] = act( Σ_{k, ci} x[n, o·s − before + k·d, g(co)·Cin/g + ci] · w[k, ci, co] + bias[co] )
 * where g(co) = ⌊co / (Cout/groups)⌋ is output channel co's group.
 * Sums are kept in float64 and rounded once. arg: {strides, pads, dilations,
 * groups, hasBias, activation: string | null, alpha?}.
 */
export const conv: RefKernel = ([x, w, bias], [y], arg) => {
  const g = geometry(x!, y!, w!.shape.slice(0, -2), arg);
  const act = arg['activation'] ? UNARY_FNS[arg['activation']]! : undefined;
  const [xd, wd, yd] = [x!.data, w!.data, y!.data];
  const sum = new Float64Array(g.outC);
  forEachWindow(g, (yAt, xAt, kAt, count) => {
    for (let co = 0; co < g.outC; co++) sum[co] = arg['hasBias'] ? bias!.data[co]! : 0;
    forEachProduct(xAt, kAt, count, arg['groups'], g.inC, g.outC, (xi, wRow, co0, co1) => {
      const xv = xd[xi]!;
      for (let co = co0; co < co1; co++) sum[co]! += xv * wd[wRow + co]!;
    });
    for (let co = 0; co < g.outC; co++) yd[yAt + co] = act ? act.f(sum[co]!, arg) : sum[co]!;
  });
};

/**
 * conv_grad_input: (dy, w) → dx, the adjoint of conv in x; also the forward
 * of a transposed convolution (x as dy, its output as dx). Written as a
 * scatter, the forward loop with the product sent back to x:
 *   dx[n, o·s − before + k·d, g(co)·Cin/g + ci] += dy[n, o, co] · w[k, ci, co]
 * A gather computes the same: for each dx cell, sum over the taps k for which
 * o = (i + before − k·d) / s is a whole number inside dy.
 * arg: {strides, pads, dilations, groups}.
 */
export const conv_grad_input: RefKernel = ([dy, w], [dx], arg) => {
  const g = geometry(dx!, dy!, w!.shape.slice(0, -2), arg);
  const [dyd, wd, dxd] = [dy!.data, w!.data, dx!.data];
  dxd.fill(0);
  forEachWindow(g, (yAt, xAt, kAt, count) => {
    forEachProduct(xAt, kAt, count, arg['groups'], g.inC, g.outC, (xi, wRow, co0, co1) => {
      let sum = 0;
      for (let co = co0; co < co1; co++) sum += dyd[yAt + co]! * wd[wRow + co]!;
      dxd[xi]! += sum;
    });
  });
};

/**
 * conv_grad_weight: (x, dy) → dw[...k, Cin/g, Cout], the adjoint of conv in w:
 *   dw[k, ci, co] = Σ_{n, o} x[n, o·s − before + k·d, g(co)·Cin/g + ci] · dy[n, o, co]
 * The kernel window comes from dw's shape. arg: {strides, pads, dilations, groups}.
 */
export const conv_grad_weight: RefKernel = ([x, dy], [dw], arg) => {
  const g = geometry(x!, dy!, dw!.shape.slice(0, -2), arg);
  const [xd, dyd, dwd] = [x!.data, dy!.data, dw!.data];
  dwd.fill(0);
  forEachWindow(g, (yAt, xAt, kAt, count) => {
    forEachProduct(xAt, kAt, count, arg['groups'], g.inC, g.outC, (xi, wRow, co0, co1) => {
      const xv = xd[xi]!;
      for (let co = co0; co < co1; co++) dwd[wRow + co]! += xv * dyd[yAt + co]!;
    });
  });
};

/**
 * pool: (x) → y, per channel over each window's cells inside x:
 *   max: the largest; avg: their mean (padding is not counted, as in Keras).
 * arg: {fn: 'max' | 'avg', window, strides, pads}.
 */
export const pool: RefKernel = ([x], [y], arg) => {
  const g = geometry(x!, y!, arg['window'], arg);
  const [xd, yd] = [x!.data, y!.data];
  const C = g.outC;
  const max = arg['fn'] === 'max';
  forEachWindow(g, (yAt, xAt, _kAt, count) => {
    for (let c = 0; c < C; c++) {
      let acc = max ? -Infinity : 0;
      for (let t = 0; t < count; t++) acc = max ? Math.max(acc, xd[xAt[t]! + c]!) : acc + xd[xAt[t]! + c]!;
      yd[yAt + c] = max ? acc : acc / count;
    }
  });
};

/**
 * pool_grad: (dy, x, y) → dx.
 *   max: each window's gradient goes to one cell, the first in scan order
 *        (window axes in order, last fastest) whose value equals the window's
 *        maximum y; this is PyTorch's and TensorFlow's choice on ties.
 *   avg: each window's gradient is shared equally by the cells it averaged.
 * Overlapping windows add up. arg: as pool.
 */
export const pool_grad: RefKernel = ([dy, x, y], [dx], arg) => {
  const g = geometry(x!, y!, arg['window'], arg);
  const [dyd, xd, yd, dxd] = [dy!.data, x!.data, y!.data, dx!.data];
  const C = g.outC;
  const max = arg['fn'] === 'max';
  dxd.fill(0);
  forEachWindow(g, (yAt, xAt, _kAt, count) => {
    for (let c = 0; c < C; c++) {
      const grad = dyd[yAt + c]!;
      if (!max) {
        for (let t = 0; t < count; t++) dxd[xAt[t]! + c]! += grad / count;
        continue;
      }
      for (let t = 0; t < count; t++) {
        if (xd[xAt[t]! + c] === yd[yAt + c]) {
          dxd[xAt[t]! + c]! += grad;
          break;
        }
      }
    }
  });
};

/** Calls visit(flat, coord) for every element of `shape`, last axis fastest; `coord` is reused. */
function forEachIndex(shape: readonly number[], visit: (flat: number, coord: readonly number[]) => void): void {
  const coord = shape.map(() => 0);
  const total = size(shape);
  for (let flat = 0; flat < total; flat++) {
    visit(flat, coord);
    for (let a = shape.length - 1; a >= 0; a--) {
      if (++coord[a]! < shape[a]!) break;
      coord[a] = 0;
    }
  }
}

/** The flat index in a tensor of `strides` of coord + offset (per axis). */
function offsetIndex(coord: readonly number[], offset: readonly number[], strides: readonly number[]): number {
  let at = 0;
  for (let a = 0; a < coord.length; a++) at += (coord[a]! + offset[a]!) * strides[a]!;
  return at;
}

/** pad: (x) → y with zeros around; y[i + before] = x[i]. arg: {pads: [before, after] for every axis, batch included}. */
export const pad: RefKernel = ([x], [y], arg) => {
  const before = (arg['pads'] as number[][]).map((p) => p[0]!);
  const yStrides = stridesOf(y!.shape);
  y!.data.fill(0);
  forEachIndex(x!.shape, (flat, coord) => (y!.data[offsetIndex(coord, before, yStrides)] = x!.data[flat]!));
};

/** crop: (x) → y = x[before : before + y's size] per axis, undoing pad. arg: {pads}, as pad's. */
export const crop: RefKernel = ([x], [y], arg) => {
  const before = (arg['pads'] as number[][]).map((p) => p[0]!);
  const xStrides = stridesOf(x!.shape);
  forEachIndex(y!.shape, (flat, coord) => (y!.data[flat] = x!.data[offsetIndex(coord, before, xStrides)]!));
};

/** For a coordinate of the upsampled tensor, the flat index of the source cell: spatial axes divided by their factors. */
function sourceIndex(coord: readonly number[], factors: readonly number[], strides: readonly number[]): number {
  let at = coord[0]! * strides[0]! + coord.at(-1)! * strides.at(-1)!;
  for (let a = 0; a < factors.length; a++) at += Math.floor(coord[a + 1]! / factors[a]!) * strides[a + 1]!;
  return at;
}

/** upsample: (x) → y, nearest neighbour: y[n, i, c] = x[n, ⌊i / f⌋, c]. arg: {factors} per spatial axis. */
export const upsample: RefKernel = ([x], [y], arg) => {
  const xStrides = stridesOf(x!.shape);
  forEachIndex(y!.shape, (flat, coord) => (y!.data[flat] = x!.data[sourceIndex(coord, arg['factors'], xStrides)]!));
};

/** upsample_grad: (dy) → dx, each dx cell the sum of the f₁×f₂… block it was copied to. arg: {factors}. */
export const upsample_grad: RefKernel = ([dy], [dx], arg) => {
  const dxStrides = stridesOf(dx!.shape);
  dx!.data.fill(0);
  forEachIndex(dy!.shape, (flat, coord) => (dx!.data[sourceIndex(coord, arg['factors'], dxStrides)]! += dy!.data[flat]!));
};

export const CONV_KERNELS: Partial<Record<Kernel, RefKernel>> = { conv, conv_grad_input, conv_grad_weight, pool, pool_grad, pad, crop, upsample, upsample_grad };
