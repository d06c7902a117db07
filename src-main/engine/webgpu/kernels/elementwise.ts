/**
 * Elementwise kernels: unary, unary_grad, binary (numpy broadcasting) and
 * copy. Shapes and broadcast strides are baked in.
 *
 * Most launches handle four elements per invocation with vec4 loads and
 * stores: llvmpipe pays per load instruction, not per byte, so this is about
 * four times faster there, and harmless on GPUs. Every tensor's slot is
 * 16-byte aligned and padded to a multiple of 16 bytes (memory.ts), so the
 * last vec4 may read padding and write the output's own padding, never a
 * neighbour. Broadcasts that do not fit whole vec4s run one element per
 * invocation.
 */
import type { TensorInfo } from '../../plan/types';
import { numel } from '../../plan/types';
import { activationExpr, derivativeExpr } from './activation';
import { flatLaunch, lanes, u32 } from './prelude';
import { input, KernelError, output, type KernelContext, type KernelGenerator, type ProgramBinding } from './types';

/** The flat index into `shape` (broadcast against `outShape`) for output index `i`, as WGSL. */
export function broadcastIndexExpr(shape: readonly number[], outShape: readonly number[], i = 'i'): string {
  const n = numel(shape);
  if (n === 1) return '0u';
  if (shape.join() === outShape.join() || n === numel(outShape)) return i;
  const offset = outShape.length - shape.length;
  const trimmed = [...shape];
  while (trimmed[0] === 1) trimmed.shift();
  // A trailing block: the input repeats every n output elements.
  if (trimmed.join() === outShape.slice(outShape.length - trimmed.length).join()) return `(${i} % ${u32(n)})`;
  const terms: string[] = [];
  let inStride = 1;
  let outStride = 1;
  const inStrides: number[] = [];
  for (let k = shape.length - 1; k >= 0; k--) {
    inStrides[k] = inStride;
    inStride *= shape[k]!;
  }
  for (let d = outShape.length - 1; d >= 0; d--) {
    const k = d - offset;
    if (k >= 0 && shape[k] !== 1) terms.push(`((${i} / ${u32(outStride)}) % ${u32(outShape[d]!)}) * ${u32(inStrides[k]!)}`);
    outStride *= outShape[d]!;
  }
  return terms.length ? `(${terms.join(' + ')})` : '0u';
}

function checkSameSize(ctx: KernelContext, a: TensorInfo, b: TensorInfo): void {
  if (numel(a.shape) !== numel(b.shape)) throw new KernelError(ctx.step.origin, `${ctx.step.kernel}: [${a.shape}] and [${b.shape}] differ in size`);
}

const quads = (n: number) => Math.ceil(n / 4);

const unary: KernelGenerator = (ctx) => {
  const [x] = ctx.inputs;
  const y = ctx.outputs[0]!;
  checkSameSize(ctx, x!, y);
  const fn = String(ctx.step.arg['fn']);
  const n = numel(y.shape);
  const launch = flatLaunch(quads(n), ctx.caps, 64);
  return {
    label: `unary ${fn} ${n}`,
    bindings: [input('x', 0, 'vec4<f32>'), output('y', 0, 'vec4<f32>')],
    code: `${launch.main}
  ${launch.guard}
  let v = x[i];
  y[i] = ${lanes((c) => activationExpr(fn, `v.${c}`, ctx.step.arg))};
}`,
    workgroups: launch.workgroups,
  };
};

const unary_grad: KernelGenerator = (ctx) => {
  const dx = ctx.outputs[0]!;
  const fn = String(ctx.step.arg['fn']);
  const n = numel(dx.shape);
  const probe = derivativeExpr(fn, 'xv', 'yv', ctx.step.arg);
  // Bind x and y only when the derivative reads them: a fused epilogue's gradient needs y alone.
  const usesX = /\bxv\b/.test(probe);
  const usesY = /\byv\b/.test(probe);
  const launch = flatLaunch(quads(n), ctx.caps, 64);
  const bindings: ProgramBinding[] = [input('dy', 0, 'vec4<f32>'), ...(usesX ? [input('x', 1, 'vec4<f32>')] : []), ...(usesY ? [input('y', 2, 'vec4<f32>')] : []), output('dx', 0, 'vec4<f32>')];
  return {
    label: `unary_grad ${fn} ${n}`,
    bindings,
    code: `${launch.main}
  ${launch.guard}
  ${usesX ? 'let xv = x[i];' : ''}
  ${usesY ? 'let yv = y[i];' : ''}
  dx[i] = dy[i] * ${lanes((c) => derivativeExpr(fn, `xv.${c}`, `yv.${c}`, ctx.step.arg))};
}`,
    workgroups: launch.workgroups,
  };
};

const BINARY: Record<string, (a: string, b: string) => string> = {
  add: (a, b) => `${a} + ${b}`,
  sub: (a, b) => `${a} - ${b}`,
  mul: (a, b) => `${a} * ${b}`,
  div: (a, b) => `${a} / ${b}`,
  maximum: (a, b) => `max(${a}, ${b})`,
  minimum: (a, b) => `min(${a}, ${b})`,
  ge: (a, b) => `select(0.0, 1.0, ${a} >= ${b})`,
};

/** How a binary operand is read per vec4 of output: whole (same size), one splatted value, or repeating every n/4 vec4s. */
function quadIndex(shape: readonly number[], outShape: readonly number[]): string | undefined {
  const n = numel(shape);
  if (n === 1) return 'splat';
  if (n === numel(outShape)) return 'i';
  const trimmed = [...shape];
  while (trimmed[0] === 1) trimmed.shift();
  if (n % 4 === 0 && trimmed.join() === outShape.slice(outShape.length - trimmed.length).join()) return `(i % ${u32(n / 4)})`;
  return undefined;
}

const binary: KernelGenerator = (ctx) => {
  const [a, b] = ctx.inputs;
  const y = ctx.outputs[0]!;
  const fn = String(ctx.step.arg['fn']);
  const op = BINARY[fn];
  if (!op) throw new KernelError(ctx.step.origin, `binary: unknown function "${fn}"`);
  const n = numel(y.shape);
  const qa = quadIndex(a!.shape, y.shape);
  const qb = quadIndex(b!.shape, y.shape);
  if (qa !== undefined && qb !== undefined) {
    const launch = flatLaunch(quads(n), ctx.caps, 64);
    const load = (name: string, q: string) => (q === 'splat' ? `${name}[0]` : `${name}[${q}]`);
    return {
      label: `binary ${fn} ${n}`,
      bindings: [input('a', 0, qa === 'splat' ? 'f32' : 'vec4<f32>'), input('b', 1, qb === 'splat' ? 'f32' : 'vec4<f32>'), output('y', 0, 'vec4<f32>')],
      code: `${launch.main}
  ${launch.guard}
  let va = ${load('a', qa)};
  let vb = ${load('b', qb)};
  y[i] = ${lanes((c) => op(qa === 'splat' ? 'va' : `va.${c}`, qb === 'splat' ? 'vb' : `vb.${c}`))};
}`,
      workgroups: launch.workgroups,
    };
  }
  const launch = flatLaunch(n, ctx.caps, 64);
  return {
    label: `binary ${fn} ${n}`,
    bindings: [input('a', 0), input('b', 1), output('y', 0)],
    code: `${launch.main}
  ${launch.guard}
  y[i] = ${op(`a[${broadcastIndexExpr(a!.shape, y.shape)}]`, `b[${broadcastIndexExpr(b!.shape, y.shape)}]`)};
}`,
    workgroups: launch.workgroups,
  };
};

/** A bit-exact copy of 32-bit words, whatever the dtype. */
const copy: KernelGenerator = (ctx) => {
  const y = ctx.outputs[0]!;
  checkSameSize(ctx, ctx.inputs[0]!, y);
  const n = numel(y.shape);
  const launch = flatLaunch(quads(n), ctx.caps, 64);
  return {
    label: `copy ${n}`,
    bindings: [input('x', 0, 'vec4<u32>'), output('y', 0, 'vec4<u32>')],
    code: `${launch.main}
  ${launch.guard}
  y[i] = x[i];
}`,
    workgroups: launch.workgroups,
  };
};

export const ELEMENTWISE_KERNELS = { unary, unary_grad, binary, copy } as const;
