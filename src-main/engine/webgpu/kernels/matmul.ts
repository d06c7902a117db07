/**
 * matmul (with its bias and activation epilogue) and matmul_at (the weight
 * gradient), as one generalised product
 *
 *   C[p, q] = act(Σ_r X(p, r)·Y(r, q) + bias[q])
 *
 *   matmul            X = a[P=M, R=K]   Y = b[R=K, Q=N]      (both row-major)
 *   matmul, transB    X = a[M, K]       Y(r, q) = b[q, r]    (b is [N, K])
 *   matmul_at         X(p, r) = a[r, p] Y = b[R=M, Q=N]      (C is [K, N])
 *
 * Two variants, chosen by adapter (design.md, "Choose matmul variants by
 * adapter"):
 * - `register`: barrier-free register blocking for CPU rasterisers such as
 *   llvmpipe. Each invocation owns a TP×TQ block of C held in registers
 *   (straight-line code, no arrays, so nothing spills to memory by indexing)
 *   and reads X and Y with vec4 loads along whichever axis is contiguous.
 *   llvmpipe runs invocations as SIMD lanes and pays dearly for barriers.
 * - `tiled`: workgroup-memory tiling for real GPUs: a 16×16 workgroup stages
 *   64×16 slices of X and Y in shared memory, each thread computes 4×4.
 */
import { activationExpr } from './activation';
import { flatLaunch, u32 } from './prelude';
import { input, KernelError, output, type DeviceCaps, type KernelContext, type KernelGenerator, type KernelProgram, type ProgramBinding } from './types';

/** Which axis of X and of Y is contiguous in memory. */
type Layout = 'xr_yq' | 'xr_yr' | 'xp_yq';

export interface Product {
  readonly label: string;
  readonly P: number;
  readonly Q: number;
  readonly R: number;
  readonly layout: Layout;
  readonly hasBias: boolean;
  readonly activation: string | null;
  readonly arg: Readonly<Record<string, unknown>>;
}

export interface RegisterBlock {
  /** Rows and columns of C per invocation (TQ a multiple of 4). */
  readonly tp: number;
  readonly tq: number;
  readonly workgroup: number;
}

const ceil = (a: number, b: number) => Math.ceil(a / b);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const COMP = ['x', 'y', 'z', 'w'];

/** Linear offset of X(p, r) and Y(r, q) as WGSL expressions. */
function offsets(pr: Product) {
  const { P, Q, R } = pr;
  return {
    x: (p: string, r: string) => (pr.layout === 'xp_yq' ? `(${r}) * ${u32(P)} + (${p})` : `(${p}) * ${u32(R)} + (${r})`),
    y: (r: string, q: string) => (pr.layout === 'xr_yr' ? `(${q}) * ${u32(R)} + (${r})` : `(${r}) * ${u32(Q)} + (${q})`),
  };
}

/** The epilogue for one element: bias, activation, store. */
function storeElement(pr: Product, value: string, p: string, q: string): string {
  let v = pr.hasBias ? `${value} + bias[${q}]` : value;
  if (pr.activation) v = activationExpr(pr.activation, `(${v})`, pr.arg);
  return `y[(${p}) * ${u32(pr.Q)} + (${q})] = ${v};`;
}

/** Four adjacent columns through the epilogue, stored with one vec4 write (Q % 4 == 0, q % 4 == 0). */
function storeVec4(pr: Product, components: readonly string[], p: string, q: string): string {
  const parts = components.map((value, k) => {
    let v = pr.hasBias ? `${value} + bias[${q} + ${k}u]` : value;
    if (pr.activation) v = activationExpr(pr.activation, `(${v})`, pr.arg);
    return v;
  });
  return `y[((${p}) * ${u32(pr.Q)} + (${q})) / 4u] = vec4<f32>(${parts.join(', ')});`;
}

/** The register-blocked variant. */
export function registerProgram(pr: Product, block: RegisterBlock, caps: DeviceCaps): KernelProgram {
  const { P, Q, R, layout } = pr;
  const { tp, tq } = block;
  const gp = ceil(P, tp);
  const gq = ceil(Q, tq);
  const launch = flatLaunch(gp * gq, caps, block.workgroup);
  const off = offsets(pr);
  // vec4 bindings where rows of the contiguous axis start on 16-byte boundaries.
  const xVec = layout === 'xp_yq' ? P % 4 === 0 : R % 4 === 0;
  const yVec = layout === 'xr_yr' ? R % 4 === 0 : Q % 4 === 0;
  const outVec = Q % 4 === 0 && tq % 4 === 0;
  const clampP = (i: number) => (P % tp === 0 ? `p0 + ${u32(i)}` : `min(p0 + ${u32(i)}, ${u32(P - 1)})`);
  // A vec4 of 4 consecutive elements along the contiguous axis, starting at linear offset `at`.
  const load4 = (arr: string, vec: boolean, at: string) => (vec ? `${arr}4[(${at}) / 4u]` : `vec4<f32>(${range(4).map((k) => `${arr}[${at} + ${k}u]`).join(', ')})`);
  // Column starts of the vec4 groups along q, clamped so loads stay in bounds.
  const qStart = (j: number) => {
    if (Q % tq === 0) return `q0 + ${u32(4 * j)}`;
    return Q % 4 === 0 && Q >= 4 ? `min(q0 + ${u32(4 * j)}, ${u32(Q - 4)})` : `q0 + ${u32(4 * j)}`;
  };
  // Y loads along q when Q % 4 != 0 build the vec4 from clamped scalars.
  const yAlongQ = (r: string, j: number) => {
    if (yVec) return `y4[(${off.y(r, qStart(j))}) / 4u]`;
    return `vec4<f32>(${range(4).map((k) => `yb[${off.y(r, `min(q0 + ${u32(4 * j + k)}, ${u32(Q - 1)})`)}]`).join(', ')})`;
  };
  const lines: string[] = [];
  const nq4 = tq / 4;
  const R4 = R - (R % 4);
  if (layout === 'xr_yq') {
    // Per 4 steps of r: Y's 4×TQ values first, then each row's vec4 of X consumed at once,
    // so only 4 of X's values are live beside the accumulators (measured ~25% faster than X first).
    for (const i of range(tp)) for (const j of range(nq4)) lines.push(`var c${i}_${j} = vec4<f32>(0.0);`);
    for (const i of range(tp)) lines.push(`let xrow${i} = (${clampP(i)}) * ${u32(R)};`);
    lines.push(`for (var r = 0u; r < ${u32(R4)}; r = r + 4u) {`);
    for (const k of range(4)) for (const j of range(nq4)) lines.push(`  let v${k}_${j} = ${yAlongQ(`r + ${k}u`, j)};`);
    for (const i of range(tp)) {
      lines.push(`  let u${i} = ${load4(xVec ? 'x' : 'xb', xVec, `xrow${i} + r`)};`);
      for (const k of range(4)) for (const j of range(nq4)) lines.push(`  c${i}_${j} = fma(vec4<f32>(u${i}.${COMP[k]}), v${k}_${j}, c${i}_${j});`);
    }
    lines.push('}');
    if (R4 < R) {
      lines.push(`for (var r = ${u32(R4)}; r < ${u32(R)}; r = r + 1u) {`);
      for (const j of range(nq4)) lines.push(`  let vt${j} = ${yAlongQ('r', j)};`);
      for (const i of range(tp)) for (const j of range(nq4)) lines.push(`  c${i}_${j} = fma(vec4<f32>(${xVec ? `x4[(xrow${i} + r) / 4u][(xrow${i} + r) % 4u]` : `xb[xrow${i} + r]`}), vt${j}, c${i}_${j});`);
      lines.push('}');
    }
  } else if (layout === 'xr_yr') {
    for (const i of range(tp)) for (const j of range(tq)) lines.push(`var c${i}_${j} = 0.0;`);
    for (const i of range(tp)) lines.push(`let xrow${i} = (${clampP(i)}) * ${u32(R)};`);
    for (const j of range(tq)) lines.push(`let yrow${j} = (${Q % tq === 0 ? `q0 + ${u32(j)}` : `min(q0 + ${u32(j)}, ${u32(Q - 1)})`}) * ${u32(R)};`);
    lines.push(`for (var r = 0u; r < ${u32(R4)}; r = r + 4u) {`);
    for (const i of range(tp)) lines.push(`  let u${i} = ${load4(xVec ? 'x' : 'xb', xVec, `xrow${i} + r`)};`);
    for (const j of range(tq)) {
      lines.push(`  let v${j} = ${load4(yVec ? 'y' : 'yb', yVec, `yrow${j} + r`)};`);
      for (const i of range(tp)) lines.push(`  c${i}_${j} = c${i}_${j} + dot(u${i}, v${j});`);
    }
    lines.push('}');
    if (R4 < R) {
      lines.push(`for (var r = ${u32(R4)}; r < ${u32(R)}; r = r + 1u) {`);
      const sx = (i: number) => (xVec ? `x4[(xrow${i} + r) / 4u][(xrow${i} + r) % 4u]` : `xb[xrow${i} + r]`);
      const sy = (j: number) => (yVec ? `y4[(yrow${j} + r) / 4u][(yrow${j} + r) % 4u]` : `yb[yrow${j} + r]`);
      for (const i of range(tp)) for (const j of range(tq)) lines.push(`  c${i}_${j} = fma(${sx(i)}, ${sy(j)}, c${i}_${j});`);
      lines.push('}');
    }
  } else {
    // xp_yq: X is contiguous along p, so each r contributes an outer product of two vec4 runs.
    const np4 = tp / 4;
    for (const i of range(tp)) for (const j of range(nq4)) lines.push(`var c${i}_${j} = vec4<f32>(0.0);`);
    const pStart = (g: number) => (P % tp === 0 ? `p0 + ${u32(4 * g)}` : P % 4 === 0 && P >= 4 ? `min(p0 + ${u32(4 * g)}, ${u32(P - 4)})` : `p0 + ${u32(4 * g)}`);
    const xAlongP = (g: number) => (xVec ? `x4[(${off.x(pStart(g), 'r')}) / 4u]` : `vec4<f32>(${range(4).map((k) => `xb[${off.x(`min(p0 + ${u32(4 * g + k)}, ${u32(P - 1)})`, 'r')}]`).join(', ')})`);
    lines.push(`for (var r = 0u; r < ${u32(R)}; r = r + 1u) {`);
    for (const g of range(np4)) lines.push(`  let u${g} = ${xAlongP(g)};`);
    for (const j of range(nq4)) lines.push(`  let v${j} = ${yAlongQ('r', j)};`);
    for (const i of range(tp)) for (const j of range(nq4)) lines.push(`  c${i}_${j} = fma(vec4<f32>(u${Math.floor(i / 4)}.${COMP[i % 4]}), v${j}, c${i}_${j});`);
    lines.push('}');
  }
  // Epilogue: rows and columns past the edge are computed from clamped loads and dropped here.
  const store: string[] = [];
  for (const i of range(tp)) {
    const p = `p0 + ${u32(i)}`;
    const rowGuard = P % tp === 0 ? '' : `if (${p} < ${u32(P)}) `;
    if (layout === 'xr_yr' && outVec) {
      // Scalar accumulators, stored four columns at a time.
      for (const j of range(nq4)) {
        const q = `q0 + ${u32(4 * j)}`;
        const guard = Q % tq === 0 ? rowGuard : `if (${P % tp === 0 ? '' : `${p} < ${u32(P)} && `}${q} < ${u32(Q)}) `;
        store.push(`${guard}{ ${storeVec4(pr, range(4).map((k) => `c${i}_${4 * j + k}`), p, q)} }`);
      }
    } else if (layout === 'xr_yr') {
      for (const j of range(tq)) {
        const q = `q0 + ${u32(j)}`;
        const guard = Q % tq === 0 ? rowGuard : `if (${P % tp === 0 ? '' : `${p} < ${u32(P)} && `}${q} < ${u32(Q)}) `;
        store.push(`${guard}{ ${storeElement(pr, `c${i}_${j}`, p, q)} }`);
      }
    } else {
      for (const j of range(nq4)) {
        const q = `q0 + ${u32(4 * j)}`;
        if (outVec) {
          const guard = Q % tq === 0 ? rowGuard : `if (${P % tp === 0 ? '' : `${p} < ${u32(P)} && `}${q} < ${u32(Q)}) `;
          store.push(`${guard}{ ${storeVec4(pr, COMP.map((c) => `c${i}_${j}.${c}`), p, q)} }`);
        } else {
          for (const k of range(4)) {
            const qk = `q0 + ${u32(4 * j + k)}`;
            store.push(`if (${P % tp === 0 ? '' : `${p} < ${u32(P)} && `}${qk} < ${u32(Q)}) { ${storeElement(pr, `c${i}_${j}.${COMP[k]}`, p, qk)} }`);
          }
        }
      }
    }
  }
  const bindings: ProgramBinding[] = [
    input(xVec ? 'x4' : 'xb', 0, xVec ? 'vec4<f32>' : 'f32'),
    input(yVec ? 'y4' : 'yb', 1, yVec ? 'vec4<f32>' : 'f32'),
    ...(pr.hasBias ? [input('bias', 2)] : []),
    output('y', 0, outVec ? 'vec4<f32>' : 'f32'),
  ];
  const start = `${launch.guard}
  let p0 = (i / ${u32(gq)}) * ${u32(tp)};
  let q0 = (i % ${u32(gq)}) * ${u32(tq)};`;
  const code = `${launch.main}
  ${start}
  ${lines.join('\n  ')}
  ${store.join('\n  ')}
}`;
  return { label: `${pr.label} register ${tp}x${tq}`, bindings, code, workgroups: launch.workgroups };
}

/** The workgroup-tiled variant for real GPUs. */
export function tiledProgram(pr: Product, caps: DeviceCaps): KernelProgram {
  const { P, Q, R } = pr;
  const threads = caps.maxComputeInvocationsPerWorkgroup >= 256 ? 16 : 8;
  const TPt = threads * 4;
  const TQt = threads * 4;
  const TR = 16;
  const off = offsets(pr);
  const gq = ceil(Q, TQt);
  const gp = ceil(P, TPt);
  if (gq > caps.maxComputeWorkgroupsPerDimension || gp > caps.maxComputeWorkgroupsPerDimension) throw new KernelError(pr.label, `a ${P}×${Q} product is too large for one launch`);
  const loadsPerThread = (TPt * TR) / (threads * threads);
  const tileLoads = (tile: string, rows: number, cols: number, expr: (a: string, b: string) => string, rowsAre: 'p' | 'q') =>
    range(loadsPerThread).map((k) => `{
    let e = lid + ${u32(k * threads * threads)};
    let rr = e / ${u32(rows)};
    let cc = e % ${u32(rows)};
    let g = ${rowsAre === 'p' ? 'pBase' : 'qBase'} + cc;
    let rIdx = r0 + rr;
    var v = 0.0;
    if (g < ${u32(rowsAre === 'p' ? P : Q)} && rIdx < ${u32(R)}) { v = ${expr('g', 'rIdx')}; }
    ${tile}[rr * ${u32(cols)} + cc] = v;
  }`).join('\n  ');
  const store: string[] = [];
  for (const i of range(4)) {
    for (const j of range(4)) {
      const p = `pBase + ty * 4u + ${u32(i)}`;
      const q = `qBase + tx * 4u + ${u32(j)}`;
      store.push(`if (${p} < ${u32(P)} && ${q} < ${u32(Q)}) { ${storeElement(pr, `c${i}${j}`, p, q)} }`);
    }
  }
  const code = `var<workgroup> xs: array<f32, ${TR * TPt}>;
var<workgroup> ys: array<f32, ${TR * TQt}>;
@compute @workgroup_size(${threads}, ${threads})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let tx = l.x;
  let ty = l.y;
  let pBase = wid.y * ${u32(TPt)};
  let qBase = wid.x * ${u32(TQt)};
  ${range(4).map((i) => range(4).map((j) => `var c${i}${j} = 0.0;`).join(' ')).join('\n  ')}
  for (var r0 = 0u; r0 < ${u32(R)}; r0 = r0 + ${u32(TR)}) {
  ${tileLoads('xs', TPt, TPt, (g, r) => `xb[${off.x(g, r)}]`, 'p')}
  ${tileLoads('ys', TQt, TQt, (g, r) => `yb[${off.y(r, g)}]`, 'q')}
    workgroupBarrier();
    for (var k = 0u; k < ${u32(TR)}; k = k + 1u) {
      ${range(4).map((i) => `let a${i} = xs[k * ${u32(TPt)} + ty * 4u + ${u32(i)}];`).join(' ')}
      ${range(4).map((j) => `let b${j} = ys[k * ${u32(TQt)} + tx * 4u + ${u32(j)}];`).join(' ')}
      ${range(4).map((i) => range(4).map((j) => `c${i}${j} = fma(a${i}, b${j}, c${i}${j});`).join(' ')).join('\n      ')}
    }
    workgroupBarrier();
  }
  ${store.join('\n  ')}
}`;
  const bindings: ProgramBinding[] = [input('xb', 0), input('yb', 1), ...(pr.hasBias ? [input('bias', 2)] : []), output('y', 0)];
  return { label: `${pr.label} tiled ${TPt}x${TQt}`, bindings, code, workgroups: [gq, gp, 1] };
}

/**
 * Picks the register block for a product on a software adapter: the largest
 * block that still gives every thread some workgroups. Measured on llvmpipe
 * (2 cores, 256-bit, Mesa 22.3; see bench/engine-mlp.ts), per CPU-second:
 * 32×16 per invocation reaches ~36 GFLOP/s for matmul_at, ~30 for matmul and
 * matmul transB at 1024³; 16×16 gives ~25, 8×8 ~17, and 64×16 or 32×32 spill
 * and fall back to ~30. Workgroups of 8 invocations are one SIMD vector.
 */
export function chooseRegisterBlock(pr: Product): RegisterBlock {
  const WORKGROUP = 8;
  const MIN_WORKGROUPS = 4;
  const candidates: [number, number][] = [[32, 16], [16, 16], [8, 16], [4, 16], [4, 8], [4, 4]];
  for (const [tp, tq] of candidates) {
    if (ceil(pr.P, tp) * ceil(pr.Q, tq) >= MIN_WORKGROUPS * WORKGROUP) return { tp, tq, workgroup: WORKGROUP };
  }
  return pr.layout === 'xp_yq' ? { tp: 4, tq: 4, workgroup: WORKGROUP } : { tp: 1, tq: 4, workgroup: WORKGROUP };
}

export function productProgram(pr: Product, caps: DeviceCaps, block?: RegisterBlock): KernelProgram {
  return caps.software || block ? registerProgram(pr, block ?? chooseRegisterBlock(pr), caps) : tiledProgram(pr, caps);
}

const matmul: KernelGenerator = (ctx: KernelContext) => {
  const [a, b] = ctx.inputs;
  const y = ctx.outputs[0]!;
  const K = a!.shape.at(-1)!;
  const N = y.shape.at(-1)!;
  const M = y.shape.slice(0, -1).reduce((n, d) => n * d, 1);
  const arg = ctx.step.arg;
  const transB = arg['transB'] === true;
  if (b!.shape.length !== 2 || b!.shape[transB ? 1 : 0] !== K || b!.shape[transB ? 0 : 1] !== N) throw new KernelError(ctx.step.origin, `matmul: b has shape [${b!.shape}], expected ${transB ? `[${N}, ${K}]` : `[${K}, ${N}]`}`);
  const activation = (arg['activation'] as string | null | undefined) ?? null;
  return productProgram({ label: `matmul ${M}x${K}x${N}${transB ? ' transB' : ''}${activation ? ` ${activation}` : ''}`, P: M, Q: N, R: K, layout: transB ? 'xr_yr' : 'xr_yq', hasBias: arg['hasBias'] === true, activation, arg }, ctx.caps);
};

const matmul_at: KernelGenerator = (ctx: KernelContext) => {
  const [a, b] = ctx.inputs;
  const K = a!.shape.at(-1)!;
  const N = b!.shape.at(-1)!;
  const M = a!.shape.slice(0, -1).reduce((n, d) => n * d, 1);
  return productProgram({ label: `matmul_at ${M}x${K}x${N}`, P: K, Q: N, R: M, layout: 'xp_yq', hasBias: false, activation: null, arg: {} }, ctx.caps);
};

export const MATMUL_KERNELS = { matmul, matmul_at } as const;

/** For benchmarks: a product's FLOPs. */
export const productFlops = (pr: Product) => 2 * pr.P * pr.Q * pr.R;
