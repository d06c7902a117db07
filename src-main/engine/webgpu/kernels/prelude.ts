/**
 * The WGSL every kernel shares, and the composer that turns a KernelProgram
 * into shader text: prelude snippets (only those the program uses), the
 * binding declarations (generated from the program's binding list, so the
 * shader and the bind group layout cannot disagree), then the program's code.
 *
 * Numeric helpers follow reference/kernels/activation-math.ts, written so f32
 * keeps its precision: log1p by Goldberg's trick, erf by a Chebyshev fit with
 * a relative error below 1.2e-7, tanh clamped so exp cannot overflow.
 */
import type { DeviceCaps, KernelProgram, ProgramBinding } from './types';

/**
 * The per-step uniform. The host writes one entry per step of a submit, and
 * each launch that needs it binds its step's entry by dynamic offset, so a
 * whole run of steps goes to the GPU in one submit.
 */
export const ENV_STRUCT = `struct Env {
  step: u32,          // 1-based count of optimizer updates, including this step
  position: u32,      // the batch's index in the epoch's order (or in the split, when predicting)
  seed: u32,          // the run's seed, for dropout
  orderLength: u32,   // entries in the order buffer
  lr: f32,            // learning rate
  lrCorrected: f32,   // Adam's bias-corrected rate, lr·√(1−β₂ᵗ)/(1−β₁ᵗ), computed in double on the host
  pad0: u32,
  pad1: u32,
}`;
/** Bytes of one Env entry. */
export const ENV_BYTES = 32;

interface Snippet {
  readonly name: string;
  readonly code: string;
}

const SNIPPETS: readonly Snippet[] = [
  { name: 'nw_log1p', code: `fn nw_log1p(x: f32) -> f32 {
  let u = 1.0 + x;
  if (u == 1.0) { return x; }
  return log(u) * x / (u - 1.0);
}` },
  { name: 'nw_sigmoid', code: `fn nw_sigmoid(x: f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }` },
  { name: 'nw_tanh', code: `fn nw_tanh(x: f32) -> f32 {
  // tanh by exp overflows past |x| ≈ 44 on some drivers; tanh(±10) is already ±1 in f32.
  let z = clamp(x, -10.0, 10.0);
  if (abs(z) < 0.125) {
    let z2 = z * z;
    return z * (1.0 + z2 * (-1.0 / 3.0 + z2 * (2.0 / 15.0 + z2 * (-17.0 / 315.0))));
  }
  let e = exp(2.0 * z);
  return (e - 1.0) / (e + 1.0);
}` },
  { name: 'nw_softplus', code: `fn nw_softplus(x: f32) -> f32 {
  if (x > 0.0) { return x + nw_log1p(exp(-x)); }
  return nw_log1p(exp(x));
}` },
  { name: 'nw_erf', code: `fn nw_erf(x: f32) -> f32 {
  // erfc(z) ≈ t·exp(−z² + P(t)), t = 1/(1 + z/2) (Numerical Recipes' erfcc, |relative error| < 1.2e-7).
  let z = abs(x);
  let t = 1.0 / (1.0 + 0.5 * z);
  let p = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  let erfc = t * exp(-z * z + p);
  // Near 0, 1 − erfc loses digits; the Taylor series is exact to f32 there.
  var r = 1.0 - erfc;
  if (z < 0.25) {
    let z2 = z * z;
    r = 1.1283791670955126 * z * (1.0 - z2 * (1.0 / 3.0 - z2 * (0.1 - z2 / 42.0)));
  }
  return select(r, -r, x < 0.0);
}` },
  { name: 'nw_gelu_tanh_grad', code: `fn nw_gelu_tanh_grad(x: f32) -> f32 {
  let u = 0.7978845608028654 * (x + 0.044715 * x * x * x);
  let t = nw_tanh(u);
  return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * 0.7978845608028654 * (1.0 + 3.0 * 0.044715 * x * x);
}` },
  { name: 'nw_hash32', code: `// lowbias32, identical to random.ts's hash32.
fn nw_hash32(v: u32) -> u32 {
  var x = v;
  x = x ^ (x >> 16u);
  x = x * 0x7feb352du;
  x = x ^ (x >> 15u);
  x = x * 0x846ca68bu;
  return x ^ (x >> 16u);
}` },
  { name: 'nw_counter_hash', code: `// random.ts's counterUniform is nw_counter_hash(...) / 2³². Compare the integer with a threshold
// baked on the host (ceil(p·2³²)) to make exactly the reference's decisions.
fn nw_counter_hash(seed: u32, step: u32, index: u32) -> u32 {
  return nw_hash32(nw_hash32(seed ^ (step * 0x9e3779b9u)) + index);
}` },
];

const used = (code: string, name: string) => new RegExp(`\\b${name}\\b`).test(code);

/** The snippets `code` calls, with their own dependencies, in prelude order. */
function snippetsFor(code: string): string[] {
  const wanted = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of SNIPPETS) {
      if (wanted.has(s.name)) continue;
      if (used(code, s.name) || [...wanted].some((w) => used(SNIPPETS.find((x) => x.name === w)!.code, s.name))) {
        wanted.add(s.name);
        grew = true;
      }
    }
  }
  return SNIPPETS.filter((s) => wanted.has(s.name)).map((s) => s.code);
}

function declaration(b: ProgramBinding, index: number): string {
  if (b.source.kind === 'env') return `@group(0) @binding(${index}) var<uniform> ${b.name}: Env;`;
  const access = b.access === 'read_write' ? 'read_write' : 'read';
  return `@group(0) @binding(${index}) var<storage, ${access}> ${b.name}: array<${b.type ?? 'f32'}>;`;
}

/** The full WGSL of a program. */
export function composeShader(program: KernelProgram): string {
  const hasEnv = program.bindings.some((b) => b.source.kind === 'env');
  return [
    `// ${program.label}`,
    ...(hasEnv ? [ENV_STRUCT] : []),
    ...snippetsFor(program.code),
    ...program.bindings.map(declaration),
    program.code,
  ].join('\n');
}

/** A WGSL f32 literal for a JS number. */
export function f32(x: number): string {
  // WGSL rejects non-finite constants, even through a constant bitcast.
  if (!Number.isFinite(x)) throw new Error(`${x} cannot be baked into a shader`);
  const s = String(x);
  return /[.e]/.test(s) ? `${s}f` : `${s}.0f`;
}

/** A WGSL u32 literal. */
export const u32 = (x: number) => `${x >>> 0}u`;

/**
 * A 1-D launch over `count` invocations that respects the per-dimension
 * workgroup limit by folding into a second dimension. The returned `main`
 * header defines `i`, the flat invocation index, and `group`, the flat
 * workgroup index (uniform across the workgroup, which lets llvmpipe turn
 * loads that depend only on it into broadcasts); invocations past `count`
 * must return early (`guard`).
 */
export function flatLaunch(count: number, caps: DeviceCaps, workgroupSize = 64): { workgroups: [number, number, number]; main: string; guard: string } {
  const groups = Math.max(1, Math.ceil(count / workgroupSize));
  const x = Math.min(groups, caps.maxComputeWorkgroupsPerDimension);
  const y = Math.ceil(groups / x);
  const main = `@compute @workgroup_size(${workgroupSize})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let group = wid.y * ${u32(x)} + wid.x;
  let i = group * ${u32(workgroupSize)} + lid;`;
  return { workgroups: [x, y, 1], main, guard: `if (i >= ${u32(count)}) { return; }` };
}

/** A vec4 built from one scalar expression per component: `lanes((c) => \`f(v.${c})\`)`. */
export const lanes = (expr: (component: 'x' | 'y' | 'z' | 'w') => string) => `vec4<f32>(${(['x', 'y', 'z', 'w'] as const).map(expr).join(', ')})`;
