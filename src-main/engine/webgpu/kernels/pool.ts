/**
 * WebGPU kernels for pooling, padding and resampling (pool, pool_grad, pad,
 * crop, upsample, upsample_grad), and the window geometry that every windowed
 * kernel shares with conv.ts. reference/kernels/conv.ts is the oracle; the
 * window convention is in plan/kernels.ts.
 *
 * All of these are one invocation per output element, channel fastest, so
 * neighbouring invocations read neighbouring memory. Gradients are gathers,
 * never scatters: each dx cell walks the windows (or blocks) that read it,
 * and so every cell is written exactly once, zeros included (WGSL has no
 * float atomics, and a scatter would need a zero-fill launch besides).
 */
import { flatLaunch, u32 } from './prelude';
import { input, KernelError, output, type KernelContext, type KernelGenerator } from './types';

export type Triple = readonly [number, number, number];

/**
 * A windowed op's sizes, always on three spatial axes: 1-D and 2-D tensors
 * are seen with leading axes of size 1 (window 1, stride 1, no padding), as
 * in the reference, so one code generator serves every rank.
 */
export interface WindowGeometry {
  readonly batch: number;
  readonly inSize: Triple;
  readonly outSize: Triple;
  readonly window: Triple;
  readonly strides: Triple;
  readonly dilations: Triple;
  /** Padding before each spatial axis (the padding after is implied by the output size). */
  readonly before: Triple;
  readonly inC: number;
  readonly outC: number;
}

function lift(values: readonly number[], fill: number): Triple {
  const out = [...Array<number>(3 - values.length).fill(fill), ...values];
  return [out[0]!, out[1]!, out[2]!];
}

/**
 * The geometry of a window op from its input-side and output-side shapes in
 * the forward direction (for conv_grad_input, dx and dy) and its window.
 */
export function windowGeometry(ctx: KernelContext, x: readonly number[], y: readonly number[], window: readonly number[]): WindowGeometry {
  const arg = ctx.step.arg;
  const rank = x.length - 2;
  const fail = (why: string) => new KernelError(ctx.step.origin, `${ctx.step.kernel}: ${why}`);
  if (rank < 1 || rank > 3) throw fail(`windowed kernels take 1 to 3 spatial axes, not ${rank}`);
  if (y.length !== x.length || y[0] !== x[0]) throw fail(`shapes [${x}] and [${y}] do not match`);
  const pads = arg['pads'] as readonly (readonly number[])[] | undefined;
  const strides = arg['strides'] as readonly number[] | undefined;
  const dilations = (arg['dilations'] as readonly number[] | undefined) ?? window.map(() => 1);
  if (window.length !== rank || strides?.length !== rank || pads?.length !== rank || dilations.length !== rank) throw fail(`window, strides, pads and dilations need ${rank} entries each`);
  if ([...window, ...strides, ...dilations].some((v) => !Number.isInteger(v) || v < 1)) throw fail('window, strides and dilations must be positive integers');
  if (pads.some((p) => !Number.isInteger(p[0]) || p[0]! < 0)) throw fail('pads must be non-negative integers');
  return {
    batch: x[0]!,
    inSize: lift(x.slice(1, 1 + rank), 1),
    outSize: lift(y.slice(1, 1 + rank), 1),
    window: lift(window, 1),
    strides: lift(strides, 1),
    dilations: lift(dilations, 1),
    before: lift(pads.map((p) => p[0]!), 0),
    inC: x.at(-1)!,
    outC: y.at(-1)!,
  };
}

/** A WGSL i32 literal. */
export const i32 = (x: number) => `${x}i`;

const size = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);

/** WGSL that splits the flat index `flat` of `shape` into `let ${prefix}${a}` coordinates (u32), last axis fastest. */
function coordinates(shape: readonly number[], flat: string, prefix: string): string {
  const lines = [`var rest_ = ${flat};`];
  for (let a = shape.length - 1; a >= 0; a--) {
    if (a === 0) lines.push(`let ${prefix}${a} = rest_;`);
    else lines.push(`let ${prefix}${a} = rest_ % ${u32(shape[a]!)};`, `rest_ = rest_ / ${u32(shape[a]!)};`);
  }
  return lines.join('\n  ');
}

/** WGSL for the flat index of coordinates `coords` (u32 expressions) in `shape`. */
function flatIndex(shape: readonly number[], coords: readonly string[]): string {
  let expr = coords[0]!;
  for (let a = 1; a < shape.length; a++) expr = `(${expr}) * ${u32(shape[a]!)} + ${coords[a]}`;
  return expr;
}

/**
 * pool: one invocation per y element. Taps outside x are skipped: max ignores
 * them and avg divides by the cells inside only (Keras's rule).
 */
const pool: KernelGenerator = (ctx) => {
  const [x] = ctx.inputs;
  const y = ctx.outputs[0]!;
  const arg = ctx.step.arg;
  const g = windowGeometry(ctx, x!.shape, y.shape, arg['window'] as number[]);
  if (g.inC !== g.outC) throw new KernelError(ctx.step.origin, `pool: x has ${g.inC} channels and y ${g.outC}`);
  const max = arg['fn'] === 'max';
  const n = size(y.shape);
  const launch = flatLaunch(n, ctx.caps, 64);
  const [I0, I1, I2] = g.inSize;
  const C = g.outC;
  const axis = (a: number, o: string, k: string) => `${i32(-g.before[a]!)} + i32(${o} * ${u32(g.strides[a]!)} + ${k})`;
  return {
    label: `pool ${arg['fn']} ${g.window.join('x')} ${n}`,
    bindings: [input('x', 0), output('y', 0)],
    code: `${launch.main}
  ${launch.guard}
  ${coordinates([g.batch, ...g.outSize, C], 'i', 'c')}
  var acc = ${max ? '-3.4028234663852886e38f' : '0.0'};
  var count = 0u;
  for (var k0 = 0u; k0 < ${u32(g.window[0])}; k0 = k0 + 1u) {
    let i0 = ${axis(0, 'c1', 'k0')};
    if (u32(i0) >= ${u32(I0)}) { continue; }
    for (var k1 = 0u; k1 < ${u32(g.window[1])}; k1 = k1 + 1u) {
      let i1 = ${axis(1, 'c2', 'k1')};
      if (u32(i1) >= ${u32(I1)}) { continue; }
      for (var k2 = 0u; k2 < ${u32(g.window[2])}; k2 = k2 + 1u) {
        let i2 = ${axis(2, 'c3', 'k2')};
        if (u32(i2) >= ${u32(I2)}) { continue; }
        let v = x[${flatIndex([g.batch, I0, I1, I2, C], ['c0', 'u32(i0)', 'u32(i1)', 'u32(i2)', 'c4'])}];
        acc = ${max ? 'max(acc, v)' : 'acc + v'};
        count = count + 1u;
      }
    }
  }
  y[i] = ${max ? 'acc' : 'acc / f32(count)'};
}`,
    workgroups: launch.workgroups,
  };
};

/**
 * pool_grad as a gather: each dx cell visits the windows that contain it.
 * avg: each window's dy divided by the cells it averaged. max: a window's dy
 * goes to its first cell (scan order) equal to y, so a cell equal to y checks
 * that no earlier cell of that window is, which costs a scan only on ties
 * and at the maximum itself.
 */
const pool_grad: KernelGenerator = (ctx) => {
  const [, x, y] = ctx.inputs;
  const dx = ctx.outputs[0]!;
  const arg = ctx.step.arg;
  const g = windowGeometry(ctx, x!.shape, y!.shape, arg['window'] as number[]);
  const max = arg['fn'] === 'max';
  const n = size(dx.shape);
  const launch = flatLaunch(n, ctx.caps, 64);
  const C = g.inC;
  const xShape = [g.batch, ...g.inSize, C];
  const yShape = [g.batch, ...g.outSize, C];
  const [, W1, W2] = g.window;
  // The windows o along axis a that contain cell i: o·s − before ≤ i ≤ o·s − before + W − 1.
  const range = (a: number, i: string) => {
    const s = g.strides[a]!;
    const hi = `min(${i32(g.outSize[a]! - 1)}, (i32(${i}) + ${i32(g.before[a]!)}) / ${i32(s)})`;
    // ceil((i + before − W + 1) / s) for a possibly negative numerator, by shifting it non-negative.
    const shift = s * Math.ceil(g.window[a]! / s);
    const lo = `max(0i, (i32(${i}) + ${i32(g.before[a]! - g.window[a]! + 1 + shift + s - 1)}) / ${i32(s)} - ${i32(shift / s)})`;
    return { lo, hi };
  };
  const r = [range(0, 'c1'), range(1, 'c2'), range(2, 'c3')];
  const start = (a: number, o: string) => `i32(${o}) * ${i32(g.strides[a]!)} - ${i32(g.before[a]!)}`;
  const count = [0, 1, 2].map((a) => `f32(min(${start(a, `o${a}`)} + ${i32(g.window[a]!)}, ${i32(g.inSize[a]!)}) - max(${start(a, `o${a}`)}, 0i))`).join(' * ');
  const body = max
    ? `let yv = y[yAt];
          if (xv == yv) {
            // Is this cell the first of window o equal to its maximum?
            let mine = (k0 * ${u32(W1)} + k1) * ${u32(W2)} + k2;
            var first = true;
            for (var kk = 0u; kk < mine; kk = kk + 1u) {
              let j0 = ${start(0, 'o0')} + i32(kk / ${u32(W1 * W2)});
              let j1 = ${start(1, 'o1')} + i32((kk / ${u32(W2)}) % ${u32(W1)});
              let j2 = ${start(2, 'o2')} + i32(kk % ${u32(W2)});
              if (u32(j0) < ${u32(g.inSize[0])} && u32(j1) < ${u32(g.inSize[1])} && u32(j2) < ${u32(g.inSize[2])}) {
                if (x[${flatIndex(xShape, ['c0', 'u32(j0)', 'u32(j1)', 'u32(j2)', 'c4'])}] == yv) { first = false; break; }
              }
            }
            if (first) { acc = acc + dy[yAt]; }
          }`
    : `acc = acc + dy[yAt] / (${count});`;
  const tap = (a: number, i: string, o: string) => `u32(i32(${i}) + ${i32(g.before[a]!)} - i32(${o}) * ${i32(g.strides[a]!)})`;
  // Per axis, the windows holding the cell: a loop where windows overlap, else the one candidate (or none, in a gap).
  const walk = [0, 1, 2].map((a) => {
    const i = `c${a + 1}`;
    if (g.strides[a]! < g.window[a]!) return { open: `for (var o${a} = ${r[a]!.lo}; o${a} <= ${r[a]!.hi}; o${a} = o${a} + 1i) {\n    let k${a} = ${tap(a, i, `o${a}`)};`, close: '}' };
    const shifted = `i32(${i}) + ${i32(g.before[a]!)}`;
    return { open: `{\n    let o${a} = (${shifted}) / ${i32(g.strides[a]!)};\n    let k${a} = u32((${shifted}) % ${i32(g.strides[a]!)});\n    if (k${a} < ${u32(g.window[a]!)} && o${a} < ${i32(g.outSize[a]!)}) {`, close: '}}' };
  });
  return {
    label: `pool_grad ${arg['fn']} ${g.window.join('x')} ${n}`,
    bindings: [input('dy', 0), ...(max ? [input('x', 1), input('y', 2)] : []), output('dx', 0)],
    code: `${launch.main}
  ${launch.guard}
  ${coordinates(xShape, 'i', 'c')}
  ${max ? 'let xv = x[i];' : ''}
  var acc = 0.0;
  ${walk.map((w) => w.open).join('\n  ')}
        let yAt = ${flatIndex(yShape, ['c0', 'u32(o0)', 'u32(o1)', 'u32(o2)', 'c4'])};
        ${body}
  ${walk.map((w) => w.close).join('')}
  dx[i] = acc;
}`,
    workgroups: launch.workgroups,
  };
};

/** [before, after] per axis, checked against the two shapes (bigger = smaller + before + after). */
function padsOf(ctx: KernelContext, small: readonly number[], big: readonly number[]): number[] {
  const pads = ctx.step.arg['pads'] as readonly (readonly number[])[] | undefined;
  const ok = pads?.length === small.length && big.length === small.length && pads.every((p, a) => p[0]! >= 0 && p[1]! >= 0 && small[a]! + p[0]! + p[1]! === big[a]);
  if (!ok) throw new KernelError(ctx.step.origin, `${ctx.step.kernel}: pads ${JSON.stringify(pads)} do not take [${small}] to [${big}]`);
  return pads!.map((p) => p[0]!);
}

/** pad: y[i + before] = x[i], zeros elsewhere. */
const pad: KernelGenerator = (ctx) => {
  const x = ctx.inputs[0]!;
  const y = ctx.outputs[0]!;
  const before = padsOf(ctx, x.shape, y.shape);
  const n = size(y.shape);
  const launch = flatLaunch(n, ctx.caps, 64);
  const inside = x.shape.map((d, a) => `c${a} - ${u32(before[a]!)} < ${u32(d)}`).join(' && ');
  return {
    label: `pad [${x.shape}] → [${y.shape}]`,
    bindings: [input('x', 0), output('y', 0)],
    code: `${launch.main}
  ${launch.guard}
  ${coordinates(y.shape, 'i', 'c')}
  var v = 0.0;
  if (${inside}) { v = x[${flatIndex(x.shape, x.shape.map((_, a) => `(c${a} - ${u32(before[a]!)})`))}]; }
  y[i] = v;
}`,
    workgroups: launch.workgroups,
  };
};

/** crop: y = x[before : before + y's size], pad's gradient. */
const crop: KernelGenerator = (ctx) => {
  const x = ctx.inputs[0]!;
  const y = ctx.outputs[0]!;
  const before = padsOf(ctx, y.shape, x.shape);
  const n = size(y.shape);
  const launch = flatLaunch(n, ctx.caps, 64);
  return {
    label: `crop [${x.shape}] → [${y.shape}]`,
    bindings: [input('x', 0), output('y', 0)],
    code: `${launch.main}
  ${launch.guard}
  ${coordinates(y.shape, 'i', 'c')}
  y[i] = x[${flatIndex(x.shape, y.shape.map((_, a) => `(c${a} + ${u32(before[a]!)})`))}];
}`,
    workgroups: launch.workgroups,
  };
};

function factorsOf(ctx: KernelContext, small: readonly number[], big: readonly number[]): number[] {
  const factors = ctx.step.arg['factors'] as readonly number[] | undefined;
  const rank = small.length - 2;
  const ok = factors?.length === rank && big.length === small.length && big[0] === small[0] && big.at(-1) === small.at(-1) && factors.every((f, a) => Number.isInteger(f) && f >= 1 && big[a + 1] === small[a + 1]! * f);
  if (!ok) throw new KernelError(ctx.step.origin, `${ctx.step.kernel}: factors ${JSON.stringify(factors)} do not take [${small}] to [${big}]`);
  return [...factors!];
}

/** upsample, nearest neighbour: y[n, i, c] = x[n, ⌊i/f⌋, c]. */
const upsample: KernelGenerator = (ctx) => {
  const x = ctx.inputs[0]!;
  const y = ctx.outputs[0]!;
  const factors = factorsOf(ctx, x.shape, y.shape);
  const n = size(y.shape);
  const launch = flatLaunch(n, ctx.caps, 64);
  const source = y.shape.map((_, a) => (a === 0 || a === y.shape.length - 1 ? `c${a}` : `(c${a} / ${u32(factors[a - 1]!)})`));
  return {
    label: `upsample [${x.shape}] x[${factors}]`,
    bindings: [input('x', 0), output('y', 0)],
    code: `${launch.main}
  ${launch.guard}
  ${coordinates(y.shape, 'i', 'c')}
  y[i] = x[${flatIndex(x.shape, source)}];
}`,
    workgroups: launch.workgroups,
  };
};

/** upsample_grad: each dx cell sums the f₁×f₂… block of dy it was copied to. */
const upsample_grad: KernelGenerator = (ctx) => {
  const dy = ctx.inputs[0]!;
  const dx = ctx.outputs[0]!;
  const factors = factorsOf(ctx, dx.shape, dy.shape);
  const n = size(dx.shape);
  const launch = flatLaunch(n, ctx.caps, 64);
  const blockSize = size(factors);
  // The block's offsets, unrolled when small.
  const inner = factors.map((f, a) => `(c${a + 1} * ${u32(f)} + ${a === factors.length - 1 ? 'b' : `(b / ${u32(size(factors.slice(a + 1)))})`} % ${u32(f)})`);
  const at = flatIndex(dy.shape, ['c0', ...inner, `c${dx.shape.length - 1}`]);
  return {
    label: `upsample_grad [${dx.shape}] x[${factors}]`,
    bindings: [input('dy', 0), output('dx', 0)],
    code: `${launch.main}
  ${launch.guard}
  ${coordinates(dx.shape, 'i', 'c')}
  var acc = 0.0;
  for (var b = 0u; b < ${u32(blockSize)}; b = b + 1u) { acc = acc + dy[${at}]; }
  dx[i] = acc;
}`,
    workgroups: launch.workgroups,
  };
};

export const POOL_KERNELS = { pool, pool_grad, pad, crop, upsample, upsample_grad } as const;
