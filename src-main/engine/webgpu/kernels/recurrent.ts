/**
 * WebGPU kernels for the recurrent family: SimpleRNN, GRU and LSTM over a
 * whole sequence (`rnn`) and backpropagation through time (`rnn_grad`), with
 * the reference's semantics (reference/kernels/recurrent.ts; the arg and the
 * states layout are in plan/rules/recurrent.ts).
 *
 * The time loop is sequential, so the recurrence is one dispatch that loops
 * over the steps inside the shader, the recurrent state in workgroup memory
 * and a barrier between steps. Workgroup w takes samples [w·B, w·B + B);
 * within a step its invocations own units (a vec4 of 4 units on a CPU
 * rasteriser where units % 4 == 0, one unit otherwise) and compute every gate
 * of those units for all B samples, so each load of W or U feeds B
 * multiply-adds. Why not one dispatch per step: a plan gives a kernel no
 * scratch memory and an inference plan has no `states` output, so an LSTM's
 * cell state (and, without return_sequences, h₋₁ beside h) would have no home
 * between dispatches; and on llvmpipe 28 one-step dispatches of LSTM
 * 32×28×28→64 took 6.2 ms against 3.7 for the looped one. (An invocation per
 * sample, its state in private arrays, was slower still: 15.5 ms of CPU
 * against 6.8, private arrays indexed at run time being gathers there.)
 *
 * rnn_grad has two shapes. Its weight gradients sum over samples and steps,
 * and WGSL has no float atomics:
 * - With a workspace (an optional last output; N·T·(2G + u) floats always
 *   suffice, rnnGradWorkspaceWords gives the exact need), the sweep runs per
 *   sample group in parallel and stores every step's pre-activation
 *   gradients (da) and h₋₁; then register-blocked products give
 *   dx = da·Wᵀ, dW = xᵀ·da and dU = h₋₁ᵀ·da, and a column sum gives db. On
 *   llvmpipe, where every load from memory is a loop over SIMD lanes, only
 *   large register blocks run near the matmul kernels' speed: this path took
 *   LSTM 32×28×28→64's backward pass from 34 to 10 ms of CPU.
 * - Without one (the plan as rules/recurrent.ts builds it today), K
 *   workgroups each sweep every sample, recomputing the recurrence of dh,
 *   and each accumulates in place only the slice of dW, dU, db columns (and
 *   dx features) it owns, in a fixed order (deterministic). That trades
 *   K-fold recomputation of the sweep for K-way parallelism of the rest.
 */
import type { Kernel } from '../../plan/kernels';
import { STATE_WIDTH, type CellActivation, type RecurrentKernelArg } from '../../plan/rules/recurrent';
import { numel } from '../../plan/types';
import { activationExpr, derivativeExpr } from './activation';
import { flatLaunch, u32 } from './prelude';
import { input, KernelError, output, type BindingSource, type DeviceCaps, type ElementType, type KernelContext, type KernelGenerator, type KernelProgram, type ProgramBinding } from './types';

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

const GATES = { rnn: 1, gru: 3, lstm: 4 } as const;

function dims(ctx: KernelContext, x: number, W: number): Dims {
  const arg = ctx.step.arg as RecurrentKernelArg;
  const xs = ctx.inputs[x]!.shape;
  const ws = ctx.inputs[W]!.shape;
  if (xs.length !== 3 || ws.length !== 2) throw new KernelError(ctx.step.origin, `${ctx.step.kernel}: x has shape [${xs}] and W [${ws}]; expected [N, T, F] and [F, G]`);
  const [N, T, F] = xs as [number, number, number];
  const u = arg.units;
  const G = ws[1]!;
  if (G !== GATES[arg.cell] * u || ws[0] !== F) throw new KernelError(ctx.step.origin, `${ctx.step.kernel}: W has shape [${ws}], expected [${F}, ${GATES[arg.cell] * u}]`);
  return { arg, N, T, F, u, G, S: STATE_WIDTH[arg.cell] * u };
}

/** How the recurrence is laid out over workgroups; see chooseForward / chooseBackward. */
export interface RecurrentLayout {
  /** Samples per group. */
  readonly B: number;
  /** Units per invocation-vector: 4 (vec4) or 1. */
  readonly V: 1 | 4;
  /** Invocations per workgroup. */
  readonly WG: number;
  /** rnn_grad without a workspace: workgroups, each owning a slice of the weight gradients. */
  readonly K: number;
}

/**
 * The cell's activations as WGSL functions act1/ract1 (and vec4 forms), with
 * derivatives dact1/dract1(x, y), mirroring activation-math.ts.
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

/** Names and helpers for one vector width. */
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
 * A loop over the unit-vectors `jv` this invocation owns (lid, lid + WG, …),
 * `m` its iteration (the index into per-unit private arrays). Guarded by an
 * if rather than a continue, so code after it stays in uniform control flow
 * for its barrier.
 */
function unitLoop(UV: number, WG: number, body: string[], jv = 'jv'): string[] {
  const UPT = ceil(UV, WG);
  const head = UPT === 1 ? `{ let m = 0u; let ${jv} = lid;` : `for (var m = 0u; m < ${u32(UPT)}; m = m + 1u) { let ${jv} = lid + m * ${u32(WG)};`;
  if (UPT * WG === UV) return [head, ...body.map((l) => `  ${l}`), '}'];
  return [head, `  if (${jv} < ${u32(UV)}) {`, ...body.map((l) => `    ${l}`), '  }', '}'];
}

/** Per-sample setup of a group of B samples from nFirst: n{b} (clamped into the batch) and ok{b}. */
const sampleSetup = (N: number, B: number) => range(B).map((b) => `let n${b} = min(nFirst + ${u32(b)}, ${u32(N - 1)}); let ok${b} = nFirst + ${u32(b)} < ${u32(N)};`);

const indent = (lines: string[], by: string) => lines.join(`\n${by}`);

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

  // As in the sweep (see sweepPhases), the cell runs in a loop over the group's samples at run time,
  // reading the pre-activations back from a private array, which keeps the shader short.
  const NA = accs.length;
  accs.forEach((acc, k) => bs.forEach((b) => a.push(`pre[${u32(b * NA + k)}] = ${acc.name}${b};`)));
  const sample = [
    `let n_ = min(nFirst + bb, ${u32(N - 1)}); let ok_ = nFirst + bb < ${u32(N)};`,
    ...(hasStates ? [`let srow_ = (n_ * ${u32(T)} + s) * ${u32(SV)};`] : []),
  ];
  const stateWrites = (slots: [number, string][]) => (hasStates ? [`if (ok_) {`, ...slots.map(([slot, v]) => `  rst[srow_ + ${u32(slot * UV)} + jv] = ${v};`), '}'] : []);
  const finish = (h: string): string[] => [
    `hs[nxt + bb * ${u32(UV)} + jv] = ${h};`,
    ...(arg.returnSequences ? [`if (ok_) { ry[(n_ * ${u32(T)} + s) * ${u32(UV)} + jv] = ${h}; }`] : []),
  ];
  const keep = `m * ${u32(B)} + bb`;
  const cell: string[] = [
    ...sample,
    ...accs.map((acc, k) => `let ${acc.name}_ = pre[bb * ${u32(NA)} + ${u32(k)}];`),
    `let hp_ = hs[cur + bb * ${u32(UV)} + jv];`,
  ];
  if (arg.cell === 'rnn') {
    cell.push(`let h_ = ${o.A}(pa_);`, ...stateWrites([[0, 'pa_'], [1, 'h_']]), ...finish('h_'));
  } else if (arg.cell === 'lstm') {
    cell.push(
      `let c_ = ${o.R}(pf_) * cs[${keep}] + ${o.R}(pi_) * ${o.A}(pc_);`,
      `cs[${keep}] = c_;`,
      `let h_ = ${o.R}(po_) * ${o.A}(c_);`,
      ...stateWrites([[0, 'pi_'], [1, 'pf_'], [2, 'pc_'], [3, 'po_'], [4, 'c_'], [5, 'h_']]),
      ...finish('h_'),
    );
  } else if (arg.resetAfter) {
    cell.push(
      `let ah_ = pxh_ + ${o.R}(pr_) * prh_;`,
      `let z_ = ${o.R}(pz_);`,
      `let h_ = z_ * hp_ + (1.0 - z_) * ${o.A}(ah_);`,
      ...stateWrites([[0, 'pz_'], [1, 'pr_'], [2, 'ah_'], [3, 'prh_'], [4, 'h_']]),
      ...finish('h_'),
    );
  } else {
    cell.push(
      `let q_ = ${o.R}(pr_) * hp_;`,
      `qs[bb * ${u32(UV)} + jv] = q_;`,
      `keepz[${keep}] = pz_;`,
      `keeph[${keep}] = pxh_;`,
      ...stateWrites([[0, 'pz_'], [1, 'pr_'], [3, 'q_']]),
    );
  }
  const overSamples = (body: string[]) => [`for (var bb = 0u; bb < ${u32(B)}; bb = bb + 1u) {`, ...body.map((l) => `  ${l}`), '}'];
  a.push(...overSamples(cell));
  const phaseB: string[] = [];
  if (gruSplit) {
    for (const b of bs) phaseB.push(`var ph${b} = keeph[m * ${u32(B)} + ${u32(b)}];`);
    phaseB.push(...recurrentProduct(V, UV, GV, B, [{ acc: 'ph', gate: 2 }], (b, kv) => `qs[${u32(b * UV)} + ${kv}]`));
    for (const b of bs) phaseB.push(`pre[${u32(b)}] = ph${b};`);
    phaseB.push(...overSamples([
      ...sample,
      `let ph_ = pre[bb];`,
      `let z_ = ${o.R}(keepz[${keep}]);`,
      `let h_ = z_ * hs[cur + bb * ${u32(UV)} + jv] + (1.0 - z_) * ${o.A}(ph_);`,
      ...stateWrites([[2, 'ph_'], [4, 'h_']]),
      ...finish('h_'),
    ]));
  }

  const privates = [
    `var pre: array<${o.vt}, ${B * NA}>;`,
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
  ${indent(sampleSetup(N, B), '  ')}
  ${indent(privates, '  ')}
  ${indent(unitLoop(UV, WG, bs.map((b) => `hs[${u32(b * UV)} + jv] = ${o.zero};`)), '  ')}
  workgroupBarrier();
  for (var s = 0u; s < ${u32(T)}; s = s + 1u) {
    let t = ${arg.goBackwards ? `${u32(T - 1)} - s` : 's'};
    let cur = (s % 2u) * ${u32(B * UV)};
    let nxt = ${u32(B * UV)} - cur;
    ${indent(bs.map((b) => `let xrow${b} = (n${b} * ${u32(T)} + t) * ${u32(F)};`), '    ')}
    ${indent(unitLoop(UV, WG, a), '    ')}
    ${gruSplit ? `workgroupBarrier();\n    ${indent(unitLoop(UV, WG, phaseB), '    ')}` : ''}
    workgroupBarrier();
  }
  ${arg.returnSequences ? '' : indent(unitLoop(UV, WG, bs.map((b) => `if (ok${b}) { ry[n${b} * ${u32(UV)} + jv] = hs[${u32(fin + b * UV)} + jv]; }`)), '  ')}
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

// ── Backward: the sweep ────────────────────────────────────────────────────

/** Word offsets of the rnn_grad workspace's parts: rows are (n·T + t), by input timestep. */
interface Workspace {
  /** dL/d(x·W + b_in) per row: [N·T, G]. */
  readonly da: number;
  /** h₋₁ per row (zeros at the first step read): [N·T, u]. */
  readonly hp: number;
  /** reset_after GRU: dL/d(h₋₁·U + b_rec) per row, [N·T, G]; other GRUs: q = r⊙h₋₁ per row, [N·T, u]. */
  readonly extra: number;
  readonly words: number;
}

function workspaceLayout(d: Dims): Workspace {
  const NT = d.N * d.T;
  const gru = d.arg.cell === 'gru';
  const extra = gru ? NT * (d.arg.resetAfter ? d.G : d.u) : 0;
  return { da: 0, hp: NT * d.G, extra: NT * (d.G + d.u), words: NT * (d.G + d.u) + extra };
}

/** Floats the optional workspace output of rnn_grad needs (at most N·T·(2G + u)). */
export function rnnGradWorkspaceWords(arg: RecurrentKernelArg, N: number, T: number): number {
  const G = GATES[arg.cell] * arg.units;
  return workspaceLayout({ arg, N, T, F: 0, u: arg.units, G, S: STATE_WIDTH[arg.cell] * arg.units }).words;
}

/** Which of rnn_grad's outputs the fused program writes (all of them unless the device has too few storage bindings). */
interface Writes {
  readonly dx: boolean;
  readonly dW: boolean;
  readonly dU: boolean;
  readonly db: boolean;
}

/**
 * Σ over columns [from, to) of U[k, col]·src(b, col) for each row-vector
 * rows[i] (rows k = rows[i]·V + c), into t{i}_{c}_{b}: every load of src
 * feeds all the rows.
 */
function rowDots(V: 1 | 4, GV: number, B: number, from: number, to: number, src: (b: number, col: string) => string, rows: readonly string[]): string[] {
  const lines = [`for (var col = ${u32(from)}; col < ${u32(to)}; col = col + 1u) {`];
  for (const b of range(B)) lines.push(`  let dv${b} = ${src(b, 'col')};`);
  rows.forEach((row, i) => {
    for (const c of range(V)) {
      lines.push(`  let uv${i}_${c} = rU[(${row} * ${u32(V)} + ${u32(c)}) * ${u32(GV)} + col];`);
      for (const b of range(B)) lines.push(`  t${i}_${c}_${b} = fma(uv${i}_${c}, dv${b}, t${i}_${c}_${b});`);
    }
  });
  lines.push('}');
  return lines;
}

/**
 * The backward step of one sample group, in three phases separated by
 * barriers: p1 per unit-vector jv turns dh (and dc) into the pre-activations'
 * gradients, in workgroup memory `dxs` (and `drh`, a reset_after GRU's
 * recurrent-side h block); p1b (GRU without reset_after) goes back through
 * U_h to r; p2 per unit-vector kv adds drg·Uᵀ to dh₋₁. With a workspace, p1
 * and p1b also store da, h₋₁ and the GRU's extra rows there.
 */
function sweepPhases(d: Dims, layout: RecurrentLayout, ws: Workspace | undefined) {
  const { arg, T, u, G, S } = d;
  const { B, V, WG } = layout;
  const o = vectorOps(V);
  const UV = u / V;
  const GV = G / V;
  const SV = S / V;
  const bs = range(B);
  const gru = arg.cell === 'gru';
  const gruSplit = gru && !arg.resetAfter;
  const RA = gru && arg.resetAfter;
  // Helpers take a sample: `b` suffixes its names, `i` is its index as a WGSL expression.
  type Sample = { readonly b: string; readonly i: string };
  const fixed = (b: number): Sample => ({ b: `${b}`, i: u32(b) });
  const st = (x: Sample, slot: number, kv = 'jv', row = 'srow') => `rst[${row}${x.b} + ${u32(slot * UV)} + ${kv}]`;
  const priv = (x: Sample) => `m * ${u32(B)} + ${x.i}`;
  const keepIf = (x: Sample, v: string) => `select(${o.zero}, ${v}, ok${x.b})`;
  /** The workspace's vector index of part `at` (in words, rows `width` words wide) in sample x's row. */
  const wsAt = (x: Sample, at: number, width: number, col: string) => `${u32(at / V)} + wrow${x.b} * ${u32(width / V)} + ${col}`;
  /** Sets da of gate `gate` at unit-vector kv: in workgroup memory, and in the workspace (and its reset_after GRU copy) when there is one. */
  const setDa = (x: Sample, gate: number, value: string, kv = 'jv'): string[] => {
    const name = `da${gate}_${x.b}`;
    const lines = [`let ${name} = ${value};`, `dxs[${x.i} * ${u32(GV)} + ${u32(gate * UV)} + ${kv}] = ${name};`];
    if (ws) {
      const stores = [`rws[${wsAt(x, ws.da, G, `${u32(gate * UV)} + ${kv}`)}] = ${name};`];
      if (RA && gate < 2) stores.push(`rws[${wsAt(x, ws.extra, G, `${u32(gate * UV)} + ${kv}`)}] = ${name};`);
      lines.push(`if (ok${x.b}) { ${stores.join(' ')} }`);
    }
    return lines;
  };
  const prevH = (x: Sample, kv = 'jv') => [`var hp${x.b} = ${o.zero};`, `if (s > 0u) { hp${x.b} = ${st(x, S / u - 1, kv, 'prow')}; }`];

  // p1 loops over the group's samples at run time: unrolled, its activations made the sweep
  // take 8 s instead of 2 to compile on llvmpipe (B = 16), and it is not the costly part.
  const x: Sample = { b: '_', i: 'bb' };
  const dy = arg.returnSequences ? `rdy[(n_ * ${u32(T)} + s) * ${u32(UV)} + jv]` : `select(${o.zero}, rdy[n_ * ${u32(UV)} + jv], s == ${u32(T - 1)})`;
  const p1: string[] = [
    `let n_ = min(nFirst + bb, ${u32(d.N - 1)}); let ok_ = nFirst + bb < ${u32(d.N)};`,
    `let srow_ = (n_ * ${u32(T)} + s) * ${u32(SV)}; let prow_ = srow_ - ${u32(SV)};${ws ? ' let wrow_ = n_ * ' + u32(T) + ' + t;' : ''}`,
    `let g_ = dh[${priv(x)}] + ${keepIf(x, dy)};`,
  ];
  if (ws || gru) p1.push(...prevH(x));
  if (ws) {
    const extra = gruSplit ? ` rws[${wsAt(x, ws.extra, u, 'jv')}] = ${st(x, 3)};` : '';
    p1.push(`if (ok_) { rws[${wsAt(x, ws.hp, u, 'jv')}] = hp_;${extra} }`);
  }
  if (arg.cell === 'rnn') {
    p1.push(`let a_ = ${st(x, 0)};`, ...setDa(x, 0, keepIf(x, `g_ * ${o.dA}(a_, ${st(x, 1)})`)), `dh[${priv(x)}] = ${o.zero};`);
  } else if (arg.cell === 'lstm') {
    p1.push(
      `let ai_ = ${st(x, 0)}; let af_ = ${st(x, 1)}; let ac_ = ${st(x, 2)}; let ao_ = ${st(x, 3)};`,
      `let i_ = ${o.R}(ai_); let f_ = ${o.R}(af_); let c_ = ${o.A}(ac_); let o_ = ${o.R}(ao_);`,
      `let cn_ = ${st(x, 4)};`,
      `var cp_ = ${o.zero};`,
      `if (s > 0u) { cp_ = ${st(x, 4, 'jv', 'prow')}; }`,
      `let tc_ = ${o.A}(cn_);`,
      `let dc_ = dc[${priv(x)}] + g_ * o_ * ${o.dA}(cn_, tc_);`,
      ...setDa(x, 0, keepIf(x, `dc_ * c_ * ${o.dR}(ai_, i_)`)),
      ...setDa(x, 1, keepIf(x, `dc_ * cp_ * ${o.dR}(af_, f_)`)),
      ...setDa(x, 2, keepIf(x, `dc_ * i_ * ${o.dA}(ac_, c_)`)),
      ...setDa(x, 3, keepIf(x, `g_ * tc_ * ${o.dR}(ao_, o_)`)),
      `dc[${priv(x)}] = dc_ * f_;`,
      `dh[${priv(x)}] = ${o.zero};`,
    );
  } else {
    p1.push(
      `let az_ = ${st(x, 0)}; let ar_ = ${st(x, 1)}; let ah_ = ${st(x, 2)};`,
      `let z_ = ${o.R}(az_); let hh_ = ${o.A}(ah_);`,
      ...setDa(x, 0, keepIf(x, `g_ * (hp_ - hh_) * ${o.dR}(az_, z_)`)),
      ...setDa(x, 2, keepIf(x, `g_ * (1.0 - z_) * ${o.dA}(ah_, hh_)`)),
      `dh[${priv(x)}] = g_ * z_;`,
    );
    if (RA) {
      // a_h = x·W_h + b_ih + r⊙q: r's gradient is da_h⊙q, q's (the recurrent side's) is da_h⊙r.
      p1.push(`let r_ = ${o.R}(ar_);`, ...setDa(x, 1, `da2__ * ${st(x, 3)} * ${o.dR}(ar_, r_)`), `drh[bb * ${u32(UV)} + jv] = da2__ * r_;`);
      if (ws) p1.push(`if (ok_) { rws[${wsAt(x, ws.extra, G, `${u32(2 * UV)} + jv`)}] = da2__ * r_; }`);
    }
  }
  const p1Loop = [`for (var bb = 0u; bb < ${u32(B)}; bb = bb + 1u) {`, ...p1.map((l) => `  ${l}`), '}'];

  // p1b (GRU without reset_after), per unit-vector kv: back through U_h to q = r⊙h₋₁, then to r and h₋₁.
  const dotInit = (rows: number) => range(rows).flatMap((i) => range(V).flatMap((c) => bs.map((b) => `var t${i}_${c}_${b} = ${o.zero};`)));
  const dotTotal = (i: number, b: number) => o.gather(range(V).map((c) => o.hsum(`t${i}_${c}_${b}`)));
  const p1b: string[] = gruSplit ? [
    ...dotInit(1),
    ...rowDots(V, GV, B, 2 * UV, 3 * UV, (b, col) => `dxs[${u32(b * GV)} + ${col}]`, ['kv']),
    ...bs.flatMap((b) => [
      `let tmp${b} = ${dotTotal(0, b)};`,
      `let ar${b} = ${st(fixed(b), 1, 'kv')}; let r${b} = ${o.R}(ar${b});`,
      ...prevH(fixed(b), 'kv'),
      ...setDa(fixed(b), 1, `tmp${b} * hp${b} * ${o.dR}(ar${b}, r${b})`, 'kv'),
      `dh[${priv(fixed(b))}] = dh[${priv(fixed(b))}] + tmp${b} * r${b};`,
    ]),
  ] : [];

  // p2: dh₋₁ += drg·Uᵀ (in a GRU without reset_after, over the z and r columns only), for the
  // invocation's unit-vectors kv = lid + m·WG two at a time, so each load of drg feeds both.
  const UPT = ceil(UV, WG);
  const MB = Math.min(UPT, 2);
  const exact = UPT * WG === UV && UPT % MB === 0;
  const rows = range(MB).map((i) => `kc${i}`);
  const p2: string[] = [
    `for (var mb = 0u; mb < ${u32(ceil(UPT, MB))}; mb = mb + 1u) {`,
    ...range(MB).map((i) => `  let kv${i} = lid + (mb * ${u32(MB)} + ${u32(i)}) * ${u32(WG)}; let kc${i} = ${exact ? `kv${i}` : `min(kv${i}, ${u32(UV - 1)})`};`),
    ...[
      ...dotInit(MB),
      ...rowDots(V, GV, B, 0, gru ? 2 * UV : GV, (b, col) => `dxs[${u32(b * GV)} + ${col}]`, rows),
      ...(RA ? rowDots(V, GV, B, 2 * UV, GV, (b, col) => `drh[${u32(b * UV)} + ${col} - ${u32(2 * UV)}]`, rows) : []),
      ...range(MB).flatMap((i) => {
        const add = bs.map((b) => `dh[(mb * ${u32(MB)} + ${u32(i)}) * ${u32(B)} + ${u32(b)}] = dh[(mb * ${u32(MB)} + ${u32(i)}) * ${u32(B)} + ${u32(b)}] + ${dotTotal(i, b)};`);
        return exact ? add : [`if (kv${i} < ${u32(UV)}) {`, ...add.map((l) => `  ${l}`), '}'];
      }),
    ].map((l) => `  ${l}`),
    '}',
  ];
  return { p1: p1Loop, p1b, p2 };
}

/** Declarations, loops and barriers around sweepPhases shared by the fused and the workspace programs. */
function sweepCode(d: Dims, layout: RecurrentLayout, ws: Workspace | undefined, groups: [string, string], perStep: string[], prologue: string[]): string {
  const { arg, N, T, F, u, G, S } = d;
  const { B, V, WG } = layout;
  const o = vectorOps(V);
  const UV = u / V;
  const GV = G / V;
  const SV = S / V;
  const perUnit = ceil(UV, WG) * B;
  const gruSplit = arg.cell === 'gru' && !arg.resetAfter;
  const RA = arg.cell === 'gru' && arg.resetAfter;
  const { p1, p1b, p2 } = sweepPhases(d, layout, ws);
  const rows = range(B).map((b) => [
    `let xrow${b} = (n${b} * ${u32(T)} + t) * ${u32(F)};`,
    `let srow${b} = (n${b} * ${u32(T)} + s) * ${u32(SV)}; let prow${b} = srow${b} - ${u32(SV)};`,
    ...(ws ? [`let wrow${b} = n${b} * ${u32(T)} + t;`] : []),
  ].join(' '));
  return `${activationFns(arg, V)}
var<workgroup> dxs: array<${o.vt}, ${B * GV}>;
${RA ? `var<workgroup> drh: array<${o.vt}, ${B * UV}>;` : ''}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  ${indent(prologue, '  ')}
  var dh: array<${o.vt}, ${perUnit}>;
  ${arg.cell === 'lstm' ? `var dc: array<${o.vt}, ${perUnit}>;` : ''}
  for (var grp = ${groups[0]}; grp < ${groups[1]}; grp = grp + 1u) {
    let nFirst = grp * ${u32(B)};
    ${indent(sampleSetup(N, B), '    ')}
    for (var i = 0u; i < ${u32(perUnit)}; i = i + 1u) { dh[i] = ${o.zero};${arg.cell === 'lstm' ? ` dc[i] = ${o.zero};` : ''} }
    for (var step = 0u; step < ${u32(T)}; step = step + 1u) {
      let s = ${u32(T - 1)} - step;
      let t = ${arg.goBackwards ? `${u32(T - 1)} - s` : 's'};
      ${indent(rows, '      ')}
      ${indent(unitLoop(UV, WG, p1), '      ')}
      workgroupBarrier();
      ${gruSplit ? `${indent(unitLoop(UV, WG, p1b, 'kv'), '      ')}\n      workgroupBarrier();` : ''}
      ${indent(p2, '      ')}
      ${indent(perStep, '      ')}
      workgroupBarrier();
    }
  }
}`;
}

// ── Backward without a workspace: one fused program ────────────────────────

function fusedBackwardProgram(ctx: KernelContext, d: Dims, layout: RecurrentLayout, writes: Writes): KernelProgram {
  const { arg, N, T, F, u, G, S } = d;
  const { B, V, WG, K } = layout;
  const o = vectorOps(V);
  const UV = u / V;
  const GV = G / V;
  const SV = S / V;
  const bs = range(B);
  const gruSplit = arg.cell === 'gru' && !arg.resetAfter;
  const RA = arg.cell === 'gru' && arg.resetAfter;

  // Per owned column-vector cv: accumulate dW, dU, db from the group's da in workgroup memory.
  const acc: string[] = [];
  for (const b of bs) acc.push(`let d${b} = dxs[${u32(b * GV)} + cv];`);
  if (RA) {
    for (const b of bs) acc.push(`var e${b} = d${b};`);
    acc.push(`if (cv >= ${u32(2 * UV)}) {`, ...bs.map((b) => `  e${b} = drh[${u32(b * UV)} + cv - ${u32(2 * UV)}];`), '}');
  }
  const rec = (b: number) => (RA ? `e${b}` : `d${b}`);
  if (writes.db && arg.hasBias) {
    acc.push(`rdb[cv] = rdb[cv] + ${bs.map((b) => `d${b}`).join(' + ')};`);
    if (RA) acc.push(`rdb[${u32(GV)} + cv] = rdb[${u32(GV)} + cv] + ${bs.map(rec).join(' + ')};`);
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

  // Per owned input feature f: dx[n, t, f] = da·W[f, :]ᵀ.
  const dxLines: string[] = [
    ...bs.map((b) => `var t${b} = ${o.zero};`),
    `for (var col = 0u; col < ${u32(GV)}; col = col + 1u) {`,
    `  let wv = rW[f * ${u32(GV)} + col];`,
    ...bs.map((b) => `  t${b} = fma(wv, dxs[${u32(b * GV)} + col], t${b});`),
    '}',
    ...bs.map((b) => `if (ok${b}) { rdx[xrow${b} + f] = ${o.hsum(`t${b}`)}; }`),
  ];

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
  const prologue = [
    `let cvStart = (wid.x * ${u32(GV)}) / ${u32(K)};`,
    `let cvEnd = ((wid.x + 1u) * ${u32(GV)}) / ${u32(K)};`,
    `let fStart = (wid.x * ${u32(F)}) / ${u32(K)};`,
    `let fEnd = ((wid.x + 1u) * ${u32(F)}) / ${u32(K)};`,
    ...(accumulates ? ownedLoop(ceil(GV, K), 'cv', zeroing) : []),
  ];
  const perStep = [...(accumulates ? ownedLoop(ceil(GV, K), 'cv', acc) : []), ...(writes.dx ? ownedLoop(ceil(F, K), 'f', dxLines) : [])];
  const code = sweepCode(d, layout, undefined, ['0u', u32(ceil(N, B))], perStep, prologue);
  const vt = o.vt;
  const bindings: ProgramBinding[] = [
    input('rdy', 0, vt),
    ...(writes.dx || writes.dW ? [input('rx', 1)] : []),
    ...(writes.dx ? [input('rW', 2, vt)] : []),
    input('rU', 3, vt),
    input('rst', arg.hasBias ? 5 : 4, vt),
    ...(writes.dx ? [output('rdx', 0)] : []),
    ...(writes.dW ? [output('rdW', 1, vt)] : []),
    ...(writes.dU ? [output('rdU', 2, vt)] : []),
    ...(writes.db && arg.hasBias ? [output('rdb', 3, vt)] : []),
  ];
  const what = (Object.keys(writes) as (keyof Writes)[]).filter((k) => writes[k]).join(',');
  return { label: `rnn_grad ${arg.cell} ${N}x${T}x${F}→${u} fused B${B} V${V} K${K} ${what}`, bindings, code, workgroups: [K, 1, 1] };
}

// ── Backward with a workspace: the sweep, then products ────────────────────

/** One operand of a product: a tensor, a word offset into it and the stride between its rows. */
interface Operand {
  readonly source: BindingSource;
  readonly offset: number;
  readonly stride: number;
}

/**
 * C[p, q] = Σ_r X(p, r)·Y(r, q), overwriting C[c.offset + p·c.stride + q].
 *   outer: X(p, r) = x[offset + r·stride + p], Y(r, q) = y[offset + r·stride + q]  (sums of outer products, as matmul_at)
 *   dot:   X(p, r) = x[offset + p·stride + r], Y(r, q) = y[offset + q·stride + r]  (dot products, as matmul with transB)
 */
interface Product {
  readonly label: string;
  readonly form: 'outer' | 'dot';
  readonly P: number;
  readonly Q: number;
  readonly R: number;
  readonly x: Operand;
  readonly y: Operand;
  readonly c: Operand;
}

const sameSource = (a: BindingSource, b: BindingSource) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A register-blocked product in the manner of matmul.ts's register variant
 * (each invocation owns a tp×tq block of C, loads vec4s where offsets,
 * strides and extents allow), with arbitrary offsets and strides so it can
 * read and write parts of the workspace and of dU.
 */
function productProgram(pr: Product, caps: DeviceCaps): KernelProgram {
  const { form, P, Q, R } = pr;
  const outer = form === 'outer';
  // vec4 runs along p (outer X), q (outer Y) or r (dot).
  const aligned = (op: Operand, extent: number) => op.offset % 4 === 0 && op.stride % 4 === 0 && extent % 4 === 0;
  const shared = sameSource(pr.x.source, pr.y.source);
  let xVec = aligned(pr.x, outer ? P : R);
  let yVec = aligned(pr.y, outer ? Q : R);
  if (shared) xVec = yVec = xVec && yVec;
  const cVec = outer && aligned(pr.c, Q);
  const xName = shared ? 'pxy' : 'px';
  const yName = shared ? 'pxy' : 'py';
  const vecType = (v: boolean): ElementType => (v ? 'vec4<f32>' : 'f32');
  const candidates: [number, number][] = outer ? [[16, 16], [8, 16], [8, 8], [4, 8], [4, 4]] : [[8, 8], [8, 4], [4, 4], [4, 2], [2, 2], [1, 1]];
  const enough = caps.software ? 16 : 256;
  const [tp, tq] = candidates.find(([a, b]) => ceil(P, a) * ceil(Q, b) >= enough) ?? candidates.at(-1)!;
  const gq = ceil(Q, tq);
  const launch = flatLaunch(ceil(P, tp) * gq, caps, caps.software ? 8 : 64);
  /** Four consecutive words of an operand starting at word index `at` (a multiple of 4 when vec). */
  const load4 = (name: string, vec: boolean, at: (k: number) => string) => (vec ? `${name}[(${at(0)}) / 4u]` : `vec4<f32>(${range(4).map((k) => `${name}[${at(k)}]`).join(', ')})`);
  const clampTo = (v: string, limit: number) => `min(${v}, ${u32(limit - 1)})`;
  const lines: string[] = [];
  const store: string[] = [];
  if (outer) {
    // Loads along p and q start at a clamped multiple of 4 (vec) or clamp each element (scalar).
    const along = (op: Operand, vec: boolean, name: string, start: string, extent: number) => load4(name, vec, (k) => (vec
      ? `${u32(op.offset)} + r * ${u32(op.stride)} + min(${start}, ${u32(extent - 4)})`
      : `${u32(op.offset)} + r * ${u32(op.stride)} + ${clampTo(`${start} + ${u32(k)}`, extent)}`));
    for (const i of range(tp)) for (const j of range(tq / 4)) lines.push(`var c${i}_${j} = vec4<f32>(0.0);`);
    lines.push(`for (var r = 0u; r < ${u32(R)}; r = r + 1u) {`);
    for (const g of range(tp / 4)) lines.push(`  let xv${g} = ${along(pr.x, xVec, xName, `p0 + ${u32(4 * g)}`, P)};`);
    for (const j of range(tq / 4)) lines.push(`  let yv${j} = ${along(pr.y, yVec, yName, `q0 + ${u32(4 * j)}`, Q)};`);
    for (const i of range(tp)) for (const j of range(tq / 4)) lines.push(`  c${i}_${j} = fma(vec4<f32>(xv${Math.floor(i / 4)}.${COMP[i % 4]}), yv${j}, c${i}_${j});`);
    lines.push('}');
    for (const i of range(tp)) {
      for (const j of range(tq / 4)) {
        const p = `p0 + ${u32(i)}`;
        const q = `q0 + ${u32(4 * j)}`;
        const at = `${u32(pr.c.offset)} + (${p}) * ${u32(pr.c.stride)} + ${q}`;
        if (cVec) store.push(`if (${p} < ${u32(P)} && ${q} < ${u32(Q)}) { pc[(${at}) / 4u] = c${i}_${j}; }`);
        else for (const k of range(4)) store.push(`if (${p} < ${u32(P)} && ${q} + ${u32(k)} < ${u32(Q)}) { pc[${at} + ${u32(k)}] = c${i}_${j}.${COMP[k]}; }`);
      }
    }
  } else {
    const R4 = R - (R % 4);
    const rowOf = (op: Operand, first: string, i: number, extent: number) => `${u32(op.offset)} + ${clampTo(`${first} + ${u32(i)}`, extent)} * ${u32(op.stride)}`;
    for (const i of range(tp)) for (const j of range(tq)) lines.push(`var c${i}_${j} = vec4<f32>(0.0);`);
    for (const i of range(tp)) lines.push(`let xr${i} = ${rowOf(pr.x, 'p0', i, P)};`);
    for (const j of range(tq)) lines.push(`let yr${j} = ${rowOf(pr.y, 'q0', j, Q)};`);
    lines.push(`for (var r = 0u; r < ${u32(R4)}; r = r + 4u) {`);
    for (const i of range(tp)) lines.push(`  let xv${i} = ${load4(xName, xVec, (k) => `xr${i} + r + ${u32(k)}`)};`);
    for (const j of range(tq)) lines.push(`  let yv${j} = ${load4(yName, yVec, (k) => `yr${j} + r + ${u32(k)}`)};`);
    for (const i of range(tp)) for (const j of range(tq)) lines.push(`  c${i}_${j} = fma(xv${i}, yv${j}, c${i}_${j});`);
    lines.push('}');
    const scalar = (name: string, vec: boolean, at: string) => (vec ? `${name}[(${at}) / 4u][(${at}) % 4u]` : `${name}[${at}]`);
    if (R4 < R) {
      lines.push(`for (var r = ${u32(R4)}; r < ${u32(R)}; r = r + 1u) {`);
      for (const i of range(tp)) for (const j of range(tq)) lines.push(`  c${i}_${j}.x = fma(${scalar(xName, xVec, `xr${i} + r`)}, ${scalar(yName, yVec, `yr${j} + r`)}, c${i}_${j}.x);`);
      lines.push('}');
    }
    for (const i of range(tp)) {
      for (const j of range(tq)) {
        const p = `p0 + ${u32(i)}`;
        const q = `q0 + ${u32(j)}`;
        store.push(`if (${p} < ${u32(P)} && ${q} < ${u32(Q)}) { pc[${u32(pr.c.offset)} + (${p}) * ${u32(pr.c.stride)} + ${q}] = dot(c${i}_${j}, vec4<f32>(1.0)); }`);
      }
    }
  }
  const code = `${launch.main}
  ${launch.guard}
  let p0 = (i / ${u32(gq)}) * ${u32(tp)};
  let q0 = (i % ${u32(gq)}) * ${u32(tq)};
  ${indent(lines, '  ')}
  ${indent(store, '  ')}
}`;
  const read = (name: string, source: BindingSource, vec: boolean): ProgramBinding => ({ name, source, type: vecType(vec), access: 'read' });
  const bindings: ProgramBinding[] = [
    read(xName, pr.x.source, xVec),
    ...(shared ? [] : [read(yName, pr.y.source, yVec)]),
    { name: 'pc', source: pr.c.source, type: vecType(cVec), access: 'read_write' },
  ];
  return { label: `${pr.label} ${form} ${P}x${Q}x${R} ${tp}x${tq}`, bindings, code, workgroups: launch.workgroups };
}

/** db[q] (and a reset_after GRU's recurrent row) = column sums of da (and of drg) over the workspace's rows. */
function biasGradProgram(d: Dims, ws: Workspace, wsSource: BindingSource, caps: DeviceCaps): KernelProgram {
  const RA = d.arg.cell === 'gru' && d.arg.resetAfter;
  // vec4 only where every part of the workspace starts on a 16-byte boundary.
  const V = d.u % 4 === 0 ? 4 : 1;
  const o = vectorOps(V);
  const GV = d.G / V;
  const NT = d.N * d.T;
  const rows = RA ? 2 : 1;
  const launch = flatLaunch(rows * GV, caps, caps.software ? 8 : 64);
  const code = `${launch.main}
  ${launch.guard}
  let part = i / ${u32(GV)};
  let q = i % ${u32(GV)};
  let base = select(${u32(ws.da / V)}, ${u32(ws.extra / V)}, part == 1u);
  var sum = ${o.zero};
  for (var r = 0u; r < ${u32(NT)}; r = r + 1u) { sum = sum + bws[base + r * ${u32(GV)} + q]; }
  rdb[i] = sum;
}`;
  return {
    label: `rnn_grad db ${NT}x${d.G}${RA ? ' x2' : ''}`,
    bindings: [{ name: 'bws', source: wsSource, type: o.vt, access: 'read' }, output('rdb', 3, o.vt)],
    code,
    workgroups: launch.workgroups,
  };
}

function workspacePrograms(ctx: KernelContext, d: Dims, layout: RecurrentLayout, wsIndex: number): KernelProgram[] {
  const { arg, N, T, F, u, G } = d;
  const ws = workspaceLayout(d);
  const NT = N * T;
  const gruSplit = arg.cell === 'gru' && !arg.resetAfter;
  const RA = arg.cell === 'gru' && arg.resetAfter;
  const wsSource: BindingSource = { kind: 'out', index: wsIndex };
  const vt = vectorOps(layout.V).vt;
  const groups = ceil(N, layout.B);
  if (groups > ctx.caps.maxComputeWorkgroupsPerDimension) throw new KernelError(ctx.step.origin, `rnn_grad: a batch of ${N} needs more workgroups than the device allows`);
  const sweep: KernelProgram = {
    label: `rnn_grad ${arg.cell} ${N}x${T}x${F}→${u} sweep B${layout.B} V${layout.V}`,
    bindings: [input('rdy', 0, vt), input('rU', 3, vt), input('rst', arg.hasBias ? 5 : 4, vt), output('rws', wsIndex, vt)],
    code: sweepCode(d, layout, ws, ['wid.x', 'wid.x + 1u'], [], []),
    workgroups: [groups, 1, 1],
  };
  const at = (source: BindingSource, offset: number, stride: number): Operand => ({ source, offset, stride });
  const da = (column = 0) => at(wsSource, ws.da + column, G);
  const inp = (index: number): BindingSource => ({ kind: 'in', index });
  const out = (index: number): BindingSource => ({ kind: 'out', index });
  const products: Product[] = [
    { label: 'rnn_grad dx', form: 'dot', P: NT, Q: F, R: G, x: da(), y: at(inp(2), 0, G), c: at(out(0), 0, F) },
    { label: 'rnn_grad dW', form: 'outer', P: F, Q: G, R: NT, x: at(inp(1), 0, F), y: da(), c: at(out(1), 0, G) },
    ...(gruSplit
      ? [
        { label: 'rnn_grad dU_zr', form: 'outer', P: u, Q: 2 * u, R: NT, x: at(wsSource, ws.hp, u), y: da(), c: at(out(2), 0, G) } as const,
        { label: 'rnn_grad dU_h', form: 'outer', P: u, Q: u, R: NT, x: at(wsSource, ws.extra, u), y: da(2 * u), c: at(out(2), 2 * u, G) } as const,
      ]
      : [{ label: 'rnn_grad dU', form: 'outer', P: u, Q: G, R: NT, x: at(wsSource, ws.hp, u), y: RA ? at(wsSource, ws.extra, G) : da(), c: at(out(2), 0, G) } as const]),
  ];
  return [sweep, ...products.map((p) => productProgram(p, ctx.caps)), ...(arg.hasBias ? [biasGradProgram(d, ws, wsSource, ctx.caps)] : [])];
}

// ── Choosing a layout ──────────────────────────────────────────────────────

/** vec4 units where they divide on a CPU rasteriser: there an invocation's vec4 is four SIMD registers. */
const vectorWidth = (d: Dims, caps: DeviceCaps): 1 | 4 => (caps.software && d.u % 4 === 0 ? 4 : 1);

/** Invocations per workgroup: one per unit-vector (or per `share` of them), up to the device's limit. */
function workgroupSize(d: Dims, V: 1 | 4, caps: DeviceCaps, share = 1): number {
  return Math.max(1, Math.min(ceil(d.u / V, share), caps.maxComputeInvocationsPerWorkgroup, caps.maxComputeWorkgroupSizeX, 256));
}

/** The largest count ≤ want whose workgroup memory (floatsEach per item) fits. */
function fitting(want: number, floatsEach: number, caps: DeviceCaps): number {
  return Math.max(1, Math.min(want, Math.floor(caps.maxComputeWorkgroupStorageSize / 4 / floatsEach)));
}

/**
 * Samples per group. On llvmpipe every load is a loop over the SIMD lanes,
 * so a load of W or U should feed as many samples as possible, while at
 * least two workgroups keep two CPU threads busy: the forward pass of LSTM
 * 32×28×28→64 took 45, 15, 6.8 and 5.4 ms with B = 1, 4, 8 and 16. Larger
 * groups unroll into longer shaders, though: B = 16 took 2.2 s rather than
 * 0.8 to compile there, so the forward pass stops at 8; the backward sweep,
 * which gains more, at 16. A GPU wants many small groups.
 */
function samplesPerGroup(d: Dims, caps: DeviceCaps, most: number): number {
  return caps.software ? Math.max(1, Math.min(most, Math.floor(d.N / 2))) : Math.min(d.N, 2);
}

export function chooseForward(d: Dims, caps: DeviceCaps): RecurrentLayout {
  const V = vectorWidth(d, caps);
  const perSample = (d.arg.cell === 'gru' && !d.arg.resetAfter ? 3 : 2) * d.u;
  return { B: fitting(samplesPerGroup(d, caps, 8), perSample, caps), V, WG: workgroupSize(d, V, caps), K: 1 };
}

export function chooseBackward(d: Dims, caps: DeviceCaps): RecurrentLayout {
  const V = vectorWidth(d, caps);
  const perSample = d.G + (d.arg.cell === 'gru' && d.arg.resetAfter ? d.u : 0);
  // On llvmpipe two unit-vectors per invocation (while a workgroup still fills a SIMD vector of 8)
  // let each load of da in dh₋₁ = da·Uᵀ feed both: LSTM 32×28×28→64's sweep went from 9.5 to 8.5 ms.
  const share = caps.software && d.u / V >= 16 ? 2 : 1;
  return { B: fitting(samplesPerGroup(d, caps, 16), perSample, caps), V, WG: workgroupSize(d, V, caps, share), K: caps.software ? 2 : 8 };
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
  const wsIndex = d.arg.hasBias ? 4 : 3;
  const workspace = ctx.outputs[wsIndex];
  if (workspace) {
    const need = workspaceLayout(d).words;
    if (numel(workspace.shape) < need) throw new KernelError(ctx.step.origin, `rnn_grad: the workspace holds ${numel(workspace.shape)} floats; it needs ${need}`);
    return workspacePrograms(ctx, d, layout, wsIndex);
  }
  // dy, x, W, U, states, dx, dW, dU, db: a device with fewer storage bindings gets db from a second sweep.
  const all: Writes = { dx: true, dW: true, dU: true, db: true };
  if (!d.arg.hasBias || ctx.caps.maxStorageBuffersPerShaderStage >= 9) return [fusedBackwardProgram(ctx, d, layout, all)];
  return [fusedBackwardProgram(ctx, d, layout, { ...all, db: false }), fusedBackwardProgram(ctx, d, layout, { dx: false, dW: false, dU: false, db: true })];
}

export const RECURRENT_KERNELS: Partial<Record<Kernel, KernelGenerator>> = {
  rnn: (ctx) => rnnPrograms(ctx),
  rnn_grad: (ctx) => rnnGradPrograms(ctx),
};
