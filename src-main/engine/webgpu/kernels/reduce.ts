/**
 * Reductions and normalised exponentials: reduce, reduce_grad, softmax,
 * softmax_grad. A reduction runs one invocation per output element and walks
 * the reduced elements in row-major order, the order the reference backend
 * sums them in. Softmax runs one invocation per row of the last axis.
 */
import { numel } from '../../plan/types';
import { f32, flatLaunch, u32 } from './prelude';
import { input, KernelError, output, type KernelContext, type KernelGenerator } from './types';

function rowMajorStrides(shape: readonly number[]): number[] {
  const s: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** WGSL that turns a flat index over `axes` of `shape` into an offset in the full tensor. */
function offsetOf(flat: string, shape: readonly number[], axes: readonly number[], strides: readonly number[]): string {
  let stride = 1;
  const terms: string[] = [];
  for (let k = axes.length - 1; k >= 0; k--) {
    const axis = axes[k]!;
    const size = shape[axis]!;
    if (size === 1) continue;
    const coord = stride === 1 ? `(${flat} % ${u32(size)})` : `((${flat} / ${u32(stride)}) % ${u32(size)})`;
    terms.push(`${coord} * ${u32(strides[axis]!)}`);
    stride *= size;
  }
  return terms.length ? terms.join(' + ') : '0u';
}

interface Reduction {
  readonly fn: 'sum' | 'mean' | 'max';
  readonly shape: readonly number[];
  readonly reduced: readonly number[];
  readonly kept: readonly number[];
  readonly count: number;
  readonly outputs: number;
  readonly strides: readonly number[];
}

function reduction(ctx: KernelContext): Reduction {
  const x = ctx.step.kernel === 'reduce' ? ctx.inputs[0]! : ctx.inputs[1]!; // reduce_grad: (dy, x, y)
  const axes = (ctx.step.arg['axes'] as number[] | undefined) ?? [];
  const rank = x.shape.length;
  const reduced = [...new Set(axes.map((a) => (a < 0 ? a + rank : a)))].sort((a, b) => a - b);
  if (reduced.some((a) => a < 0 || a >= rank)) throw new KernelError(ctx.step.origin, `reduce: axes [${axes}] do not fit a rank-${rank} tensor`);
  const fn = ctx.step.arg['fn'] as Reduction['fn'];
  if (!['sum', 'mean', 'max'].includes(fn)) throw new KernelError(ctx.step.origin, `reduce: unknown function "${fn}"`);
  const kept = x.shape.map((_, i) => i).filter((i) => !reduced.includes(i));
  const count = reduced.reduce((n, a) => n * x.shape[a]!, 1);
  return { fn, shape: x.shape, reduced, kept, count, outputs: numel(x.shape) / count, strides: rowMajorStrides(x.shape) };
}

const reduce: KernelGenerator = (ctx) => {
  const r = reduction(ctx);
  const launch = flatLaunch(r.outputs, ctx.caps, 64);
  const combine = r.fn === 'max' ? 'acc = max(acc, v);' : 'acc = acc + v;';
  return {
    label: `reduce ${r.fn} [${r.shape}] over [${r.reduced}]`,
    bindings: [input('x', 0), output('y', 0)],
    code: `${launch.main}
  ${launch.guard}
  let base = ${offsetOf('i', r.shape, r.kept, r.strides)};
  // Max starts from the first element (WGSL has no infinite constants); sums from zero.
  var acc = ${r.fn === 'max' ? 'x[base]' : '0.0'};
  for (var j = ${r.fn === 'max' ? '1u' : '0u'}; j < ${u32(r.count)}; j = j + 1u) {
    let v = x[base + ${offsetOf('j', r.shape, r.reduced, r.strides)}];
    ${combine}
  }
  y[i] = ${r.fn === 'mean' ? `acc / ${f32(r.count)}` : 'acc'};
}`,
    workgroups: launch.workgroups,
  };
};

const reduce_grad: KernelGenerator = (ctx) => {
  const r = reduction(ctx);
  const n = numel(r.shape);
  const launch = flatLaunch(n, ctx.caps, 64);
  // The output element an input element reduced into: its kept coordinates, row-major over the kept axes.
  const keptShape = r.kept.map((a) => r.shape[a]!);
  const keptStrides = rowMajorStrides(keptShape);
  const terms = r.kept.map((axis, k) => `((i / ${u32(r.strides[axis]!)}) % ${u32(r.shape[axis]!)}) * ${u32(keptStrides[k]!)}`);
  const value = r.fn === 'sum' ? 'g' : r.fn === 'mean' ? `g / ${f32(r.count)}` : 'select(0.0, g, x[i] == y[o])';
  return {
    label: `reduce_grad ${r.fn} [${r.shape}] over [${r.reduced}]`,
    bindings: [input('dy', 0), ...(r.fn === 'max' ? [input('x', 1), input('y', 2)] : []), output('dx', 0)],
    code: `${launch.main}
  ${launch.guard}
  let o = ${terms.length ? terms.join(' + ') : '0u'};
  let g = dy[o];
  dx[i] = ${value};
}`,
    workgroups: launch.workgroups,
  };
};

function rows(ctx: KernelContext): { C: number; rows: number } {
  const y = ctx.outputs[0]!;
  const C = y.shape.at(-1)!;
  return { C, rows: numel(y.shape) / C };
}

const softmax: KernelGenerator = (ctx) => {
  const { C, rows: R } = rows(ctx);
  const log = ctx.step.arg['log'] === true;
  const launch = flatLaunch(R, ctx.caps, 64);
  return {
    label: `${log ? 'log_' : ''}softmax ${R}x${C}`,
    bindings: [input('x', 0), output('y', 0)],
    code: `${launch.main}
  ${launch.guard}
  let row = i * ${u32(C)};
  var m = x[row];
  for (var c = 1u; c < ${u32(C)}; c = c + 1u) { m = max(m, x[row + c]); }
  var s = 0.0;
  for (var c = 0u; c < ${u32(C)}; c = c + 1u) { s = s + exp(x[row + c] - m); }
  ${log ? 'let ls = log(s);' : ''}
  for (var c = 0u; c < ${u32(C)}; c = c + 1u) {
    let z = x[row + c] - m;
    y[row + c] = ${log ? 'z - ls' : 'exp(z) / s'};
  }
}`,
    workgroups: launch.workgroups,
  };
};

const softmax_grad: KernelGenerator = (ctx) => {
  const { C, rows: R } = rows(ctx);
  const log = ctx.step.arg['log'] === true;
  const launch = flatLaunch(R, ctx.caps, 64);
  return {
    label: `${log ? 'log_' : ''}softmax_grad ${R}x${C}`,
    bindings: [input('dy', 0), input('y', 1), output('dx', 0)],
    code: `${launch.main}
  ${launch.guard}
  let row = i * ${u32(C)};
  var dot = 0.0;
  for (var c = 0u; c < ${u32(C)}; c = c + 1u) { dot = dot + ${log ? 'dy[row + c]' : 'dy[row + c] * y[row + c]'}; }
  for (var c = 0u; c < ${u32(C)}; c = c + 1u) {
    let k = row + c;
    dx[k] = ${log ? 'dy[k] - exp(y[k]) * dot' : 'y[k] * (dy[k] - dot)'};
  }
}`,
    workgroups: launch.workgroups,
  };
};

export const REDUCE_KERNELS = { reduce, reduce_grad, softmax, softmax_grad } as const;
