/**
 * WebGPU kernels for convolution: conv (with matmul's bias and activation
 * epilogue), conv_grad_input (also the forward of a transposed conv) and
 * conv_grad_weight; the pooling, padding and resampling kernels live in
 * pool.ts and register here. reference/kernels/conv.ts is the oracle.
 *
 * Each is an implicit GEMM with register blocking, in the style of matmul's
 * register variant (design.md, "Choose matmul variants by adapter"): an
 * invocation owns a block of outputs in registers, straight-line code, no
 * barriers, and sizes baked in as constants. Two ideas carry the speed:
 *
 * - Sliding windows. A block is TP neighbouring positions along the last
 *   spatial axis, so its taps along that axis overlap: output t and tap k2
 *   read column t·s + k2·d. The block loads each distinct column once
 *   (TP + W2 − 1 loads at stride 1 instead of TP·W2) and reuses it for every
 *   tap and output channel.
 * - Broadcast weights. The channel block comes from workgroup_id.y, uniform
 *   across the workgroup, so weight (or dy) loads that depend only on it and
 *   on loop counters are one scalar load on llvmpipe rather than a gather
 *   per lane. Divergence is kept out of the loops (padding is masked with
 *   select, not skipped with branches) so the compiler can prove it.
 *
 * Gradients are gathers, never scatters (WGSL has no float atomics), and
 * every output cell is written once by exactly one invocation, so cells no
 * tap reaches come out zero without a separate fill:
 * - conv_grad_input: a dx cell sums the taps k for which (i + before − k·d)/s
 *   is a whole number inside dy. Along the last axis, blocks start at
 *   multiples of s, so which (t, k2) pairs divide is known when generating
 *   the shader; along the other axes, workgroups are split by i mod s, so
 *   the test is uniform and whole taps are skipped.
 * - conv_grad_weight: dw is small and its sum runs over every position. On
 *   llvmpipe an invocation owns one (k0, k1, ci) row of dw for every k2 and a
 *   block of output channels, and walks all positions, reading dy by
 *   broadcast; on other adapters a workgroup owns that block, its lanes split
 *   the positions, and one barrier sums their partial results.
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

/** A conv's geometry with its channel groups. */
interface ConvDims {
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
 * A launch of `invocations` along x (folded into z past the per-dimension
 * limit) by `rows` along y. `inv` is the invocation's index along x; `wid.y`
 * is uniform across the workgroup.
 */
function gridLaunch(ctx: KernelContext, invocations: number, rows: number, workgroup: number): { workgroups: [number, number, number]; main: string } {
  const limit = ctx.caps.maxComputeWorkgroupsPerDimension;
  if (rows > limit) throw new KernelError(ctx.step.origin, `${ctx.step.kernel}: ${rows} channel blocks exceed the device's ${limit} workgroups per dimension`);
  const groups = Math.max(1, ceil(invocations, workgroup));
  const x = Math.min(groups, limit);
  const main = `@compute @workgroup_size(${workgroup})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let inv = (wid.z * ${u32(x)} + wid.x) * ${u32(workgroup)} + lid;`;
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

/** Whether axis a of a forward window ever reads outside the input, for output positions below `outLimit`. */
function reachesOutside(g: WindowGeometry, a: number, outLimit = g.outSize[a]!): boolean {
  return g.before[a]! > 0 || (outLimit - 1) * g.strides[a]! - g.before[a]! + (g.window[a]! - 1) * g.dilations[a]! >= g.inSize[a]!;
}

/**
 * Channels per block: the whole group when it has at most `most`, else the
 * size that wastes least on the last block (preferring larger blocks).
 */
function channelBlock(channels: number, most: number): number {
  if (channels <= most) return channels;
  let best = most;
  for (let tq = most; tq >= Math.ceil(most / 2); tq--) if (ceil(channels, tq) * tq < ceil(channels, best) * best) best = tq;
  return best;
}

/** The sizes of a register block: TP positions along the last axis × TQ channels, WG invocations per workgroup. */
interface Block {
  readonly tp: number;
  readonly tq: number;
  readonly wg: number;
}

/**
 * Positions per block along an axis of `length`: the largest TP up to `most`
 * (a multiple of `step`) that leaves at most a small tail unused, so the
 * blocks of a row cover it with little waste.
 */
function positionBlock(length: number, most: number, step = 1): number {
  const limit = Math.max(step, most - (most % step));
  let best = step;
  let bestCost = Infinity;
  for (let tp = step; tp <= limit; tp += step) {
    // Work per row: the blocks' positions, plus a fixed cost per block for its loads and setup.
    const cost = ceil(length, tp) * (tp + 2);
    if (cost <= bestCost) {
      best = tp;
      bestCost = cost;
    }
  }
  return best;
}

/**
 * Block sizes. On llvmpipe, up to ~96 accumulators per invocation and
 * workgroups of 8 (one SIMD vector); elsewhere small blocks and workgroups
 * of 64. Blocks shrink until the launch has some parallelism.
 */
function chooseBlock(caps: DeviceCaps, channels: number, length: number, window2: number, others: number, step = 1): Block {
  const software = caps.software;
  const tq = channelBlock(channels, software ? 16 : 8);
  const accumulators = software ? 96 : 16;
  const unrolled = 1536;
  let most = Math.max(step, Math.min(Math.floor(accumulators / tq), Math.floor(unrolled / (tq * window2)), length + step - 1));
  let tp = positionBlock(length, most, step);
  // Keep at least ~32 invocations per core-sized share of the work.
  while (tp > step && others * ceil(length, tp) * ceil(channels, tq) < 256) {
    most = tp - step;
    tp = positionBlock(length, most, step);
  }
  return { tp, tq, wg: software ? 8 : 64 };
}

/** Distinct values of a list, in first-seen order, and each entry's index among them. */
function distinct(values: readonly number[]): { values: number[]; index: (v: number) => number } {
  const unique = [...new Set(values)];
  return { values: unique, index: (v) => unique.indexOf(v) };
}

// ── conv ───────────────────────────────────────────────────────────────────

/** conv: y = act(Σ x·w + bias), TP positions along the last axis × TQ output channels per invocation. */
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
  const { tp, tq, wg } = block;
  const perGroup = ceil(outG, tq);
  const rowBlocks = ceil(O2, tp);
  const blocks = g.batch * O0 * O1 * rowBlocks;
  const launch = gridLaunch(ctx, blocks, groups * perGroup, wg);
  // The columns a block reads along the last axis, relative to its first.
  const cols = distinct(range(tp).flatMap((t) => range(W2).map((k) => t * S2 + k * D2)));
  const mask01 = reachesOutside(g, 0) || reachesOutside(g, 1);
  const mask2 = reachesOutside(g, 2);
  const clamp2 = mask2 || reachesOutside(g, 2, rowBlocks * tp);
  const tailQ = outG % tq !== 0;
  const lines: string[] = [];
  lines.push(`let grp = wid.y / ${u32(perGroup)};
  let q0 = grp * ${u32(outG)} + (wid.y % ${u32(perGroup)}) * ${u32(tq)};
  let qEnd = grp * ${u32(outG)} + ${u32(outG)};
  let cin0 = grp * ${u32(inG)};
  ${split(`min(inv, ${u32(blocks - 1)})`, ['n', 'o0', 'o1', 'b2'], [g.batch, O0, O1, rowBlocks])}
  let o2s = b2 * ${u32(tp)};
  let i0s = i32(o0 * ${u32(S0)}) - ${i32(P0)};
  let i1s = i32(o1 * ${u32(S1)}) - ${i32(P1)};
  let i2s = i32(o2s * ${u32(S2)}) - ${i32(P2)};`);
  cols.values.forEach((u, m) => {
    lines.push(`let xo${m} = ${clamp2 ? clampIndex(`i2s + ${i32(u)}`, I2) : `u32(i2s + ${i32(u)})`} * ${u32(Cin)};`);
    if (mask2) lines.push(`let xm${m} = u32(i2s + ${i32(u)}) < ${u32(I2)};`);
  });
  for (const j of range(tq)) lines.push(`let wq${j} = ${tailQ ? `min(q0 + ${u32(j)}, qEnd - 1u)` : `q0 + ${u32(j)}`};`);
  for (const t of range(tp)) lines.push(range(tq).map((j) => `var a${t}_${j} = 0.0;`).join(' '));
  const valid = (m: number) => [mask01 ? 'v' : '', mask2 ? `xm${m}` : ''].filter(Boolean).join(' && ');
  lines.push(`for (var k0 = 0u; k0 < ${u32(W0)}; k0 = k0 + 1u) {
    let i0 = i0s + i32(k0 * ${u32(D0)});
    for (var k1 = 0u; k1 < ${u32(W1)}; k1 = k1 + 1u) {
      let i1 = i1s + i32(k1 * ${u32(D1)});
      ${mask01 ? `let v = u32(i0) < ${u32(I0)} && u32(i1) < ${u32(I1)};` : ''}
      let xr = ((n * ${u32(I0)} + ${mask01 ? clampIndex('i0', I0) : 'u32(i0)'}) * ${u32(I1)} + ${mask01 ? clampIndex('i1', I1) : 'u32(i1)'}) * ${u32(I2 * Cin)} + cin0;
      let wk = (k0 * ${u32(W1)} + k1) * ${u32(W2 * inG)};
      for (var ci = 0u; ci < ${u32(inG)}; ci = ci + 1u) {
        let wr = (wk + ci) * ${u32(Cout)};`);
  cols.values.forEach((_, m) => {
    const load = `x[xr + xo${m} + ci]`;
    lines.push(`        let xv${m} = ${valid(m) ? `select(0.0, ${load}, ${valid(m)})` : load};`);
  });
  for (const k of range(W2)) {
    lines.push(`        ${range(tq).map((j) => `let w${k}_${j} = w[wr + ${u32(k * inG * Cout)} + wq${j}];`).join(' ')}`);
    for (const t of range(tp)) lines.push(`        ${range(tq).map((j) => `a${t}_${j} = fma(xv${cols.index(t * S2 + k * D2)}, w${k}_${j}, a${t}_${j});`).join(' ')}`);
  }
  lines.push('      }\n    }\n  }');
  lines.push(`if (inv < ${u32(blocks)}) {
    let yr = (((n * ${u32(O0)} + o0) * ${u32(O1)} + o1) * ${u32(O2)} + o2s) * ${u32(Cout)} + q0;`);
  for (const t of range(tp)) {
    const stores = range(tq).map((j) => {
      let v = hasBias ? `a${t}_${j} + bias[q0 + ${u32(j)}]` : `a${t}_${j}`;
      if (activation) v = activationExpr(activation, `(${v})`, arg);
      const s = `y[yr + ${u32(t * Cout + j)}] = ${v};`;
      return tailQ ? `if (q0 + ${u32(j)} < qEnd) { ${s} }` : s;
    });
    lines.push(`    ${O2 % tp !== 0 ? `if (o2s + ${u32(t)} < ${u32(O2)}) ` : ''}{ ${stores.join(' ')} }`);
  }
  lines.push('  }');
  const bindings: ProgramBinding[] = [input('x', 0), input('w', 1), ...(hasBias ? [input('bias', 2)] : []), output('y', 0)];
  return {
    label: `conv ${g.window.join('x')} ${Cin}→${Cout}${groups > 1 ? ` g${groups}` : ''} ${tp}x${tq}${activation ? ` ${activation}` : ''}`,
    bindings,
    code: `${launch.main}\n  ${lines.join('\n  ')}\n}`,
    workgroups: launch.workgroups,
  };
}

const conv: KernelGenerator = (ctx) => {
  const d = convDims(ctx, ctx.inputs[0]!.shape, ctx.outputs[0]!.shape, ctx.inputs[1]!.shape);
  const { g } = d;
  return convProgram(ctx, d, chooseBlock(ctx.caps, d.outG, g.outSize[2], g.window[2], g.batch * g.outSize[0] * g.outSize[1] * d.groups));
};

// ── conv_grad_input ────────────────────────────────────────────────────────

/**
 * conv_grad_input: dx[i, ci] = Σ over taps k with o = (i + before − k·d)/s a
 * whole number inside dy, and the group's output channels co, of
 * dy[o, co]·w[k, ci, co]. TP dx positions along the last axis (starting at
 * multiples of s) × TQ input channels per invocation.
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
  const { tp, tq, wg } = block;
  if (tp % S2 !== 0) throw new KernelError(ctx.step.origin, `conv_grad_input: a block of ${tp} is not a multiple of the stride ${S2}`);
  const perGroup = ceil(inG, tq);
  const qBlocks = groups * perGroup;
  const M0 = ceil(I0, S0);
  const M1 = ceil(I1, S1);
  const rowBlocks = ceil(I2, tp);
  const blocks = g.batch * M0 * M1 * rowBlocks;
  const launch = gridLaunch(ctx, blocks, qBlocks * S0 * S1, wg);
  // Along the last axis, block position t meets tap k2 when (t + before − k2·d) divides by s; dy column offset v.
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
  ${split(`min(inv, ${u32(blocks - 1)})`, ['n', 'm0', 'm1', 'b2'], [g.batch, M0, M1, rowBlocks])}
  let i0 = r0 + m0 * ${u32(S0)};
  let i1 = r1 + m1 * ${u32(S1)};
  let i2s = b2 * ${u32(tp)};`);
  cols.values.forEach((v, m) => lines.push(`let oc${m} = i32(i2s / ${u32(S2)}) + ${i32(v)};
  let dm${m} = u32(oc${m}) < ${u32(O2)};
  let do${m} = ${clampIndex(`oc${m}`, O2)} * ${u32(Cout)};`));
  for (const j of range(tq)) lines.push(`let wc${j} = ${tailQ ? `min(cl0 + ${u32(j)}, ${u32(inG - 1)})` : `cl0 + ${u32(j)}`};`);
  for (const t of range(tp)) lines.push(range(tq).map((j) => `var a${t}_${j} = 0.0;`).join(' '));
  // Whether tap k divides along axis a is the same for the whole workgroup (i ≡ r mod s); a big multiple of s keeps the test unsigned.
  const divides = (a: number, r: string, k: string) => {
    const s = g.strides[a]!;
    return s === 1 ? '' : `if ((${r} + ${u32(g.before[a]! + s * g.window[a]! * g.dilations[a]!)} - ${k} * ${u32(g.dilations[a]!)}) % ${u32(s)} != 0u) { continue; }`;
  };
  lines.push(`for (var k0 = 0u; k0 < ${u32(W0)}; k0 = k0 + 1u) {
    ${divides(0, 'r0', 'k0')}
    let o0 = (i32(i0) + ${i32(P0)} - i32(k0 * ${u32(D0)})) / ${i32(S0)};
    for (var k1 = 0u; k1 < ${u32(W1)}; k1 = k1 + 1u) {
      ${divides(1, 'r1', 'k1')}
      let o1 = (i32(i1) + ${i32(P1)} - i32(k1 * ${u32(D1)})) / ${i32(S1)};
      let v = u32(o0) < ${u32(O0)} && u32(o1) < ${u32(O1)};
      let dr = ((n * ${u32(O0)} + ${clampIndex('o0', O0)}) * ${u32(O1)} + ${clampIndex('o1', O1)}) * ${u32(O2 * Cout)} + co0;
      let wk = (k0 * ${u32(W1)} + k1) * ${u32(W2)};
      for (var co = 0u; co < ${u32(outG)}; co = co + 1u) {`);
  cols.values.forEach((_, m) => lines.push(`        let dv${m} = select(0.0, dy[dr + do${m} + co], v && dm${m});`));
  for (const k of range(W2)) {
    const mine = pairs.filter((p) => p.k === k);
    if (!mine.length) continue;
    lines.push(`        ${range(tq).map((j) => `let w${k}_${j} = w[((wk + ${u32(k)}) * ${u32(inG)} + wc${j}) * ${u32(Cout)} + co0 + co];`).join(' ')}`);
    for (const p of mine) lines.push(`        ${range(tq).map((j) => `a${p.t}_${j} = fma(dv${cols.index(p.v)}, w${k}_${j}, a${p.t}_${j});`).join(' ')}`);
  }
  lines.push('      }\n    }\n  }');
  lines.push(`if (inv < ${u32(blocks)} && i0 < ${u32(I0)} && i1 < ${u32(I1)}) {
    let xr = (((n * ${u32(I0)} + i0) * ${u32(I1)} + i1) * ${u32(I2)} + i2s) * ${u32(Cin)} + grp * ${u32(inG)} + cl0;`);
  for (const t of range(tp)) {
    const stores = range(tq).map((j) => {
      const s = `dx[xr + ${u32(t * Cin + j)}] = a${t}_${j};`;
      return tailQ ? `if (cl0 + ${u32(j)} < ${u32(inG)}) { ${s} }` : s;
    });
    lines.push(`    ${I2 % tp !== 0 ? `if (i2s + ${u32(t)} < ${u32(I2)}) ` : ''}{ ${stores.join(' ')} }`);
  }
  lines.push('  }');
  return {
    label: `conv_grad_input ${g.window.join('x')} ${Cout}→${Cin}${groups > 1 ? ` g${groups}` : ''} ${tp}x${tq}`,
    bindings: [input('dy', 0), input('w', 1), output('dx', 0)],
    code: `${launch.main}\n  ${lines.join('\n  ')}\n}`,
    workgroups: launch.workgroups,
  };
}

const conv_grad_input: KernelGenerator = (ctx) => {
  const d = convDims(ctx, ctx.outputs[0]!.shape, ctx.inputs[0]!.shape, ctx.inputs[1]!.shape);
  const { g } = d;
  const rows = g.batch * ceil(g.inSize[0], g.strides[0]) * ceil(g.inSize[1], g.strides[1]) * g.strides[0] * g.strides[1] * d.groups;
  return convGradInputProgram(ctx, d, chooseBlock(ctx.caps, d.inG, g.inSize[2], g.window[2], rows, g.strides[2]));
};

// ── conv_grad_weight ───────────────────────────────────────────────────────

/**
 * conv_grad_weight: dw[k, ci, co] = Σ_{n, o} x[n, o·s − before + k·d, ci]·dy[n, o, co].
 * A "row" of dw is one (k0, k1, ci) for every k2 and a block of TQ output
 * channels (W2·TQ accumulators); positions are walked in chunks of TP along
 * the last axis, each loading its distinct x columns once.
 *
 * `lanes` 0: one invocation per row, walking every position (llvmpipe).
 * `lanes` L > 0: one workgroup of L per row, lanes splitting the positions,
 * one barrier and a sum through workgroup memory.
 */
export function convGradWeightProgram(ctx: KernelContext, d: ConvDims, block: Block, lanes: number): KernelProgram {
  const { g, groups, inG, outG } = d;
  const [I0, I1, I2] = g.inSize;
  const [O0, O1, O2] = g.outSize;
  const [W0, W1, W2] = g.window;
  const [S0, S1, S2] = g.strides;
  const [D0, D1, D2] = g.dilations;
  const [P0, P1, P2] = g.before;
  const Cin = g.inC;
  const Cout = g.outC;
  const { tp, tq } = block;
  const perGroup = ceil(outG, tq);
  const rows = W0 * W1 * inG;
  const cols = distinct(range(tp).flatMap((t) => range(W2).map((k) => t * S2 + k * D2)));
  const chunks = ceil(O2, tp);
  const mask01 = reachesOutside(g, 0) || reachesOutside(g, 1);
  const mask2 = reachesOutside(g, 2);
  const clamp2 = mask2 || reachesOutside(g, 2, chunks * tp);
  const tailQ = outG % tq !== 0;
  const tailP = O2 % tp !== 0;
  const split_ = lanes > 0;
  const launch = split_ ? gridLaunch(ctx, rows * lanes, groups * perGroup, lanes) : gridLaunch(ctx, rows, groups * perGroup, block.wg);
  const lines: string[] = [];
  lines.push(`let grp = wid.y / ${u32(perGroup)};
  let q0 = grp * ${u32(outG)} + (wid.y % ${u32(perGroup)}) * ${u32(tq)};
  let qEnd = grp * ${u32(outG)} + ${u32(outG)};
  let row = ${split_ ? `wid.z * ${u32(launch.workgroups[0])} + wid.x` : 'inv'};
  ${split(`min(row, ${u32(rows - 1)})`, ['k0', 'k1', 'ci'], [W0, W1, inG])}
  let cin = grp * ${u32(inG)} + ci;`);
  for (const j of range(tq)) lines.push(`let dq${j} = ${tailQ ? `min(q0 + ${u32(j)}, qEnd - 1u)` : `q0 + ${u32(j)}`};`);
  for (const k of range(W2)) lines.push(range(tq).map((j) => `var a${k}_${j} = 0.0;`).join(' '));
  // The outer walk: every (n, o0, o1) in one invocation, or every lanes-th in a workgroup.
  const walk = split_
    ? `for (var p = lid; p < ${u32(g.batch * O0 * O1)}; p = p + ${u32(lanes)}) {
    ${split('p', ['n', 'o0', 'o1'], [g.batch, O0, O1]).replace(/\n {2}/g, '\n    ')}`
    : `for (var n = 0u; n < ${u32(g.batch)}; n = n + 1u) {
  for (var o0 = 0u; o0 < ${u32(O0)}; o0 = o0 + 1u) {
  for (var o1 = 0u; o1 < ${u32(O1)}; o1 = o1 + 1u) {`;
  lines.push(`${walk}
    let i0 = i32(o0 * ${u32(S0)} + k0 * ${u32(D0)}) - ${i32(P0)};
    let i1 = i32(o1 * ${u32(S1)} + k1 * ${u32(D1)}) - ${i32(P1)};
    ${mask01 ? `let v = u32(i0) < ${u32(I0)} && u32(i1) < ${u32(I1)};` : ''}
    let xr = ((n * ${u32(I0)} + ${mask01 ? clampIndex('i0', I0) : 'u32(i0)'}) * ${u32(I1)} + ${mask01 ? clampIndex('i1', I1) : 'u32(i1)'}) * ${u32(I2 * Cin)} + cin;
    let dr = ((n * ${u32(O0)} + o0) * ${u32(O1)} + o1) * ${u32(O2 * Cout)};
    for (var o2s = 0u; o2s < ${u32(O2)}; o2s = o2s + ${u32(tp)}) {
      let i2s = i32(o2s * ${u32(S2)}) - ${i32(P2)};`);
  cols.values.forEach((u, m) => {
    const at = `xr + ${clamp2 ? clampIndex(`i2s + ${i32(u)}`, I2) : `u32(i2s + ${i32(u)})`} * ${u32(Cin)}`;
    const valid = [mask01 ? 'v' : '', mask2 ? `u32(i2s + ${i32(u)}) < ${u32(I2)}` : ''].filter(Boolean).join(' && ');
    lines.push(`      let xv${m} = ${valid ? `select(0.0, x[${at}], ${valid})` : `x[${at}]`};`);
  });
  for (const t of range(tp)) {
    const at = (j: number) => (tailP ? `dy[dr + min(o2s + ${u32(t)}, ${u32(O2 - 1)}) * ${u32(Cout)} + dq${j}]` : `dy[dr + (o2s + ${u32(t)}) * ${u32(Cout)} + dq${j}]`);
    lines.push(`      ${tailP ? `let live${t} = o2s + ${u32(t)} < ${u32(O2)}; ` : ''}${range(tq).map((j) => `let d${t}_${j} = ${tailP ? `select(0.0, ${at(j)}, live${t})` : at(j)};`).join(' ')}`);
    for (const k of range(W2)) lines.push(`      ${range(tq).map((j) => `a${k}_${j} = fma(xv${cols.index(t * S2 + k * D2)}, d${t}_${j}, a${k}_${j});`).join(' ')}`);
  }
  lines.push(split_ ? '    }\n  }' : '    }\n  }\n  }\n  }');
  const target = (k: number, j: number) => `(((k0 * ${u32(W1)} + k1) * ${u32(W2)} + ${u32(k)}) * ${u32(inG)} + ci) * ${u32(Cout)} + q0 + ${u32(j)}`;
  let shared = '';
  if (!split_) {
    lines.push(`if (row < ${u32(rows)}) {`);
    for (const k of range(W2)) for (const j of range(tq)) lines.push(`    ${tailQ ? `if (q0 + ${u32(j)} < qEnd) ` : ''}{ dw[${target(k, j)}] = a${k}_${j}; }`);
    lines.push('  }');
  } else {
    const acc = W2 * tq;
    shared = `var<workgroup> partial: array<f32, ${lanes * acc}>;\n`;
    for (const k of range(W2)) lines.push(range(tq).map((j) => `partial[${u32((k * tq + j) * lanes)} + lid] = a${k}_${j};`).join(' '));
    lines.push(`workgroupBarrier();
  for (var e = lid; e < ${u32(acc)}; e = e + ${u32(lanes)}) {
    var sum = 0.0;
    for (var l = 0u; l < ${u32(lanes)}; l = l + 1u) { sum = sum + partial[e * ${u32(lanes)} + l]; }
    let k2 = e / ${u32(tq)};
    let j = e % ${u32(tq)};
    if (row < ${u32(rows)} && q0 + j < qEnd) { dw[(((k0 * ${u32(W1)} + k1) * ${u32(W2)} + k2) * ${u32(inG)} + ci) * ${u32(Cout)} + q0 + j] = sum; }
  }`);
  }
  return {
    label: `conv_grad_weight ${g.window.join('x')} ${Cin}→${Cout}${groups > 1 ? ` g${groups}` : ''} ${tp}x${tq}${split_ ? ` split ${lanes}` : ''}`,
    bindings: [input('x', 0), input('dy', 1), output('dw', 0)],
    code: `${shared}${launch.main}\n  ${lines.join('\n  ')}\n}`,
    workgroups: launch.workgroups,
  };
}

const conv_grad_weight: KernelGenerator = (ctx) => {
  const d = convDims(ctx, ctx.inputs[0]!.shape, ctx.inputs[1]!.shape, ctx.outputs[0]!.shape);
  const { g } = d;
  const software = ctx.caps.software;
  const tq = channelBlock(d.outG, software ? 16 : 8);
  const W2 = g.window[2];
  const tp = positionBlock(g.outSize[2], Math.max(1, Math.min(software ? 16 : 4, Math.floor(1536 / (tq * W2)))));
  if (software) return convGradWeightProgram(ctx, d, { tp, tq, wg: 8 }, 0);
  const lanes = Math.min(64, 2 ** Math.floor(Math.log2(ctx.caps.maxComputeWorkgroupStorageSize / (4 * W2 * tq))));
  if (lanes < 8) return convGradWeightProgram(ctx, d, { tp, tq, wg: 64 }, 0);
  return convGradWeightProgram(ctx, d, { tp, tq, wg: lanes }, lanes);
};

export const CONV_KERNELS: Partial<Record<Kernel, KernelGenerator>> = { conv, conv_grad_input, conv_grad_weight, ...POOL_KERNELS };
