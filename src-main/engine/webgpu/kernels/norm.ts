/**
 * WebGPU kernels for normalisation and dropout: batch_norm, batch_norm_grad,
 * layer_norm, layer_norm_grad, dropout. The formulas are the reference's
 * (reference/kernels/norm.ts); each kernel is one dispatch.
 *
 * Both normalisations work per group of M elements that share statistics
 * (batch_norm: a channel over every other axis; layer_norm: one position of
 * the axes not normalised). A launch owns whole groups, so it can compute the
 * statistics and then use them without a second dispatch. A group is reduced
 * in one of two ways, chosen per launch from its sizes (`byWorkgroup`):
 *
 * - by workgroup: one workgroup per group; its threads stride over the
 *   group's elements and tree-reduce their partial sums in workgroup memory.
 *   For few, long groups (batch-norm statistics over N·H·W per channel).
 * - by thread: one invocation per group, walking its elements alone, with no
 *   barriers. For many short groups (layer norm over a feature axis), which
 *   llvmpipe runs fastest.
 *
 * Statistics are two-pass (mean, then the mean of squared deviations), as in
 * the reference, so a large mean does not cancel the variance away.
 *
 * layer_norm_grad's dγ and dβ sum over the groups rather than within them, so
 * its launch has two parts side by side: workgroups for dx per group, then
 * workgroups for dγ, dβ per position within a group, each part reducing its
 * own way.
 *
 * Dropout compares the counter hash (prelude's nw_counter_hash, random.ts's
 * counterUniform times 2³²) with ceil(rate·2³²) computed on the host in double
 * precision, so it keeps exactly the elements the reference keeps.
 */
import type { Kernel } from '../../plan/kernels';
import { numel } from '../../plan/types';
import { f32, flatLaunch, u32 } from './prelude';
import { env, input, KernelError, output, type DeviceCaps, type KernelContext, type KernelGenerator, type KernelProgram, type ProgramBinding } from './types';

// ── Groups: which elements share statistics ─────────────────────────────────

interface Groups {
  /** Number of groups. */
  readonly count: number;
  /** Elements per group. */
  readonly size: number;
  /** WGSL for the flat index in x of element `m` (row-major over the normalised axes) of group `k` (row-major over the others). */
  offset(k: string, m: string): string;
}

/**
 * The groups of `shape` when statistics run over `within` (ascending axes):
 * group k is a position of the other axes, element m a position of `within`,
 * both row-major, as the reference's splitIndex numbers them. Neighbouring
 * axes on the same side merge first, so [N,H,W,C] over [0,1,2] is [NHW, C].
 */
export function groupsOf(shape: readonly number[], within: readonly number[]): Groups {
  const dims: { size: number; within: boolean }[] = [];
  shape.forEach((size, a) => {
    const w = within.includes(a);
    const last = dims.at(-1);
    if (size === 1) return;
    if (last && last.within === w) last.size *= size;
    else dims.push({ size, within: w });
  });
  const strides: number[] = [];
  let acc = 1;
  for (let d = dims.length - 1; d >= 0; d--) {
    strides[d] = acc;
    acc *= dims[d]!.size;
  }
  const side = (w: boolean) => dims.map((d, i) => ({ ...d, stride: strides[i]! })).filter((d) => d.within === w);
  /** WGSL turning a flat row-major index over `axes` into an offset in x. */
  const offset = (flat: string, axes: { size: number; stride: number }[]) => {
    const terms: string[] = [];
    let inner = 1;
    for (let j = axes.length - 1; j >= 0; j--) {
      const { size, stride } = axes[j]!;
      const coord = j === 0 ? (inner === 1 ? flat : `(${flat} / ${u32(inner)})`) : inner === 1 ? `(${flat} % ${u32(size)})` : `((${flat} / ${u32(inner)}) % ${u32(size)})`;
      terms.push(stride === 1 ? coord : `${coord} * ${u32(stride)}`);
      inner *= size;
    }
    return terms;
  };
  const kept = side(false);
  const inside = side(true);
  return {
    count: kept.reduce((n, d) => n * d.size, 1),
    size: inside.reduce((n, d) => n * d.size, 1),
    offset: (k, m) => {
      const terms = [...offset(k, kept), ...offset(m, inside)];
      return terms.length ? terms.join(' + ') : '0u';
    },
  };
}

// ── Launches that reduce groups ─────────────────────────────────────────────

/** Threads per workgroup: a power of two within the device's limits. */
function workgroupSize(caps: DeviceCaps): number {
  const cap = Math.min(caps.software ? 64 : 256, caps.maxComputeInvocationsPerWorkgroup, caps.maxComputeWorkgroupSizeX);
  return 2 ** Math.floor(Math.log2(Math.max(1, cap)));
}

/**
 * Whether `count` reductions of `length` elements each should each get a
 * workgroup rather than a thread: when they are long, or too few to keep the
 * device busy one thread each.
 */
export function byWorkgroup(count: number, length: number, caps: DeviceCaps): boolean {
  if (length < 128) return false;
  const busy = caps.software ? 128 : 8192;
  const long = caps.software ? 16384 : 2048;
  return count < busy || length > long;
}

/**
 * One part of a launch: `count` reductions. `body` is WGSL that uses `k` (the
 * reduction this thread works on), and strides its loops as
 * `for (var m = t; m < LENGTH; m = m + T)`; `sum(v, into)` is WGSL declaring
 * `into`, the vec2<f32> `v` summed over every thread of the reduction (all of
 * them must reach it).
 */
interface Part {
  readonly count: number;
  readonly length: number;
  readonly body: (sum: (v: string, into: string) => string) => string;
}

/**
 * WGSL summing the vec2 `v` over the workgroup by a tree in workgroup memory,
 * into `let into` on every thread. Each sum gets an array of its own
 * (`arrays` collects their names): on llvmpipe (Dawn's GL backend), a
 * second sum through the same array gave every thread past the first eight
 * the wrong first total, as if their read of it had moved past the barrier
 * that follows it. Vector parts are indexed ([0], [1]) rather than swizzled,
 * so renaming a binding called x or y (launches.ts) cannot touch them.
 */
const workgroupSum = (size: number, arrays: Set<string>) => (v: string, into: string) => {
  const a = `partial_${into}`;
  arrays.add(a);
  return `    ${a}[t] = ${v};
    workgroupBarrier();
    for (var h = ${u32(size / 2)}; h > 0u; h = h >> 1u) {
      if (t < h) { ${a}[t] = ${a}[t] + ${a}[t + h]; }
      workgroupBarrier();
    }
    let ${into} = ${a}[0];`;
};

/** One program running each part on its own range of workgroups. */
function reductionProgram(label: string, bindings: readonly ProgramBinding[], parts: readonly Part[], caps: DeviceCaps): KernelProgram {
  const size = workgroupSize(caps);
  const arrays = new Set<string>();
  let first = 0;
  const fns: string[] = [];
  const calls: string[] = [];
  parts.forEach((part, p) => {
    const wg = byWorkgroup(part.count, part.length, caps);
    const groups = wg ? part.count : Math.ceil(part.count / size);
    // A workgroup's reduction index is uniform, so its barriers stay in uniform control flow.
    fns.push(`fn part${p}(group: u32, lid: u32) {
  let k = ${wg ? 'group' : `group * ${u32(size)} + lid`};
  let t = ${wg ? 'lid' : '0u'};
  let T = ${wg ? u32(size) : '1u'};
  if (k < ${u32(part.count)}) {
${part.body(wg ? workgroupSum(size, arrays) : (v, into) => `    let ${into} = ${v};`)}
  }
}`);
    calls.push(p === parts.length - 1 ? `part${p}(group - ${u32(first)}, lid);` : `if (group < ${u32(first + groups)}) { part${p}(group - ${u32(first)}, lid); return; }`);
    first += groups;
  });
  const x = Math.max(1, Math.min(first, caps.maxComputeWorkgroupsPerDimension));
  const y = Math.ceil(first / x);
  return {
    label,
    bindings,
    code: `${[...arrays].map((a) => `var<workgroup> ${a}: array<vec2<f32>, ${size}>;\n`).join('')}${fns.join('\n')}
@compute @workgroup_size(${size})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let group = wid[1] * ${u32(x)} + wid[0];
  ${calls.join('\n  ')}
}`,
    workgroups: [x, y, 1],
  };
}

/** The sums and normalised outputs that batch_norm and layer_norm share, for one group `k`. */
function statistics(g: Groups, epsilon: number, sum: (v: string, into: string) => string): string {
  const x = `x[${g.offset('k', 'm')}]`;
  return `    var s = vec2<f32>(0.0, 0.0);
    for (var m = t; m < ${u32(g.size)}; m = m + T) { s = s + vec2<f32>(${x}, 0.0); }
${sum('s', 'sums')}
    let mean = sums[0] / ${f32(g.size)};
    var q = vec2<f32>(0.0, 0.0);
    for (var m = t; m < ${u32(g.size)}; m = m + T) { let e = ${x} - mean; q = q + vec2<f32>(e * e, 0.0); }
${sum('q', 'squares')}
    let variance = squares[0] / ${f32(g.size)};
    let inv = 1.0 / sqrt(variance + ${f32(epsilon)});`;
}

function numberArg(ctx: KernelContext, name: string): number {
  const v = ctx.step.arg[name];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new KernelError(ctx.step.origin, `${ctx.step.kernel}: ${name} must be a number, not ${String(v)}`);
  return v;
}

function channelAxis(ctx: KernelContext, rank: number): number {
  const axis = ctx.step.arg['axis'];
  if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < 0 || axis >= rank) throw new KernelError(ctx.step.origin, `${ctx.step.kernel}: axis ${String(axis)} does not fit a rank-${rank} tensor`);
  return axis;
}

const allBut = (rank: number, axis: number) => Array.from({ length: rank }, (_, a) => a).filter((a) => a !== axis);

// ── batch_norm ──────────────────────────────────────────────────────────────

/**
 * Training: one group per channel normalises with its own statistics, saves
 * them, and moves the moving statistics. Those are inputs 3, 4 and outputs 3,
 * 4 (the same tensors), so they are bound once, through the outputs, as
 * read_write: WebGPU rejects two writable views of one range.
 * Inference: elementwise, with the moving statistics.
 */
const batch_norm: KernelGenerator = (ctx) => {
  const x = ctx.inputs[0]!;
  const axis = channelAxis(ctx, x.shape.length);
  const epsilon = numberArg(ctx, 'epsilon');
  const C = x.shape[axis]!;
  if (!ctx.step.arg['training']) {
    const inner = numel(x.shape.slice(axis + 1));
    const n = numel(x.shape);
    const launch = flatLaunch(n, ctx.caps, 64);
    const c = inner === 1 ? `i % ${u32(C)}` : `(i / ${u32(inner)}) % ${u32(C)}`;
    return {
      label: `batch_norm inference [${x.shape}] axis ${axis}`,
      bindings: [input('x', 0), input('gamma', 1), input('beta', 2), input('movingMean', 3), input('movingVar', 4), output('y', 0)],
      code: `${launch.main}
  ${launch.guard}
  let c = ${c};
  let inv = 1.0 / sqrt(movingVar[c] + ${f32(epsilon)});
  y[i] = gamma[c] * (x[i] - movingMean[c]) * inv + beta[c];
}`,
      workgroups: launch.workgroups,
    };
  }
  if (ctx.outputs.length !== 5) throw new KernelError(ctx.step.origin, `batch_norm: training writes 5 outputs, this step has ${ctx.outputs.length}`);
  const momentum = numberArg(ctx, 'momentum');
  const g = groupsOf(x.shape, allBut(x.shape.length, axis));
  const part: Part = {
    count: C,
    length: g.size,
    body: (sum) => `${statistics(g, epsilon, sum)}
    if (t == 0u) {
      meanOut[k] = mean;
      invStd[k] = inv;
      movingMean[k] = movingMean[k] * ${f32(momentum)} + mean * ${f32(1 - momentum)};
      movingVar[k] = movingVar[k] * ${f32(momentum)} + variance * ${f32(1 - momentum)};
    }
    let a = gamma[k] * inv;
    let b = beta[k];
    for (var m = t; m < ${u32(g.size)}; m = m + T) {
      let o = ${g.offset('k', 'm')};
      y[o] = (x[o] - mean) * a + b;
    }`,
  };
  return reductionProgram(`batch_norm training [${x.shape}] axis ${axis}`, [
    input('x', 0), input('gamma', 1), input('beta', 2),
    output('y', 0), output('meanOut', 1), output('invStd', 2), output('movingMean', 3), output('movingVar', 4),
  ], [part], ctx.caps);
};

/**
 * γ is constant within a channel, so Σg = γ·Σdy and Σg·x̂ = γ·Σdy·x̂: one
 * pair of sums gives dx, dγ and dβ.
 */
const batch_norm_grad: KernelGenerator = (ctx) => {
  const x = ctx.inputs[1]!;
  const axis = channelAxis(ctx, x.shape.length);
  const g = groupsOf(x.shape, allBut(x.shape.length, axis));
  const part: Part = {
    count: x.shape[axis]!,
    length: g.size,
    body: (sum) => `    let mean_k = mean[k];
    let inv = invStd[k];
    var s = vec2<f32>(0.0, 0.0);
    for (var m = t; m < ${u32(g.size)}; m = m + T) {
      let o = ${g.offset('k', 'm')};
      let d = dy[o];
      s = s + vec2<f32>(d, d * (x[o] - mean_k) * inv);
    }
${sum('s', 'total')}
    if (t == 0u) {
      dgamma[k] = total[1];
      dbeta[k] = total[0];
    }
    let c = gamma[k] * inv / ${f32(g.size)};
    for (var m = t; m < ${u32(g.size)}; m = m + T) {
      let o = ${g.offset('k', 'm')};
      dx[o] = c * (${f32(g.size)} * dy[o] - total[0] - (x[o] - mean_k) * inv * total[1]);
    }`,
  };
  return reductionProgram(`batch_norm_grad [${x.shape}] axis ${axis}`, [
    input('dy', 0), input('x', 1), input('gamma', 2), input('mean', 3), input('invStd', 4),
    output('dx', 0), output('dgamma', 1), output('dbeta', 2),
  ], [part], ctx.caps);
};

// ── layer_norm ──────────────────────────────────────────────────────────────

function normAxes(ctx: KernelContext, rank: number): number[] {
  const axes = ctx.step.arg['axes'] as number[] | undefined;
  if (!Array.isArray(axes) || axes.length === 0 || axes.some((a, i) => !Number.isInteger(a) || a < 0 || a >= rank || (i > 0 && a <= axes[i - 1]!))) {
    throw new KernelError(ctx.step.origin, `${ctx.step.kernel}: axes [${String(axes)}] must be ascending axes of a rank-${rank} tensor`);
  }
  return axes;
}

/** (x, gamma, beta) → y, plus mean and invStd when the step has three outputs (training). */
const layer_norm: KernelGenerator = (ctx) => {
  const x = ctx.inputs[0]!;
  const axes = normAxes(ctx, x.shape.length);
  const epsilon = numberArg(ctx, 'epsilon');
  const training = ctx.outputs.length === 3;
  const g = groupsOf(x.shape, axes);
  const part: Part = {
    count: g.count,
    length: g.size,
    body: (sum) => `${statistics(g, epsilon, sum)}
    ${training ? 'if (t == 0u) { meanOut[k] = mean; invStd[k] = inv; }' : ''}
    for (var m = t; m < ${u32(g.size)}; m = m + T) {
      let o = ${g.offset('k', 'm')};
      y[o] = gamma[m] * (x[o] - mean) * inv + beta[m];
    }`,
  };
  return reductionProgram(`layer_norm${training ? ' training' : ''} [${x.shape}] over [${axes}]`, [
    input('x', 0), input('gamma', 1), input('beta', 2), output('y', 0),
    ...(training ? [output('meanOut', 1), output('invStd', 2)] : []),
  ], [part], ctx.caps);
};

/**
 * Part one, per group k: dx from Σg and Σg·x̂ (g = dy·γ varies within the
 * group). Part two, per position m within a group: dγ[m] = Σ_k dy·x̂ and
 * dβ[m] = Σ_k dy over the groups.
 */
const layer_norm_grad: KernelGenerator = (ctx) => {
  const x = ctx.inputs[1]!;
  const axes = normAxes(ctx, x.shape.length);
  const g = groupsOf(x.shape, axes);
  const M = f32(g.size);
  const perGroup: Part = {
    count: g.count,
    length: g.size,
    body: (sum) => `    let mean_k = mean[k];
    let inv = invStd[k];
    var s = vec2<f32>(0.0, 0.0);
    for (var m = t; m < ${u32(g.size)}; m = m + T) {
      let o = ${g.offset('k', 'm')};
      let gm = dy[o] * gamma[m];
      s = s + vec2<f32>(gm, gm * (x[o] - mean_k) * inv);
    }
${sum('s', 'total')}
    for (var m = t; m < ${u32(g.size)}; m = m + T) {
      let o = ${g.offset('k', 'm')};
      dx[o] = inv / ${M} * (${M} * dy[o] * gamma[m] - total[0] - (x[o] - mean_k) * inv * total[1]);
    }`,
  };
  // Here k is the position within a group and the loop walks the groups.
  const perPosition: Part = {
    count: g.size,
    length: g.count,
    body: (sum) => `    var s = vec2<f32>(0.0, 0.0);
    for (var j = t; j < ${u32(g.count)}; j = j + T) {
      let o = ${g.offset('j', 'k')};
      let d = dy[o];
      s = s + vec2<f32>(d, d * (x[o] - mean[j]) * invStd[j]);
    }
${sum('s', 'total')}
    if (t == 0u) {
      dgamma[k] = total[1];
      dbeta[k] = total[0];
    }`,
  };
  return reductionProgram(`layer_norm_grad [${x.shape}] over [${axes}]`, [
    input('dy', 0), input('x', 1), input('gamma', 2), input('mean', 3), input('invStd', 4),
    output('dx', 0), output('dgamma', 1), output('dbeta', 2),
  ], [perGroup, perPosition], ctx.caps);
};

// ── dropout ─────────────────────────────────────────────────────────────────

/**
 * The integer form of counterUniform(…) ≥ rate: hash ≥ ceil(rate·2³²), in
 * double precision (exact: rate·2³² only shifts the exponent). A threshold of
 * 2³² or more keeps nothing.
 */
export function dropoutThreshold(rate: number): number {
  return Math.max(0, Math.ceil(rate * 2 ** 32));
}

const dropout: KernelGenerator = (ctx) => {
  const x = ctx.inputs[0]!;
  const rate = numberArg(ctx, 'rate');
  const seed = ctx.step.arg['seed'];
  if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new KernelError(ctx.step.origin, `dropout: seed must be an integer, not ${String(seed)}`);
  if (rate < 0 || rate > 1) throw new KernelError(ctx.step.origin, `dropout: rate ${rate} is outside [0, 1]`);
  const threshold = dropoutThreshold(rate);
  const n = numel(x.shape);
  const launch = flatLaunch(n, ctx.caps, 64);
  // The mask holds the scale the reference stores: 1/(1 − rate) rounded to f32.
  const keep = threshold >= 2 ** 32 ? 'false' : `nw_counter_hash(${u32(seed)} ^ env.seed, env.step, i) >= ${u32(threshold)}`;
  const scale = threshold >= 2 ** 32 ? 0 : Math.fround(1 / (1 - rate));
  return {
    label: `dropout ${n} rate ${rate}`,
    bindings: [env, input('x', 0), output('y', 0), output('mask', 1)],
    code: `${launch.main}
  ${launch.guard}
  let m = select(0.0, ${f32(scale)}, ${keep});
  mask[i] = m;
  y[i] = x[i] * m;
}`,
    workgroups: launch.workgroups,
  };
};

export const NORM_KERNELS: Partial<Record<Kernel, KernelGenerator>> = { batch_norm, batch_norm_grad, layer_norm, layer_norm_grad, dropout };
