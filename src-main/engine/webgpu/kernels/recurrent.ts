/**
 * WebGPU kernels for the recurrent family: SimpleRNN, GRU and LSTM over a
 * whole sequence (`rnn`) and backpropagation through time (`rnn_grad`), with
 * the reference's semantics (reference/kernels/recurrent.ts; the arg and the
 * states layout are in plan/rules/recurrent.ts).
 *
 * The time loop is sequential, so each launch is one dispatch that loops over
 * the steps inside the shader, with the recurrent state in workgroup memory
 * and a barrier between steps. Within a step, invocations own units (a vec4
 * of 4 units where units % 4 == 0 and the adapter is a CPU rasteriser, one
 * unit otherwise) and compute every gate of those units for a group of B
 * samples at once, so each load of W or U feeds B multiply-adds.
 *
 * Why one looped dispatch rather than one per step: a plan gives a kernel
 * no scratch memory, and an inference plan has no `states` output, so an
 * LSTM's cell state (and, without return_sequences, h₋₁ beside h) has no
 * home in device memory between dispatches. On llvmpipe the looped dispatch
 * is also the faster shape: a barrier per step costs far less than a
 * dispatch (~28 µs).
 *
 * rnn: workgroup w runs samples [w·B, w·B + B) through all T steps.
 *
 * rnn_grad: the weight gradients sum over samples and steps, and WGSL has
 * no float atomics and the step no scratch buffer for per-workgroup partial
 * sums. So every workgroup sweeps all samples (B at a time) backwards in
 * time, recomputing the whole recurrence of dh, and each accumulates only
 * the slice of dW, dU, db columns (and dx features) it owns, in place and in
 * a fixed order (deterministic). K workgroups trade K-fold recomputation of
 * the dh sweep (N·T·G·u multiply-adds each) for K-way parallelism of the
 * rest (N·T·G·(2F + u)).
 */
import type { Kernel } from '../../plan/kernels';
import { STATE_WIDTH, type CellActivation, type RecurrentKernelArg } from '../../plan/rules/recurrent';
import { activationExpr, derivativeExpr } from './activation';
import { u32 } from './prelude';
import { input, KernelError, output, type DeviceCaps, type ElementType, type KernelContext, type KernelGenerator, type KernelProgram, type ProgramBinding } from './types';

const ceil = (a: number, b: number) => Math.ceil(a / b);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const COMP = ['x', 'y', 'z', 'w'];

/** Static sizes of one recurrent step. */
interface Dims {
  readonly arg: RecurrentKernelArg;
  readonly N: number;
  readonly T: number;
  readonly F: number;
  readonly u: number;
  /** gates · units */
  readonly G: number;
  /** Width of a states row. */
  readonly S: number;
}

function dims(ctx: KernelContext, x: number, W: number): Dims {
  const arg = ctx.step.arg as RecurrentKernelArg;
  const xs = ctx.inputs[x]!.shape;
  const ws = ctx.inputs[W]!.shape;
  if (xs.length !== 3 || ws.length !== 2) throw new KernelError(ctx.step.origin, `${ctx.step.kernel}: x has shape [${xs}] and W [${ws}]; expected [N, T, F] and [F, G]`);
  const [N, T, F] = xs as [number, number, number];
  const u = arg.units;
  const G = ws[1]!;
  const gates = { rnn: 1, gru: 3, lstm: 4 }[arg.cell];
  if (G !== gates * u || ws[0] !== F) throw new KernelError(ctx.step.origin, `${ctx.step.kernel}: W has shape [${ws}], expected [${F}, ${gates * u}]`);
  return { arg, N, T, F, u, G, S: STATE_WIDTH[arg.cell] * u };
}

/** How a launch is laid out; see chooseForward / chooseBackward. */
export interface RecurrentLayout {
  /** Samples per group (per workgroup forwards, per sweep iteration backwards). */
  readonly B: number;
  /** Units per invocation-vector: 4 (vec4) or 1. */
  readonly V: 1 | 4;
  /** Invocations per workgroup. */
  readonly WG: number;
  /** rnn_grad only: workgroups, each owning a slice of the weight gradients. */
  readonly K: number;
}

/**
 * The cell's activations as WGSL functions act/ract (and vec4 forms), with
 * derivatives dact/dract(x, y), mirroring activation-math.ts.
 */
function activationFns(arg: RecurrentKernelArg, V: 1 | 4): string {
  const fns = (name: string, a: CellActivation) => {
    const f = a === null ? 'x' : activationExpr(a.fn, 'x', a);
    const df = a === null ? '1.0' : derivativeExpr(a.fn, 'x', 'y', a);
    const lines = [`fn ${name}1(x: f32) -> f32 { return ${f}; }`, `fn d${name}1(x: f32, y: f32) -> f32 { return ${df}; }`];
    if (V === 4) {
      lines.push(`fn ${name}4(v: vec4<f32>) -> vec4<f32> { return vec4<f32>(${COMP.map((c) => `${name}1(v.${c})`).join(', ')}); }`);
      lines.push(`fn d${name}4(x: vec4<f32>, y: vec4<f32>) -> vec4<f32> { return vec4<f32>(${COMP.map((c) => `d${name}1(x.${c}, y.${c})`).join(', ')}); }`);
    }
    return lines.join('\n');
  };
  return `${fns('act', arg.activation)}\n${fns('ract', arg.recurrentActivation)}`;
}

/** Names and helpers shared by both generators for one vector width. */
function vectorOps(V: 1 | 4) {
  const vt: ElementType = V === 4 ? 'vec4<f32>' : 'f32';
  return {
    vt,
    zero: `${vt}(0.0)`,
    splat: (s: string) => `${vt}(${s})`,
    /** Component c of a vector-typed value (the value itself when V = 1). */
    comp: (v: string, c: number) => (V === 4 ? `${v}.${COMP[c]}` : v),
    /** The sum of a vector's components. */
    hsum: (v: string) => (V === 4 ? `dot(${v}, vec4<f32>(1.0))` : v),
    /** A vector of per-component values. */
    gather: (parts: string[]) => (V === 4 ? `vec4<f32>(${parts.join(', ')})` : parts[0]!),
    A: `act${V}`,
    R: `ract${V}`,
    dA: `dact${V}`,
    dR: `dract${V}`,
  };
}

/**
 * A loop over the unit-vectors jv this invocation owns (lid, lid + WG, …),
 * with m its iteration (the index into per-unit private arrays).
 */
function unitLoop(UV: number, WG: number, body: string[], jv = 'jv', m = 'm'): string[] {
  const UPT = ceil(UV, WG);
  const head = UPT === 1 ? `{ let ${m} = 0u; let ${jv} = lid;` : `for (var ${m} = 0u; ${m} < ${u32(UPT)}; ${m} = ${m} + 1u) { let ${jv} = lid + ${m} * ${u32(WG)};`;
  // Guarded by an if, not a continue, so the code after the loop stays in uniform control flow for its barrier.
  if (UPT * WG === UV) return [head, ...body.map((l) => `  ${l}`), '}'];
  return [head, `  if (${jv} < ${u32(UV)}) {`, ...body.map((l) => `    ${l}`), '  }', '}'];
}

// ── Forward ────────────────────────────────────────────────────────────────

/** An accumulator of a pre-activation: bias terms, then x·W and h₋₁·U columns of one gate each. */
interface Accumulator {
  readonly name: string;
  /** Bias offsets (in vectors) added at the start. */
  readonly bias: readonly number[];
  /** The W gate it sums x·W over, if any. */
  readonly w?: number;
  /** The U gate it sums h₋₁·U over, if any. */
  readonly u?: number;
}

function accumulators(d: Dims, UV: number, GV: number): Accumulator[] {
  const { arg } = d;
  const bias = (gate: number, recurrent = false) => (arg.hasBias ? [gate * UV + (recurrent ? GV : 0)] : []);
  if (arg.cell === 'rnn') return [{ name: 'pa', bias: bias(0), w: 0, u: 0 }];
  if (arg.cell === 'lstm') return range(4).map((g) => ({ name: `p${'ifco'[g]}`, bias: bias(g), w: g, u: g }));
  if (arg.resetAfter) {
    return [
      { name: 'pz', bias: [...bias(0), ...bias(0, true)], w: 0, u: 0 },
      { name: 'pr', bias: [...bias(1), ...bias(1, true)], w: 1, u: 1 },
      { name: 'pxh', bias: bias(2), w: 2 },
      { name: 'prh', bias: bias(2, true), u: 2 },
    ];
  }
  return [
    { name: 'pz', bias: bias(0), w: 0, u: 0 },
    { name: 'pr', bias: bias(1), w: 1, u: 1 },
    { name: 'pxh', bias: bias(2), w: 2 },
  ];
}

/**
 * Σ_k v[k]·U[k, gate·u + j] into accumulators, for the unit-vector jv and
 * each sample b, where `vec(b, kv)` reads the vector of v at k = kv·V….
 */
function recurrentProduct(V: 1 | 4, UV: number, GV: number, B: number, targets: { acc: string; gate: number }[], vec: (b: number, kv: string) => string): string[] {
  const o = vectorOps(V);
  const lines = [`for (var kv = 0u; kv < ${u32(UV)}; kv = kv + 1u) {`];
  for (const b of range(B)) lines.push(`  let hv${b} = ${vec(b, 'kv')};`);
  for (const c of range(V)) {
    for (const t of targets) lines.push(`  let w${t.gate}_${c} = rU[(kv * ${u32(V)} + ${u32(c)}) * ${u32(GV)} + ${u32(t.gate * UV)} + jv];`);
    for (const t of targets) for (const b of range(B)) lines.push(`  ${t.acc}${b} = fma(${o.splat(o.comp(`hv${b}`, c))}, w${t.gate}_${c}, ${t.acc}${b});`);
  }
  lines.push('}');
  return lines;
}

function forwardProgram(ctx: KernelContext, d: Dims, layout: RecurrentLayout): KernelProgram {
  const { arg, N, T, F, u, G, S } = d;
  const { B, V, WG } = layout;
  const o = vectorOps(V);
  const UV = u / V;
  const GV = G / V;
  const SV = S / V;
  const UPT = ceil(UV, WG);
  const bs = range(B);
  const hasStates = ctx.outputs.length > 1;
  const gruSplit = arg.cell === 'gru' && !arg.resetAfter;
  const accs = accumulators(d, UV, GV);
  const time = arg.goBackwards ? `${u32(T - 1)} - s` : 's';

  // One unit-vector's step: pre-activations, then the cell. Phase A is the whole step except for a
  // GRU without reset_after, whose candidate reads (r⊙h₋₁)·U_h and so waits for every unit's r.
  const a: string[] = [];
  for (const acc of accs) for (const b of bs) a.push(`var ${acc.name}${b} = ${acc.bias.length ? acc.bias.map((off) => `rb[${u32(off)} + jv]`).join(' + ') : o.zero};`);
  const wAccs = accs.filter((acc) => acc.w !== undefined);
  a.push(`for (var f = 0u; f < ${u32(F)}; f = f + 1u) {`);
  for (const acc of wAccs) a.push(`  let w${acc.w} = rW[f * ${u32(GV)} + ${u32(acc.w! * UV)} + jv];`);
  for (const b of bs) a.push(`  let xv${b} = rx[xrow${b} + f];`);
  for (const acc of wAccs) for (const b of bs) a.push(`  ${acc.name}${b} = fma(${o.splat(`xv${b}`)}, w${acc.w}, ${acc.name}${b});`);
  a.push('}');
  a.push(...recurrentProduct(V, UV, GV, B, accs.filter((acc) => acc.u !== undefined).map((acc) => ({ acc: acc.name, gate: acc.u! })), (b, kv) => `hs[cur + ${u32(b * UV)} + ${kv}]`));
  for (const b of bs) a.push(`let hp${b} = hs[cur + ${u32(b * UV)} + jv];`);

  const stateWrites = (b: number, slots: [number, string][]) => (hasStates ? [`if (ok${b}) {`, ...slots.map(([slot, v]) => `  rst[srow${b} + ${u32(slot * UV)} + jv] = ${v};`), '}'] : []);
  const finish = (b: number, h: string): string[] => [
    `hs[nxt + ${u32(b * UV)} + jv] = ${h};`,
    ...(arg.returnSequences ? [`if (ok${b}) { ry[(n${b} * ${u32(T)} + s) * ${u32(UV)} + jv] = ${h}; }`] : []),
  ];
  const phaseB: string[] = [];
  for (const b of bs) {
    if (arg.cell === 'rnn') {
      a.push(`let h${b} = ${o.A}(pa${b});`, ...stateWrites(b, [[0, `pa${b}`], [1, `h${b}`]]), ...finish(b, `h${b}`));
    } else if (arg.cell === 'lstm') {
      a.push(
        `let c${b} = ${o.R}(pf${b}) * cs[m * ${u32(B)} + ${u32(b)}] + ${o.R}(pi${b}) * ${o.A}(pc${b});`,
        `cs[m * ${u32(B)} + ${u32(b)}] = c${b};`,
        `let h${b} = ${o.R}(po${b}) * ${o.A}(c${b});`,
        ...stateWrites(b, [[0, `pi${b}`], [1, `pf${b}`], [2, `pc${b}`], [3, `po${b}`], [4, `c${b}`], [5, `h${b}`]]),
        ...finish(b, `h${b}`),
      );
    } else if (arg.resetAfter) {
      a.push(
        `let ah${b} = pxh${b} + ${o.R}(pr${b}) * prh${b};`,
        `let z${b} = ${o.R}(pz${b});`,
        `let h${b} = z${b} * hp${b} + (1.0 - z${b}) * ${o.A}(ah${b});`,
        ...stateWrites(b, [[0, `pz${b}`], [1, `pr${b}`], [2, `ah${b}`], [3, `prh${b}`], [4, `h${b}`]]),
        ...finish(b, `h${b}`),
      );
    } else {
      const keep = `m * ${u32(B)} + ${u32(b)}`;
      a.push(
        `let q${b} = ${o.R}(pr${b}) * hp${b};`,
        `qs[${u32(b * UV)} + jv] = q${b};`,
        `keepz[${keep}] = pz${b};`,
        `keeph[${keep}] = pxh${b};`,
        ...stateWrites(b, [[0, `pz${b}`], [1, `pr${b}`], [3, `q${b}`]]),
      );
      phaseB.push(`var ph${b} = keeph[${keep}];`);
    }
  }
  if (gruSplit) {
    phaseB.push(...recurrentProduct(V, UV, GV, B, [{ acc: 'ph', gate: 2 }], (b, kv) => `qs[${u32(b * UV)} + ${kv}]`));
    for (const b of bs) {
      phaseB.push(
        `let z${b} = ${o.R}(keepz[m * ${u32(B)} + ${u32(b)}]);`,
        `let h${b} = z${b} * hs[cur + ${u32(b * UV)} + jv] + (1.0 - z${b}) * ${o.A}(ph${b});`,
        ...stateWrites(b, [[2, `ph${b}`], [4, `h${b}`]]),
        ...finish(b, `h${b}`),
      );
    }
  }

  const privates = [
    ...(arg.cell === 'lstm' ? [`var cs: array<${o.vt}, ${UPT * B}>;`] : []),
    ...(gruSplit ? [`var keepz: array<${o.vt}, ${UPT * B}>;`, `var keeph: array<${o.vt}, ${UPT * B}>;`] : []),
  ];
  const fin = (T % 2) * B * UV;
  const code = `${activationFns(arg, V)}
var<workgroup> hs: array<${o.vt}, ${2 * B * UV}>;
${gruSplit ? `var<workgroup> qs: array<${o.vt}, ${B * UV}>;` : ''}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let nFirst = wid.x * ${u32(B)};
  ${bs.map((b) => `let n${b} = min(nFirst + ${u32(b)}, ${u32(N - 1)}); let ok${b} = nFirst + ${u32(b)} < ${u32(N)};`).join('\n  ')}
  ${privates.join('\n  ')}
  ${unitLoop(UV, WG, bs.map((b) => `hs[${u32(b * UV)} + jv] = ${o.zero};`)).join('\n  ')}
  workgroupBarrier();
  for (var s = 0u; s < ${u32(T)}; s = s + 1u) {
    let t = ${time};
    let cur = (s % 2u) * ${u32(B * UV)};
    let nxt = ${u32(B * UV)} - cur;
    ${bs.map((b) => `let xrow${b} = (n${b} * ${u32(T)} + t) * ${u32(F)};${hasStates ? ` let srow${b} = (n${b} * ${u32(T)} + s) * ${u32(SV)};` : ''}`).join('\n    ')}
    ${unitLoop(UV, WG, a).join('\n    ')}
    ${gruSplit ? `workgroupBarrier();\n    ${unitLoop(UV, WG, phaseB).join('\n    ')}` : ''}
    workgroupBarrier();
  }
  ${arg.returnSequences ? '' : unitLoop(UV, WG, bs.map((b) => `if (ok${b}) { ry[n${b} * ${u32(UV)} + jv] = hs[${u32(fin + b * UV)} + jv]; }`)).join('\n  ')}
}`;
  const bindings: ProgramBinding[] = [
    input('rx', 0),
    input('rW', 1, o.vt),
    input('rU', 2, o.vt),
    ...(arg.hasBias ? [input('rb', 3, o.vt)] : []),
    output('ry', 0, o.vt),
    ...(hasStates ? [output('rst', 1, o.vt)] : []),
  ];
  const groups = ceil(N, B);
  if (groups > ctx.caps.maxComputeWorkgroupsPerDimension) throw new KernelError(ctx.step.origin, `rnn: a batch of ${N} needs more workgroups than the device allows`);
  return { label: `rnn ${arg.cell} ${N}x${T}x${F}→${u}${hasStates ? ' +states' : ''} B${B} V${V}`, bindings, code, workgroups: [groups, 1, 1] };
}

// ── Backward ───────────────────────────────────────────────────────────────

/** Which of rnn_grad's outputs a program writes (all of them unless the device has too few storage bindings). */
interface Writes {
  readonly dx: boolean;
  readonly dW: boolean;
  readonly dU: boolean;
  readonly db: boolean;
}

/** Σ over columns [c0, c1) of U[k, col]·src(b, col) for the invocation's rows k = kv·V + c, into t{c}_{b}. */
function rowDots(V: 1 | 4, GV: number, B: number, from: number, to: number, src: (b: number, col: string) => string): string[] {
  const lines = [`for (var col = ${u32(from)}; col < ${u32(to)}; col = col + 1u) {`];
  for (const b of range(B)) lines.push(`  let dv${b} = ${src(b, 'col')};`);
  for (const c of range(V)) {
    lines.push(`  let uv${c} = rU[(kv * ${u32(V)} + ${u32(c)}) * ${u32(GV)} + col];`);
    for (const b of range(B)) lines.push(`  t${c}_${b} = fma(uv${c}, dv${b}, t${c}_${b});`);
  }
  lines.push('}');
  return lines;
}

function backwardProgram(ctx: KernelContext, d: Dims, layout: RecurrentLayout, writes: Writes): KernelProgram {
  const { arg, N, T, F, u, G, S } = d;
  const { B, V, WG, K } = layout;
  const o = vectorOps(V);
  const UV = u / V;
  const GV = G / V;
  const SV = S / V;
  const UPT = ceil(UV, WG);
  const bs = range(B);
  const gru = arg.cell === 'gru';
  const gruSplit = gru && !arg.resetAfter;
  const RA = gru && arg.resetAfter;
  const time = arg.goBackwards ? `${u32(T - 1)} - s` : 's';
  const st = (b: number, slot: number, kv = 'jv', row = 'srow') => `rst[${row}${b} + ${u32(slot * UV)} + ${kv}]`;
  const priv = (b: number) => `m * ${u32(B)} + ${u32(b)}`;
  const da = (b: number, gate: number, kv = 'jv') => `dxs[${u32(b * GV + gate * UV)} + ${kv}]`;
  const keepIf = (b: number, v: string) => `select(${o.zero}, ${v}, ok${b})`;

  // Phase 1, per unit-vector jv: the pre-activations' gradients from dh (and dc).
  const p1: string[] = [];
  for (const b of bs) {
    const dy = arg.returnSequences ? `rdy[(n${b} * ${u32(T)} + s) * ${u32(UV)} + jv]` : `select(${o.zero}, rdy[n${b} * ${u32(UV)} + jv], s == ${u32(T - 1)})`;
    p1.push(`let g${b} = dh[${priv(b)}] + ${keepIf(b, dy)};`);
    if (arg.cell === 'rnn') {
      p1.push(`let a${b} = ${st(b, 0)};`, `${da(b, 0)} = ${keepIf(b, `g${b} * ${o.dA}(a${b}, ${st(b, 1)})`)};`, `dh[${priv(b)}] = ${o.zero};`);
    } else if (arg.cell === 'lstm') {
      p1.push(
        `let ai${b} = ${st(b, 0)}; let af${b} = ${st(b, 1)}; let ac${b} = ${st(b, 2)}; let ao${b} = ${st(b, 3)};`,
        `let i${b} = ${o.R}(ai${b}); let f${b} = ${o.R}(af${b}); let c${b} = ${o.A}(ac${b}); let o${b} = ${o.R}(ao${b});`,
        `let cn${b} = ${st(b, 4)};`,
        `var cp${b} = ${o.zero};`,
        `if (s > 0u) { cp${b} = ${st(b, 4, 'jv', 'prow')}; }`,
        `let tc${b} = ${o.A}(cn${b});`,
        `let dc${b} = dc[${priv(b)}] + g${b} * o${b} * ${o.dA}(cn${b}, tc${b});`,
        `${da(b, 0)} = ${keepIf(b, `dc${b} * c${b} * ${o.dR}(ai${b}, i${b})`)};`,
        `${da(b, 1)} = ${keepIf(b, `dc${b} * cp${b} * ${o.dR}(af${b}, f${b})`)};`,
        `${da(b, 2)} = ${keepIf(b, `dc${b} * i${b} * ${o.dA}(ac${b}, c${b})`)};`,
        `${da(b, 3)} = ${keepIf(b, `g${b} * tc${b} * ${o.dR}(ao${b}, o${b})`)};`,
        `dc[${priv(b)}] = dc${b} * f${b};`,
        `dh[${priv(b)}] = ${o.zero};`,
      );
    } else {
      p1.push(
        `let az${b} = ${st(b, 0)}; let ar${b} = ${st(b, 1)}; let ah${b} = ${st(b, 2)};`,
        `let z${b} = ${o.R}(az${b}); let hh${b} = ${o.A}(ah${b});`,
        `var hp${b} = ${o.zero};`,
        `if (s > 0u) { hp${b} = ${st(b, 4, 'jv', 'prow')}; }`,
        `${da(b, 0)} = ${keepIf(b, `g${b} * (hp${b} - hh${b}) * ${o.dR}(az${b}, z${b})`)};`,
        `let dhh${b} = ${keepIf(b, `g${b} * (1.0 - z${b}) * ${o.dA}(ah${b}, hh${b})`)};`,
        `${da(b, 2)} = dhh${b};`,
        `dh[${priv(b)}] = g${b} * z${b};`,
      );
      if (RA) {
        // a_h = x·W_h + b_ih + r⊙q: r's gradient is da_h⊙q, q's (the recurrent side's) is da_h⊙r.
        p1.push(`let r${b} = ${o.R}(ar${b});`, `${da(b, 1)} = dhh${b} * ${st(b, 3)} * ${o.dR}(ar${b}, r${b});`, `drh[${u32(b * UV)} + jv] = dhh${b} * r${b};`);
      }
    }
  }

  // Phase 1b (GRU without reset_after), per unit-vector kv: back through U_h to q = r⊙h₋₁, then to r and h₋₁.
  const dotInit = range(V).flatMap((c) => bs.map((b) => `var t${c}_${b} = ${o.zero};`));
  const dotTotal = (b: number) => o.gather(range(V).map((c) => o.hsum(`t${c}_${b}`)));
  const p1b: string[] = gruSplit ? [
    ...dotInit,
    ...rowDots(V, GV, B, 2 * UV, 3 * UV, (b, col) => `dxs[${u32(b * GV)} + ${col}]`),
    ...bs.flatMap((b) => [
      `let tmp${b} = ${dotTotal(b)};`,
      `let ar${b} = ${st(b, 1, 'kv')}; let r${b} = ${o.R}(ar${b});`,
      `var hp${b} = ${o.zero};`,
      `if (s > 0u) { hp${b} = ${st(b, 4, 'kv', 'prow')}; }`,
      `${da(b, 1, 'kv')} = tmp${b} * hp${b} * ${o.dR}(ar${b}, r${b});`,
      `dh[${priv(b)}] = dh[${priv(b)}] + tmp${b} * r${b};`,
    ]),
  ] : [];

  // Phase 2a, per unit-vector kv: dh₋₁ += drg·Uᵀ (in a GRU without reset_after, over the z and r columns only).
  const p2: string[] = [
    ...dotInit,
    ...rowDots(V, GV, B, 0, gru ? 2 * UV : GV, (b, col) => `dxs[${u32(b * GV)} + ${col}]`),
    ...(RA ? rowDots(V, GV, B, 2 * UV, GV, (b, col) => `drh[${u32(b * UV)} + ${col} - ${u32(2 * UV)}]`) : []),
    ...bs.map((b) => `dh[${priv(b)}] = dh[${priv(b)}] + ${dotTotal(b)};`),
  ];

  // Phase 2b, per owned column-vector cv: accumulate dW, dU, db.
  const colsPerGroup = ceil(GV, K);
  const acc: string[] = [];
  for (const b of bs) acc.push(`let d${b} = dxs[${u32(b * GV)} + cv];`);
  if (RA) {
    for (const b of bs) acc.push(`var e${b} = d${b};`);
    acc.push(`if (cv >= ${u32(2 * UV)}) {`, ...bs.map((b) => `  e${b} = drh[${u32(b * UV)} + cv - ${u32(2 * UV)}];`), '}');
  }
  const rec = (b: number) => (RA ? `e${b}` : `d${b}`);
  const sum = (terms: string[]) => terms.join(' + ');
  if (writes.db && arg.hasBias) {
    acc.push(`rdb[cv] = rdb[cv] + ${sum(bs.map((b) => `d${b}`))};`);
    if (RA) acc.push(`rdb[${u32(GV)} + cv] = rdb[${u32(GV)} + cv] + ${sum(bs.map(rec))};`);
  }
  if (writes.dW) {
    acc.push(
      `for (var f = 0u; f < ${u32(F)}; f = f + 1u) {`,
      `  let at = f * ${u32(GV)} + cv;`,
      `  rdW[at] = ${bs.reduce((e, b) => `fma(${o.splat(`rx[xrow${b} + f]`)}, d${b}, ${e})`, 'rdW[at]')};`,
      '}',
    );
  }
  if (writes.dU) {
    /** dU[k, cv] += Σ_b v_b[k]·grad_b for k = kv·V + c, where rows(b) reads the vector of v at kv. */
    const outer = (rows: (b: number) => string, grad: (b: number) => string) => [
      `for (var kv = 0u; kv < ${u32(UV)}; kv = kv + 1u) {`,
      ...bs.map((b) => `  let hv${b} = ${rows(b)};`),
      ...range(V).flatMap((c) => [
        `  let at${c} = (kv * ${u32(V)} + ${u32(c)}) * ${u32(GV)} + cv;`,
        `  rdU[at${c}] = ${bs.reduce((e, b) => `fma(${o.splat(o.comp(`hv${b}`, c))}, ${grad(b)}, ${e})`, `rdU[at${c}]`)};`,
      ]),
      '}',
    ];
    const fromHPrev = ['if (s > 0u) {', ...outer((b) => `rst[prow${b} + ${u32(SV - UV)} + kv]`, rec).map((l) => `  ${l}`), '}'];
    if (gruSplit) {
      acc.push(`if (cv >= ${u32(2 * UV)}) {`, ...outer((b) => `rst[srow${b} + ${u32(3 * UV)} + kv]`, (b) => `d${b}`).map((l) => `  ${l}`), '} else {', ...fromHPrev.map((l) => `  ${l}`), '}');
    } else {
      acc.push(...fromHPrev);
    }
  }

  // Phase 2c, per owned input feature f: dx[n, t, f] = dxg·W[f, :]ᵀ.
  const featuresPerGroup = ceil(F, K);
  const dxLines: string[] = writes.dx ? [
    ...bs.map((b) => `var t${b} = ${o.zero};`),
    `for (var col = 0u; col < ${u32(GV)}; col = col + 1u) {`,
    `  let wv = rW[f * ${u32(GV)} + col];`,
    ...bs.map((b) => `  t${b} = fma(wv, dxs[${u32(b * GV)} + col], t${b});`),
    '}',
    ...bs.map((b) => `if (ok${b}) { rdx[xrow${b} + f] = ${o.hsum(`t${b}`)}; }`),
  ] : [];

  /** A loop over the items [vStart, vEnd) this workgroup owns, strided over its invocations. */
  const ownedLoop = (count: number, v: string, body: string[]) => [
    `for (var ${v}Iter = 0u; ${v}Iter < ${u32(ceil(count, WG))}; ${v}Iter = ${v}Iter + 1u) {`,
    `  let ${v} = ${v}Start + lid + ${v}Iter * ${u32(WG)};`,
    `  if (${v} < ${v}End) {`,
    ...body.map((l) => `    ${l}`),
    '  }',
    '}',
  ];
  const zeroing: string[] = [
    ...(writes.db && arg.hasBias ? [`rdb[cv] = ${o.zero};`, ...(RA ? [`rdb[${u32(GV)} + cv] = ${o.zero};`] : [])] : []),
    ...(writes.dW ? [`for (var f = 0u; f < ${u32(F)}; f = f + 1u) { rdW[f * ${u32(GV)} + cv] = ${o.zero}; }`] : []),
    ...(writes.dU ? [`for (var k = 0u; k < ${u32(u)}; k = k + 1u) { rdU[k * ${u32(GV)} + cv] = ${o.zero}; }`] : []),
  ];
  const accumulates = writes.db || writes.dW || writes.dU;

  const code = `${activationFns(arg, V)}
var<workgroup> dxs: array<${o.vt}, ${B * GV}>;
${RA ? `var<workgroup> drh: array<${o.vt}, ${B * UV}>;` : ''}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let cvStart = (wid.x * ${u32(GV)}) / ${u32(K)};
  let cvEnd = ((wid.x + 1u) * ${u32(GV)}) / ${u32(K)};
  let fStart = (wid.x * ${u32(F)}) / ${u32(K)};
  let fEnd = ((wid.x + 1u) * ${u32(F)}) / ${u32(K)};
  ${accumulates ? ownedLoop(colsPerGroup, 'cv', zeroing).join('\n  ') : ''}
  var dh: array<${o.vt}, ${UPT * B}>;
  ${arg.cell === 'lstm' ? `var dc: array<${o.vt}, ${UPT * B}>;` : ''}
  for (var grp = 0u; grp < ${u32(ceil(N, B))}; grp = grp + 1u) {
    let nFirst = grp * ${u32(B)};
    ${bs.map((b) => `let n${b} = min(nFirst + ${u32(b)}, ${u32(N - 1)}); let ok${b} = nFirst + ${u32(b)} < ${u32(N)};`).join('\n    ')}
    for (var i = 0u; i < ${u32(UPT * B)}; i = i + 1u) { dh[i] = ${o.zero};${arg.cell === 'lstm' ? ` dc[i] = ${o.zero};` : ''} }
    for (var step = 0u; step < ${u32(T)}; step = step + 1u) {
      let s = ${u32(T - 1)} - step;
      let t = ${time};
      ${bs.map((b) => `let xrow${b} = (n${b} * ${u32(T)} + t) * ${u32(F)}; let srow${b} = (n${b} * ${u32(T)} + s) * ${u32(SV)}; let prow${b} = srow${b} - ${u32(SV)};`).join('\n      ')}
      ${unitLoop(UV, WG, p1).join('\n      ')}
      workgroupBarrier();
      ${gruSplit ? `${unitLoop(UV, WG, p1b, 'kv').join('\n      ')}\n      workgroupBarrier();` : ''}
      ${unitLoop(UV, WG, p2, 'kv').join('\n      ')}
      ${accumulates ? ownedLoop(colsPerGroup, 'cv', acc).join('\n      ') : ''}
      ${writes.dx ? ownedLoop(featuresPerGroup, 'f', dxLines).join('\n      ') : ''}
      workgroupBarrier();
    }
  }
}`;
  const stIndex = arg.hasBias ? 5 : 4;
  const vt = o.vt;
  const bindings: ProgramBinding[] = [
    input('rdy', 0, vt),
    ...(writes.dx || writes.dW ? [input('rx', 1)] : []),
    ...(writes.dx ? [input('rW', 2, vt)] : []),
    input('rU', 3, vt),
    input('rst', stIndex, vt),
    ...(writes.dx ? [output('rdx', 0)] : []),
    ...(writes.dW ? [output('rdW', 1, vt)] : []),
    ...(writes.dU ? [output('rdU', 2, vt)] : []),
    ...(writes.db && arg.hasBias ? [output('rdb', 3, vt)] : []),
  ];
  const what = (Object.keys(writes) as (keyof Writes)[]).filter((k) => writes[k]).join(',');
  return { label: `rnn_grad ${arg.cell} ${N}x${T}x${F}→${u} B${B} V${V} K${K} ${what}`, bindings, code, workgroups: [K, 1, 1] };
}

// ── Choosing a layout ──────────────────────────────────────────────────────

/** The widest vector the sizes allow on this adapter: vec4 on CPU rasterisers (one invocation is a SIMD lane there). */
const vectorWidth = (d: Dims, caps: DeviceCaps): 1 | 4 => (caps.software && d.u % 4 === 0 ? 4 : 1);

/** Invocations per workgroup: one per unit-vector, up to the device's limit. */
function workgroupSize(d: Dims, V: 1 | 4, caps: DeviceCaps): number {
  return Math.max(1, Math.min(d.u / V, caps.maxComputeInvocationsPerWorkgroup, caps.maxComputeWorkgroupSizeX, 256));
}

/** The largest B ≤ want whose workgroup memory fits. */
function fitSamples(want: number, floatsPerSample: number, caps: DeviceCaps): number {
  return Math.max(1, Math.min(want, Math.floor(caps.maxComputeWorkgroupStorageSize / 4 / floatsPerSample)));
}

export function chooseForward(d: Dims, caps: DeviceCaps): RecurrentLayout {
  const V = vectorWidth(d, caps);
  // Software: enough workgroups to keep every CPU thread busy, each sharing its W and U loads among B samples.
  const want = caps.software ? Math.max(1, Math.min(4, Math.floor(d.N / 4))) : 1;
  const perSample = (d.arg.cell === 'gru' && !d.arg.resetAfter ? 3 : 2) * d.u;
  return { B: Math.min(d.N, fitSamples(want, perSample, caps)), V, WG: workgroupSize(d, V, caps), K: 1 };
}

export function chooseBackward(d: Dims, caps: DeviceCaps): RecurrentLayout {
  const V = vectorWidth(d, caps);
  const perSample = d.G + (d.arg.cell === 'gru' && d.arg.resetAfter ? d.u : 0);
  return { B: Math.min(d.N, fitSamples(8, perSample, caps)), V, WG: workgroupSize(d, V, caps), K: caps.software ? 2 : 8 };
}

/** Overrides of the chosen layouts, for tests and benchmarks. */
export interface RecurrentTuning {
  forward?: Partial<RecurrentLayout>;
  backward?: Partial<RecurrentLayout>;
}

export function rnnPrograms(ctx: KernelContext, tuning: RecurrentTuning = {}): KernelProgram[] {
  const d = dims(ctx, 0, 1);
  const layout = { ...chooseForward(d, ctx.caps), ...tuning.forward };
  if (d.u % layout.V !== 0) throw new KernelError(ctx.step.origin, `rnn: ${d.u} units do not split into vectors of ${layout.V}`);
  return [forwardProgram(ctx, d, layout)];
}

export function rnnGradPrograms(ctx: KernelContext, tuning: RecurrentTuning = {}): KernelProgram[] {
  const d = dims(ctx, 1, 2);
  const layout = { ...chooseBackward(d, ctx.caps), ...tuning.backward };
  if (d.u % layout.V !== 0) throw new KernelError(ctx.step.origin, `rnn_grad: ${d.u} units do not split into vectors of ${layout.V}`);
  // dy, x, W, U, states, dx, dW, dU, db: a device with fewer storage bindings gets db from a second sweep.
  const all: Writes = { dx: true, dW: true, dU: true, db: true };
  if (!d.arg.hasBias || ctx.caps.maxStorageBuffersPerShaderStage >= 9) return [backwardProgram(ctx, d, layout, all)];
  return [backwardProgram(ctx, d, layout, { ...all, db: false }), backwardProgram(ctx, d, layout, { dx: false, dW: false, dU: false, db: true })];
}

export const RECURRENT_KERNELS: Partial<Record<Kernel, KernelGenerator>> = {
  rnn: (ctx) => rnnPrograms(ctx),
  rnn_grad: (ctx) => rnnGradPrograms(ctx),
};
