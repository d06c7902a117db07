/**
 * WebGPU kernels for convolution: conv (with matmul's bias and activation
 * epilogue), conv_grad_input (also the forward of a transposed conv) and
 * conv_grad_weight; the pooling, padding and resampling kernels live in
 * pool.ts and register here. reference/kernels/conv.ts is the oracle.
 *
 * Each is an implicit GEMM with register blocking, in the style of matmul's
 * register variant: an invocation owns a block of outputs in registers, in
 * straight-line code, with sizes baked in as constants. On llvmpipe (Mesa
 * 22.3, measured with bench/conv-kernels.ts) a storage-buffer load or store
 * costs 4–10 cycles per lane (Mesa walks the lanes one after another), a
 * vec4 about half that per element, and an FMA ~0.15 even with accumulators
 * spilled to the stack; a load whose index is uniform is no cheaper than any
 * other. So blocks are large, within what LLVM compiles quickly, and shaped
 * to load each value as few times as possible:
 *
 * - Sliding windows. A block is TR output rows × TP neighbouring columns,
 *   so its taps along the last axis overlap: column t and tap k2 read input
 *   column t·s + k2·d. Each distinct column is loaded once per row (TP + W2 − 1
 *   loads at stride 1 instead of TP·W2) and reused for every tap and channel.
 * - Weight rows shared by TR·TP positions, and read as vec4 where channels
 *   are contiguous and aligned.
 *
 * Gradients are gathers, never scatters (WGSL has no float atomics), and
 * every output cell is written once by exactly one invocation, so cells no
 * tap reaches come out zero without a separate fill:
 * - conv_grad_input: a dx cell sums the taps k for which (i + before − k·d)/s
 *   is a whole number inside dy. Along the last axis, blocks start at
 *   multiples of s, so which (t, k2) pairs divide is known when generating
 *   the shader; along the other axes, workgroups are split by i mod s, so
 *   the test is the same for the whole workgroup and skips whole taps.
 * - conv_grad_weight: dw is small and its sum runs over every position. A
 *   workgroup owns KB rows (k0, k1, ci) of dw for every k2 and a block of
 *   output channels; its lanes split the positions, and one barrier sums
 *   their partial results through workgroup memory.
 */
import type { Kernel } from '../../plan/kernels';
import { activationExpr } from './activation';
import { i32, POOL_KERNELS, windowGeometry, type WindowGeometry } from './pool';
import { u32 } from './prelude';
import { input, KernelError, output, type DeviceCaps, type KernelContext, type KernelGenerator, type KernelProgram, type ProgramBinding } from './types';

const ceil = (a: number, b: number) => Math.ceil(a / b);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/** The non-negative remainder. */
const mod = (a: number, b: number) => ((a % b) + b) % b;
const COMP = ['x', 'y', 'z', 'w'];

/** A conv's geometry with its channel groups. */
export interface ConvDims {
  readonly g: WindowGeometry;
  readonly groups: number;
  /** Input and output channels per group. */
  readonly inG: number;
  readonly outG: number;
}

/** Checks the weight against the two activations and reads the groups. */
export function convDims(ctx: KernelContext, x: readonly number[], y: readonly number[], w: readonly number[]): ConvDims {
  const g = windowGeometry(ctx, x, y, w.slice(0, -2));
  const groups = Number(ctx.step.arg['groups'] ?? 1);
  const fail = (why: string) => new KernelError(ctx.step.origin, `${ctx.step.kernel}: ${why}`);
  if (!Number.isInteger(groups) || groups < 1 || g.inC % groups !== 0 || g.outC % groups !== 0) throw fail(`${groups} groups do not divide ${g.inC} input and ${g.outC} output channels`);
  if (w.length !== x.length || w.at(-2) !== g.inC / groups || w.at(-1) !== g.outC) throw fail(`the kernel has shape [${w}], expected [..window, ${g.inC / groups}, ${g.outC}]`);
  return { g, groups, inG: g.inC / groups, outG: g.outC / groups };
}

/**
 * A launch of `count` workgroups of `workgroup` invocations along x (folded
 * into z past the per-dimension limit) by `rows` along y. The header defines
 * `wg`, the workgroup's index along x, and `inv`, the invocation's.
 */
function gridLaunch(ctx: KernelContext, count: number, rows: number, workgroup: number): { workgroups: [number, number, number]; main: string } {
  const limit = ctx.caps.maxComputeWorkgroupsPerDimension;
  if (rows > limit) throw new KernelError(ctx.step.origin, `${ctx.step.kernel}: ${rows} channel blocks exceed the device's ${limit} workgroups per dimension`);
  const groups = Math.max(1, count);
  const x = Math.min(groups, limit);
  const main = `@compute @workgroup_size(${workgroup})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let wg = wid.z * ${u32(x)} + wid.x;
  let inv = wg * ${u32(workgroup)} + lid;`;
  return { workgroups: [x, rows, ceil(groups, x)], main };
}

/** WGSL: `let` bindings splitting `flat` into the named coordinates, sizes given, last fastest. */
function split(flat: string, names: readonly string[], sizes: readonly number[]): string {
  const rest = `${names[0]}_rest`;
  const lines = [`var ${rest} = ${flat};`];
  for (let a = names.length - 1; a > 0; a--) lines.push(`let ${names[a]} = ${rest} % ${u32(sizes[a]!)};`, `${rest} = ${rest} / ${u32(sizes[a]!)};`);
  lines.push(`let ${names[0]} = ${rest};`);
  return lines.join('\n  ');
}

/** An i32 coordinate as a u32 index clamped into [0, size). */
const clampIndex = (v: string, size: number) => `u32(clamp(${v}, 0i, ${i32(size - 1)}))`;

/** Whether axis a of a forward window reads outside the input, for output positions below `outLimit`. */
function reachesOutside(g: WindowGeometry, a: number, outLimit = g.outSize[a]!): boolean {
  return g.before[a]! > 0 || (outLimit - 1) * g.strides[a]! - g.before[a]! + (g.window[a]! - 1) * g.dilations[a]! >= g.inSize[a]!;
}

/**
 * `count` consecutive floats from flat index `at` (a multiple of 4 when
 * `vec`): the `let` lines that load them, as vec4 when `vec`, and the WGSL
 * expression of each element.
 */
function loadRun(array: string, vec: boolean, at: string, count: number, name: string, live?: string): { lines: string; values: string[] } {
  const masked = (load: string, zero: string) => (live ? `select(${zero}, ${load}, ${live})` : load);
  if (!vec) return { lines: range(count).map((j) => `let ${name}_${j} = ${masked(`${array}[${at} + ${u32(j)}]`, '0.0')};`).join(' '), values: range(count).map((j) => `${name}_${j}`) };
  return {
    lines: range(count / 4).map((v) => `let ${name}_${v} = ${masked(`${array}4[(${at}) / 4u + ${u32(v)}]`, 'vec4<f32>(0.0)')};`).join(' '),
    values: range(count).map((j) => `${name}_${j >> 2}.${COMP[j & 3]}`),
  };
}

/** Distinct values of a list, in first-seen order, and the index of each among them. */
function distinct(values: readonly number[]): { values: number[]; index: (v: number) => number } {
  const unique = [...new Set(values)];
  return { values: unique, index: (v) => unique.indexOf(v) };
}

// ── block choice ───────────────────────────────────────────────────────────

/**
 * Relative costs on llvmpipe, per instruction of one invocation, fitted to
 * bench/conv-kernels.ts: a scalar load or store (≈7–10 cycles a lane: Mesa
 * 22.3 loops over the lanes), a vec4 load, an FMA (≈0.15 cycles a lane).
 * Used to pick conv_grad_weight's block, where the trade between rows of dw
 * per workgroup (fewer dy loads) and workgroups (more threads busy) is real.
 */
const COST = { load: 1, load4: 1.5, fma: 0.022 };
/** Workgroups run one per thread; a launch with fewer than this many leaves threads idle (two-core CI machines). */
const PARALLEL = 2;
/**
 * Most accumulators per invocation and unrolled FMAs per inner step. Past
 * ~400 accumulators the spills cost more than the loads they save, and
 * LLVM's compile time grows fast with the unrolled body.
 */
const MAX_ACC = 400;
const MAX_UNROLL = 2400;

/** The sizes of a register block: TR rows × TP columns × TQ channels, WG invocations per workgroup. */
interface Block {
  readonly tr: number;
  readonly tp: number;
  readonly tq: number;
  readonly wg: number;
}

/** Channels per block: the whole group up to `most`, else the size that wastes least on the last block. */
function channelBlock(channels: number, most: number): number {
  if (channels <= most) return channels;
  let best = most;
  for (let tq = most; tq >= Math.ceil(most / 2); tq--) if (ceil(channels, tq) * tq < ceil(channels, best) * best) best = tq;
  return best;
}

/** Candidate sizes along an axis of `length`: 1 up to `most`, multiples of `step`. */
function sizes(length: number, most: number, step = 1): number[] {
  const top = Math.max(step, Math.min(most, length + step - 1));
  return range(Math.floor(top / step)).map((i) => (i + 1) * step);
}

/**
 * Rows and columns per block. Measured on llvmpipe (LeNet's layers), a block
 * spanning a whole row (up to 32 columns) beats squarer blocks with as many
 * or more accumulators, and two to four rows beat one: so TP covers the row
 * with the least waste, then TR grows while the accumulators stay under
 * MAX_ACC, the unrolled step under MAX_UNROLL, and the launch keeps a few
 * workgroups for every thread.
 */
function chooseRowsCols(rows: number, cols: number, others: number, wg: number, tq: number, step: number, unroll: (tr: number, tp: number) => number): { tr: number; tp: number } {
  const fits = (tr: number, tp: number) => tr * tp * tq <= MAX_ACC && unroll(tr, tp) <= MAX_UNROLL;
  let tp = step;
  for (const c of sizes(cols, 32, step)) if (fits(1, c) && ceil(cols, c) * c <= ceil(cols, tp) * tp + step) tp = c;
  let tr = 1;
  for (const r of sizes(rows, 16)) {
    if (!fits(r, tp) || ceil(others * ceil(rows, r) * ceil(cols, tp), wg) < 4 * PARALLEL) break;
    if (ceil(rows, r) * r <= ceil(rows, tr) * tr + 1) tr = r;
  }
  return { tr, tp };
}

// ── conv ───────────────────────────────────────────────────────────────────

/** Whether blocks of tq output channels of a group start on vec4 boundaries of a row of `channels`. */
const vecChannels = (tq: number, group: number, channels: number) => tq % 4 === 0 && group % tq === 0 && channels % 4 === 0;

/** conv: y = act(Σ x·w + bias), TR rows × TP columns × TQ output channels per invocation. */
export function convProgram(ctx: KernelContext, d: ConvDims, block: Block): KernelProgram {
  const { g, groups, inG, outG } = d;
  const arg = ctx.step.arg;
  const hasBias = arg['hasBias'] === true;
  const activation = (arg['activation'] as string | null | undefined) ?? null;
  const [I0, I1, I2] = g.inSize;
  const [O0, O1, O2] = g.outSize;
  const [W0, W1, W2] = g.window;
  const [S0, S1, S2] = g.strides;
  const [D0, D1, D2] = g.dilations;
  const [P0, P1, P2] = g.before;
  const Cin = g.inC;
  const Cout = g.outC;
  const { tr, tp, tq, wg } = block;
  const perGroup = ceil(outG, tq);
  const rowBlocks = ceil(O1, tr);
  const colBlocks = ceil(O2, tp);
  const blocks = g.batch * O0 * rowBlocks * colBlocks;
  const launch = gridLaunch(ctx, ceil(blocks, wg), groups * perGroup, wg);
  const wVec = vecChannels(tq, outG, Cout);
  // The input columns a block reads along the last axis, relative to its first.
  const cols = distinct(range(tp).flatMap((t) => range(W2).map((k) => t * S2 + k * D2)));
  const mask0 = reachesOutside(g, 0);
  const mask1 = reachesOutside(g, 1);
  const clamp1 = mask1 || reachesOutside(g, 1, rowBlocks * tr);
  const mask2 = reachesOutside(g, 2);
  const clamp2 = mask2 || reachesOutside(g, 2, colBlocks * tp);
  const tailQ = outG % tq !== 0;
  const lines: string[] = [];
  lines.push(`let grp = wid.y / ${u32(perGroup)};
  let q0 = grp * ${u32(outG)} + (wid.y % ${u32(perGroup)}) * ${u32(tq)};
  let qEnd = grp * ${u32(outG)} + ${u32(outG)};
  let cin0 = grp * ${u32(inG)};
  ${split(`min(inv, ${u32(blocks - 1)})`, ['n', 'o0', 'b1', 'b2'], [g.batch, O0, rowBlocks, colBlocks])}
  let o1s = b1 * ${u32(tr)};
  let o2s = b2 * ${u32(tp)};
  let i0s = i32(o0 * ${u32(S0)}) - ${i32(P0)};
  let i2s = i32(o2s * ${u32(S2)}) - ${i32(P2)};`);
  for (const r of range(tr)) lines.push(`let i1s${r} = i32((o1s + ${u32(r)}) * ${u32(S1)}) - ${i32(P1)};`);
  cols.values.forEach((u, m) => {
    lines.push(`let xo${m} = ${clamp2 ? clampIndex(`i2s + ${i32(u)}`, I2) : `u32(i2s + ${i32(u)})`} * ${u32(Cin)};`);
    if (mask2) lines.push(`let xm${m} = u32(i2s + ${i32(u)}) < ${u32(I2)};`);
  });
  if (!wVec) for (const j of range(tq)) lines.push(`let wq${j} = ${tailQ ? `min(q0 + ${u32(j)}, qEnd - 1u)` : `q0 + ${u32(j)}`};`);
  for (const r of range(tr)) for (const t of range(tp)) lines.push(range(tq).map((j) => `var a${r}_${t}_${j} = 0.0;`).join(' '));
  const valid = (r: number, m: number) => [mask0 || mask1 ? `v${r}` : '', mask2 ? `xm${m}` : ''].filter(Boolean).join(' && ');
  lines.push(`for (var k0 = 0u; k0 < ${u32(W0)}; k0 = k0 + 1u) {
    let i0 = i0s + i32(k0 * ${u32(D0)});
    let x0 = (n * ${u32(I0)} + ${mask0 ? clampIndex('i0', I0) : 'u32(i0)'}) * ${u32(I1)};
    for (var k1 = 0u; k1 < ${u32(W1)}; k1 = k1 + 1u) {`);
  for (const r of range(tr)) {
    lines.push(`      let i1_${r} = i1s${r} + i32(k1 * ${u32(D1)});`);
    if (mask0 || mask1) lines.push(`      let v${r} = ${[mask0 ? `u32(i0) < ${u32(I0)}` : '', mask1 ? `u32(i1_${r}) < ${u32(I1)}` : ''].filter(Boolean).join(' && ')};`);
    lines.push(`      let xr${r} = (x0 + ${clamp1 ? clampIndex(`i1_${r}`, I1) : `u32(i1_${r})`}) * ${u32(I2 * Cin)} + cin0;`);
  }
  lines.push(`      let wk = (k0 * ${u32(W1)} + k1) * ${u32(W2 * inG)};
      for (var ci = 0u; ci < ${u32(inG)}; ci = ci + 1u) {
        let wr = (wk + ci) * ${u32(Cout)};`);
  for (const r of range(tr)) {
    cols.values.forEach((_, m) => {
      const load = `x[xr${r} + xo${m} + ci]`;
      lines.push(`        let xv${r}_${m} = ${valid(r, m) ? `select(0.0, ${load}, ${valid(r, m)})` : load};`);
    });
  }
  for (const k of range(W2)) {
    const wRow = wVec ? loadRun('w', true, `wr + ${u32(k * inG * Cout)} + q0`, tq, `w${k}`) : { lines: range(tq).map((j) => `let w${k}_${j} = w[wr + ${u32(k * inG * Cout)} + wq${j}];`).join(' '), values: range(tq).map((j) => `w${k}_${j}`) };
    lines.push(`        ${wRow.lines}`);
    for (const r of range(tr)) for (const t of range(tp)) lines.push(`        ${range(tq).map((j) => `a${r}_${t}_${j} = fma(xv${r}_${cols.index(t * S2 + k * D2)}, ${wRow.values[j]}, a${r}_${t}_${j});`).join(' ')}`);
  }
  lines.push('      }\n    }\n  }');
  if (hasBias) lines.push(range(tq).map((j) => `let bias${j} = bias[${tailQ ? `min(q0 + ${u32(j)}, qEnd - 1u)` : `q0 + ${u32(j)}`}];`).join(' '));
  lines.push(`if (inv < ${u32(blocks)}) {`);
  for (const r of range(tr)) {
    const rowGuard = O1 % tr !== 0 ? `if (o1s + ${u32(r)} < ${u32(O1)}) ` : '';
    lines.push(`    ${rowGuard}{
      let yr = (((n * ${u32(O0)} + o0) * ${u32(O1)} + o1s + ${u32(r)}) * ${u32(O2)} + o2s) * ${u32(Cout)} + q0;`);
    for (const t of range(tp)) {
      const stores = range(tq).map((j) => {
        let v = hasBias ? `a${r}_${t}_${j} + bias${j}` : `a${r}_${t}_${j}`;
        if (activation) v = activationExpr(activation, `(${v})`, arg);
        const s = `y[yr + ${u32(t * Cout + j)}] = ${v};`;
        return tailQ ? `if (q0 + ${u32(j)} < qEnd) { ${s} }` : s;
      });
      lines.push(`      ${O2 % tp !== 0 ? `if (o2s + ${u32(t)} < ${u32(O2)}) ` : ''}{ ${stores.join(' ')} }`);
    }
    lines.push('    }');
  }
  lines.push('  }');
  const bindings: ProgramBinding[] = [input('x', 0), wVec ? input('w4', 1, 'vec4<f32>') : input('w', 1), ...(hasBias ? [input('bias', 2)] : []), output('y', 0)];
  return {
    label: `conv ${g.window.join('x')} ${Cin}→${Cout}${groups > 1 ? ` g${groups}` : ''} ${tr}x${tp}x${tq}${activation ? ` ${activation}` : ''}`,
    bindings,
    code: `${launch.main}\n  ${lines.join('\n  ')}\n}`,
    workgroups: launch.workgroups,
  };
}

/** Block sizes for conv: TQ the group's channels up to 16 (4 on other adapters, with one row of 4 columns per invocation). */
export function convBlock(caps: DeviceCaps, d: ConvDims): Block {
  const { g, outG } = d;
  if (!caps.software) return { tr: 1, tp: Math.min(4, g.outSize[2]), tq: channelBlock(outG, 4), wg: 64 };
  const W2 = g.window[2];
  const tq = channelBlock(outG, Math.max(1, Math.min(16, Math.floor(MAX_UNROLL / W2))));
  const { tr, tp } = chooseRowsCols(g.outSize[1], g.outSize[2], g.batch * g.outSize[0] * d.groups * ceil(outG, tq), 8, tq, 1, (tr, tp) => tr * tp * W2 * tq);
  return { tr, tp, tq, wg: 8 };
}

const conv: KernelGenerator = (ctx) => {
  const d = convDims(ctx, ctx.inputs[0]!.shape, ctx.outputs[0]!.shape, ctx.inputs[1]!.shape);
  return convProgram(ctx, d, convBlock(ctx.caps, d));
};

// ── conv_grad_input ────────────────────────────────────────────────────────

/**
 * conv_grad_input: dx[i, ci] = Σ over taps k with o = (i + before − k·d)/s a
 * whole number inside dy, and the group's output channels co, of
 * dy[o, co]·w[k, ci, co]. TR rows (of one residue mod s) × TP columns
 * (starting at multiples of s) × TQ input channels per invocation; the
 * output channels are walked four at a time with vec4 loads when aligned.
 */
export function convGradInputProgram(ctx: KernelContext, d: ConvDims, block: Block): KernelProgram {
  const { g, groups, inG, outG } = d;
  const [I0, I1, I2] = g.inSize;
  const [O0, O1, O2] = g.outSize;
  const [W0, W1, W2] = g.window;
  const [S0, S1, S2] = g.strides;
  const [D0, D1, D2] = g.dilations;
  const [P0, P1, P2] = g.before;
  const Cin = g.inC;
  const Cout = g.outC;
  const { tr, tp, tq, wg } = block;
  if (tp % S2 !== 0) throw new KernelError(ctx.step.origin, `conv_grad_input: a block of ${tp} is not a multiple of the stride ${S2}`);
  const perGroup = ceil(inG, tq);
  const qBlocks = groups * perGroup;
  const M0 = ceil(I0, S0);
  const M1 = ceil(I1, S1);
  const rowBlocks = ceil(M1, tr);
  const colBlocks = ceil(I2, tp);
  const blocks = g.batch * M0 * rowBlocks * colBlocks;
  const launch = gridLaunch(ctx, ceil(blocks, wg), qBlocks * S0 * S1, wg);
  const vec = outG % 4 === 0 && Cout % 4 === 0;
  const step = vec ? 4 : 1;
  // Along the last axis, column t meets tap k2 when (t + before − k2·d) divides by s, at dy column offset v.
  const pairs = range(W2).flatMap((k) => range(tp).flatMap((t) => {
    const rel = t + P2 - k * D2;
    return mod(rel, S2) === 0 ? [{ t, k, v: (rel - mod(rel, S2)) / S2 }] : [];
  }));
  const cols = distinct(pairs.map((p) => p.v));
  const tailQ = inG % tq !== 0;
  const lines: string[] = [];
  lines.push(`let qb = wid.y % ${u32(qBlocks)};
  let residue = wid.y / ${u32(qBlocks)};
  let r1 = residue % ${u32(S1)};
  let r0 = residue / ${u32(S1)};
  let grp = qb / ${u32(perGroup)};
  let cl0 = (qb % ${u32(perGroup)}) * ${u32(tq)};
  let co0 = grp * ${u32(outG)};
  ${split(`min(inv, ${u32(blocks - 1)})`, ['n', 'm0', 'b1', 'b2'], [g.batch, M0, rowBlocks, colBlocks])}
  let i0 = r0 + m0 * ${u32(S0)};
  let i2s = b2 * ${u32(tp)};`);
  for (const r of range(tr)) lines.push(`let i1_${r} = r1 + (b1 * ${u32(tr)} + ${u32(r)}) * ${u32(S1)};`);
  cols.values.forEach((v, m) => lines.push(`let oc${m} = i32(i2s / ${u32(S2)}) + ${i32(v)};
  let dm${m} = u32(oc${m}) < ${u32(O2)};
  let do${m} = ${clampIndex(`oc${m}`, O2)} * ${u32(Cout)};`));
  for (const j of range(tq)) lines.push(`let wc${j} = ${tailQ ? `min(cl0 + ${u32(j)}, ${u32(inG - 1)})` : `cl0 + ${u32(j)}`};`);
  for (const r of range(tr)) for (const t of range(tp)) lines.push(range(tq).map((j) => `var a${r}_${t}_${j} = 0.0;`).join(' '));
  // Whether tap k divides along axis a is the same for the whole workgroup (i ≡ r mod s); adding a multiple of s keeps the test unsigned.
  const divides = (a: number, r: string, k: string) => {
    const s = g.strides[a]!;
    return s === 1 ? '' : `if ((${r} + ${u32(g.before[a]! + s * g.window[a]! * g.dilations[a]!)} - ${k} * ${u32(g.dilations[a]!)}) % ${u32(s)} != 0u) { continue; }`;
  };
  lines.push(`for (var k0 = 0u; k0 < ${u32(W0)}; k0 = k0 + 1u) {
    ${divides(0, 'r0', 'k0')}
    let o0 = (i32(i0) + ${i32(P0)} - i32(k0 * ${u32(D0)})) / ${i32(S0)};
    let ok0 = u32(o0) < ${u32(O0)};
    let y0 = (n * ${u32(O0)} + ${clampIndex('o0', O0)}) * ${u32(O1)};
    for (var k1 = 0u; k1 < ${u32(W1)}; k1 = k1 + 1u) {
      ${divides(1, 'r1', 'k1')}`);
  for (const r of range(tr)) {
    lines.push(`      let o1_${r} = (i32(i1_${r}) + ${i32(P1)} - i32(k1 * ${u32(D1)})) / ${i32(S1)};
      let v${r} = ok0 && u32(o1_${r}) < ${u32(O1)};
      let dr${r} = (y0 + ${clampIndex(`o1_${r}`, O1)}) * ${u32(O2 * Cout)} + co0;`);
  }
  lines.push(`      let wk = (k0 * ${u32(W1)} + k1) * ${u32(W2)};
      for (var co = 0u; co < ${u32(outG)}; co = co + ${u32(step)}) {`);
  const zero = vec ? 'vec4<f32>(0.0)' : '0.0';
  for (const r of range(tr)) cols.values.forEach((_, m) => lines.push(`        let dv${r}_${m} = select(${zero}, ${vec ? `dy4[(dr${r} + do${m} + co) / 4u]` : `dy[dr${r} + do${m} + co]`}, v${r} && dm${m});`));
  for (const k of range(W2)) {
    const mine = pairs.filter((p) => p.k === k);
    if (!mine.length) continue;
    const at = (j: number) => `((wk + ${u32(k)}) * ${u32(inG)} + wc${j}) * ${u32(Cout)} + co0 + co`;
    lines.push(`        ${range(tq).map((j) => `let w${k}_${j} = ${vec ? `w4[(${at(j)}) / 4u]` : `w[${at(j)}]`};`).join(' ')}`);
    const term = (dv: string, wv: string, acc: string) => (vec ? `${acc} + dot(${dv}, ${wv})` : `fma(${dv}, ${wv}, ${acc})`);
    for (const r of range(tr)) for (const p of mine) lines.push(`        ${range(tq).map((j) => `a${r}_${p.t}_${j} = ${term(`dv${r}_${cols.index(p.v)}`, `w${k}_${j}`, `a${r}_${p.t}_${j}`)};`).join(' ')}`);
  }
  lines.push('      }\n    }\n  }');
  lines.push(`if (inv < ${u32(blocks)} && i0 < ${u32(I0)}) {`);
  for (const r of range(tr)) {
    lines.push(`    if (i1_${r} < ${u32(I1)}) {
      let xr = (((n * ${u32(I0)} + i0) * ${u32(I1)} + i1_${r}) * ${u32(I2)} + i2s) * ${u32(Cin)} + grp * ${u32(inG)} + cl0;`);
    for (const t of range(tp)) {
      const stores = range(tq).map((j) => {
        const s = `dx[xr + ${u32(t * Cin + j)}] = a${r}_${t}_${j};`;
        return tailQ ? `if (cl0 + ${u32(j)} < ${u32(inG)}) { ${s} }` : s;
      });
      lines.push(`      ${I2 % tp !== 0 ? `if (i2s + ${u32(t)} < ${u32(I2)}) ` : ''}{ ${stores.join(' ')} }`);
    }
    lines.push('    }');
  }
  lines.push('  }');
  return {
    label: `conv_grad_input ${g.window.join('x')} ${Cout}→${Cin}${groups > 1 ? ` g${groups}` : ''} ${tr}x${tp}x${tq}`,
    bindings: [vec ? input('dy4', 0, 'vec4<f32>') : input('dy', 0), vec ? input('w4', 1, 'vec4<f32>') : input('w', 1), output('dx', 0)],
    code: `${launch.main}\n  ${lines.join('\n  ')}\n}`,
    workgroups: launch.workgroups,
  };
}

/** Block sizes for conv_grad_input, as conv's with input channels; columns come in multiples of the stride. */
export function convGradInputBlock(caps: DeviceCaps, d: ConvDims): Block {
  const { g, inG } = d;
  const S2 = g.strides[2];
  if (!caps.software) return { tr: 1, tp: S2 * Math.max(1, Math.floor(4 / S2)), tq: channelBlock(inG, 4), wg: 64 };
  const W2 = g.window[2];
  const tq = channelBlock(inG, Math.max(1, Math.min(16, Math.floor(MAX_UNROLL / (S2 * ceil(W2, S2))))));
  const { tr, tp } = chooseRowsCols(ceil(g.inSize[1], g.strides[1]), g.inSize[2], g.batch * ceil(g.inSize[0], g.strides[0]) * g.strides[0] * g.strides[1] * d.groups * ceil(inG, tq), 8, tq, S2,
    (tr, tp) => tr * tp * ceil(W2, S2) * tq);
  return { tr, tp, tq, wg: 8 };
}

const conv_grad_input: KernelGenerator = (ctx) => {
  const d = convDims(ctx, ctx.outputs[0]!.shape, ctx.inputs[0]!.shape, ctx.inputs[1]!.shape);
  return convGradInputProgram(ctx, d, convGradInputBlock(ctx.caps, d));
};

// ── conv_grad_weight ───────────────────────────────────────────────────────

/** conv_grad_weight's block: KB rows (k0, k1, ci) × every k2 × TQ output channels per workgroup, TP columns per step, WG lanes. */
interface WeightBlock {
  readonly kb: number;
  readonly tp: number;
  readonly tq: number;
  readonly wg: number;
}

/**
 * conv_grad_weight: dw[k, ci, co] = Σ_{n, o} x[n, o·s − before + k·d, ci]·dy[n, o, co].
 * A workgroup owns KB consecutive rows (k0, k1, ci) of dw for every k2 and
 * TQ output channels (KB·W2·TQ accumulators per lane). Its lanes split the
 * (n, o0, o1) rows of positions and walk each in steps of TP columns,
 * loading the step's distinct x columns once per row of dw and its dy once
 * for all of them; then one barrier and a sum through workgroup memory.
 */
export function convGradWeightProgram(ctx: KernelContext, d: ConvDims, block: WeightBlock): KernelProgram {
  const { g, groups, inG, outG } = d;
  const [I0, I1, I2] = g.inSize;
  const [O0, O1, O2] = g.outSize;
  const [W0, W1, W2] = g.window;
  const [S0, S1, S2] = g.strides;
  const [D0, D1, D2] = g.dilations;
  const [P0, P1, P2] = g.before;
  const Cin = g.inC;
  const Cout = g.outC;
  const { kb, tp, tq, wg } = block;
  const perGroup = ceil(outG, tq);
  const rows = W0 * W1 * inG;
  const rowBlocks = ceil(rows, kb);
  const acc = kb * W2 * tq;
  if (acc * wg * 4 > ctx.caps.maxComputeWorkgroupStorageSize) throw new KernelError(ctx.step.origin, `conv_grad_weight: a block of ${acc} × ${wg} partial sums exceeds workgroup memory`);
  const launch = gridLaunch(ctx, rowBlocks, groups * perGroup, wg);
  const cols = distinct(range(tp).flatMap((t) => range(W2).map((k) => t * S2 + k * D2)));
  const steps = ceil(O2, tp);
  const mask01 = reachesOutside(g, 0) || reachesOutside(g, 1);
  const mask2 = reachesOutside(g, 2);
  const clamp2 = mask2 || reachesOutside(g, 2, steps * tp);
  const tailQ = outG % tq !== 0;
  const tailP = O2 % tp !== 0;
  const dyVec = vecChannels(tq, outG, Cout);
  const lines: string[] = [];
  lines.push(`let grp = wid.y / ${u32(perGroup)};
  let q0 = grp * ${u32(outG)} + (wid.y % ${u32(perGroup)}) * ${u32(tq)};
  let qEnd = grp * ${u32(outG)} + ${u32(outG)};`);
  for (const b of range(kb)) {
    lines.push(`${split(`min(wg * ${u32(kb)} + ${u32(b)}, ${u32(rows - 1)})`, [`k0_${b}`, `k1_${b}`, `ci_${b}`], [W0, W1, inG])}
  let cin${b} = grp * ${u32(inG)} + ci_${b};`);
  }
  if (!dyVec) for (const j of range(tq)) lines.push(`let dq${j} = ${tailQ ? `min(q0 + ${u32(j)}, qEnd - 1u)` : `q0 + ${u32(j)}`} - q0;`);
  for (const b of range(kb)) for (const k of range(W2)) lines.push(range(tq).map((j) => `var a${b}_${k}_${j} = 0.0;`).join(' '));
  lines.push(`for (var p = lid; p < ${u32(g.batch * O0 * O1)}; p = p + ${u32(wg)}) {
    ${split('p', ['n', 'o0', 'o1'], [g.batch, O0, O1]).replace(/\n {2}/g, '\n    ')}
    let dr = ((n * ${u32(O0)} + o0) * ${u32(O1)} + o1) * ${u32(O2 * Cout)} + q0;`);
  for (const b of range(kb)) {
    lines.push(`    let i0_${b} = i32(o0 * ${u32(S0)} + k0_${b} * ${u32(D0)}) - ${i32(P0)};
    let i1_${b} = i32(o1 * ${u32(S1)} + k1_${b} * ${u32(D1)}) - ${i32(P1)};
    ${mask01 ? `let v${b} = u32(i0_${b}) < ${u32(I0)} && u32(i1_${b}) < ${u32(I1)};` : ''}
    let xr${b} = ((n * ${u32(I0)} + ${mask01 ? clampIndex(`i0_${b}`, I0) : `u32(i0_${b})`}) * ${u32(I1)} + ${mask01 ? clampIndex(`i1_${b}`, I1) : `u32(i1_${b})`}) * ${u32(I2 * Cin)} + cin${b};`);
  }
  lines.push(`    for (var o2s = 0u; o2s < ${u32(O2)}; o2s = o2s + ${u32(tp)}) {
      let i2s = i32(o2s * ${u32(S2)}) - ${i32(P2)};`);
  cols.values.forEach((u, m) => {
    lines.push(`      let xo${m} = ${clamp2 ? clampIndex(`i2s + ${i32(u)}`, I2) : `u32(i2s + ${i32(u)})`} * ${u32(Cin)};`);
    if (mask2) lines.push(`      let xm${m} = u32(i2s + ${i32(u)}) < ${u32(I2)};`);
  });
  for (const b of range(kb)) {
    cols.values.forEach((_, m) => {
      const valid = [mask01 ? `v${b}` : '', mask2 ? `xm${m}` : ''].filter(Boolean).join(' && ');
      lines.push(`      let xv${b}_${m} = ${valid ? `select(0.0, x[xr${b} + xo${m}], ${valid})` : `x[xr${b} + xo${m}]`};`);
    });
  }
  for (const t of range(tp)) {
    const at = `dr + ${tailP ? `min(o2s + ${u32(t)}, ${u32(O2 - 1)})` : `(o2s + ${u32(t)})`} * ${u32(Cout)}`;
    // A column past the end of the row contributes nothing: its dy reads as zero.
    const live = tailP ? `o2s + ${u32(t)} < ${u32(O2)}` : undefined;
    const run = dyVec ? loadRun('dy', true, at, tq, `d${t}`, live) : { lines: range(tq).map((j) => `let d${t}_${j} = ${live ? `select(0.0, dy[${at} + dq${j}], ${live})` : `dy[${at} + dq${j}]`};`).join(' '), values: range(tq).map((j) => `d${t}_${j}`) };
    lines.push(`      ${run.lines}`);
    for (const b of range(kb)) {
      for (const k of range(W2)) lines.push(`      ${range(tq).map((j) => `a${b}_${k}_${j} = fma(xv${b}_${cols.index(t * S2 + k * D2)}, ${run.values[j]}, a${b}_${k}_${j});`).join(' ')}`);
    }
  }
  lines.push('    }\n  }');
  // The sum over lanes: partial[e·wg + lane], e = (b·W2 + k2)·TQ + j.
  for (const b of range(kb)) for (const k of range(W2)) lines.push(range(tq).map((j) => `partial[${u32(((b * W2 + k) * tq + j) * wg)} + lid] = a${b}_${k}_${j};`).join(' '));
  lines.push(`workgroupBarrier();
  for (var e = lid; e < ${u32(acc)}; e = e + ${u32(wg)}) {
    var sum = 0.0;
    for (var l = 0u; l < ${u32(wg)}; l = l + 1u) { sum = sum + partial[e * ${u32(wg)} + l]; }
    let row = wg * ${u32(kb)} + e / ${u32(W2 * tq)};
    let k2 = (e / ${u32(tq)}) % ${u32(W2)};
    let j = e % ${u32(tq)};
    if (row < ${u32(rows)} && q0 + j < qEnd) { dw[((row / ${u32(inG)} * ${u32(W2)} + k2) * ${u32(inG)} + row % ${u32(inG)}) * ${u32(Cout)} + q0 + j] = sum; }
  }`);
  return {
    label: `conv_grad_weight ${g.window.join('x')} ${Cin}→${Cout}${groups > 1 ? ` g${groups}` : ''} ${kb}x${tp}x${tq}/${wg}`,
    bindings: [input('x', 0), dyVec ? input('dy4', 1, 'vec4<f32>') : input('dy', 1), output('dw', 0)],
    code: `var<workgroup> partial: array<f32, ${acc * wg}>;\n${launch.main}\n  ${lines.join('\n  ')}\n}`,
    workgroups: launch.workgroups,
  };
}

/** conv_grad_weight's block: on llvmpipe the cheapest by COST, elsewhere one row of dw per workgroup of 64. */
export function convGradWeightBlock(caps: DeviceCaps, d: ConvDims): WeightBlock {
  const { g, inG, outG } = d;
  const W2 = g.window[2];
  const rows = g.window[0] * g.window[1] * inG;
  const storage = caps.maxComputeWorkgroupStorageSize / 4;
  /** The most lanes, a power of two up to `most`, whose partial sums fit in workgroup memory. */
  const lanes = (acc: number, most: number) => {
    let wg = most;
    while (wg > 1 && acc * wg > storage) wg /= 2;
    return wg;
  };
  if (!caps.software) {
    const tq = channelBlock(outG, Math.max(1, Math.min(8, Math.floor(storage / (64 * W2)))));
    return { kb: 1, tp: Math.min(4, g.outSize[2]), tq, wg: lanes(W2 * tq, 64) };
  }
  // A window too long for any block below falls back to one row and channel per workgroup.
  const wg = 8;
  let best: WeightBlock = { kb: 1, tp: 1, tq: 1, wg: lanes(W2, wg) };
  let bestCost = Infinity;
  const positions = g.batch * g.outSize[0] * g.outSize[1];
  for (const tq of [...new Set([channelBlock(outG, 16), channelBlock(outG, 8), channelBlock(outG, 4), 1])]) {
    const dyLoads = (tp: number) => (vecChannels(tq, outG, g.outC) ? (tp * tq / 4) * COST.load4 : tp * tq * COST.load);
    for (const kb of sizes(rows, 64)) {
      if (kb * W2 * tq > Math.min(MAX_ACC, storage / wg)) continue;
      for (const tp of sizes(g.outSize[2], 32)) {
        if (kb * tp * W2 * tq > MAX_UNROLL) continue;
        const columns = Math.min((tp - 1) * g.strides[2] + (W2 - 1) * g.dilations[2] + 1, tp * W2);
        const perStep = kb * columns * COST.load + dyLoads(tp) + kb * tp * W2 * tq * COST.fma;
        const workgroups = ceil(rows, kb) * d.groups * ceil(outG, tq);
        const cost = perStep * ceil(g.outSize[2], tp) * ceil(positions, wg) * ceil(workgroups, PARALLEL);
        if (cost < bestCost) {
          best = { kb, tp, tq, wg };
          bestCost = cost;
        }
      }
    }
  }
  return best;
}

const conv_grad_weight: KernelGenerator = (ctx) => {
  const d = convDims(ctx, ctx.inputs[0]!.shape, ctx.inputs[1]!.shape, ctx.outputs[0]!.shape);
  return convGradWeightProgram(ctx, d, convGradWeightBlock(ctx.caps, d));
};

export const CONV_KERNELS: Partial<Record<Kernel, KernelGenerator>> = { conv, conv_grad_input, conv_grad_weight, ...POOL_KERNELS };
