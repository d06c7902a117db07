/**
 * WebGPU kernels for the layout family: transpose, concat, slice, reverse,
 * repeat, and the embedding lookup (gather) with its gradient. The
 * executor's batch gather (gather.ts) is a different program that only shares
 * the name.
 *
 * Each launch runs one invocation per output element and asks which input
 * element it comes from, as the reference does (reference/kernels/layout.ts).
 * The pure moves bind their tensors as u32, so they copy f32 and i32 words
 * bit for bit. Around an axis a tensor is [outer, n, inner] (`around`); the
 * index arithmetic bakes those sizes in.
 *
 * gather_grad sums repeated ids without float atomics, in a fixed order:
 * invocation (block b, column d) owns column d of the table rows in block b.
 * It zero-fills them, then walks every id in order and adds dy's row to the
 * rows it owns, so each cell is written by one invocation and summed in the
 * reference's order. The number of blocks is chosen so that about
 * GATHER_GRAD_PARALLEL[adapter] invocations run, each scanning all the ids:
 * that scan is the cost, and it stays far below V·D·N.
 */
import type { Kernel } from '../../plan/kernels';
import { numel } from '../../plan/types';
import { flatLaunch, u32 } from './prelude';
import { input, KernelError, output, type KernelContext, type KernelGenerator, type KernelProgram, type ProgramBinding } from './types';

/** A shape seen as [outer, shape[axis], inner] around `axis`. */
function around(shape: readonly number[], axis: number): [outer: number, n: number, inner: number] {
  return [numel(shape.slice(0, axis)), shape[axis]!, numel(shape.slice(axis + 1))];
}

function checkAxis(ctx: KernelContext, axis: unknown, rank: number): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < 0 || axis >= rank) {
    throw new KernelError(ctx.step.origin, `${ctx.step.kernel}: axis ${String(axis)} does not fit a rank-${rank} tensor`);
  }
  return axis;
}

/** A program over every element of y, bound as u32 words. */
function perOutput(label: string, count: number, bindings: readonly ProgramBinding[], body: string, ctx: KernelContext): KernelProgram {
  const launch = flatLaunch(count, ctx.caps, 64);
  return { label, bindings, code: `${launch.main}\n  ${launch.guard}\n${body}\n}`, workgroups: launch.workgroups };
}

/**
 * The permutation with size-1 axes dropped and runs of axes that stay
 * adjacent merged: [2,3,4,5] by [0,2,3,1] becomes [2,3,20] by [0,2,1]. Fewer
 * axes means fewer divisions per element.
 */
export function simplifyTranspose(shape: readonly number[], perm: readonly number[]): { shape: number[]; perm: number[] } {
  const kept = shape.map((_, a) => a).filter((a) => shape[a] !== 1);
  const renumber = new Map(kept.map((a, i) => [a, i]));
  const p = perm.filter((a) => renumber.has(a)).map((a) => renumber.get(a)!);
  const s = kept.map((a) => shape[a]!);
  // Runs of output axes that read consecutive input axes become one axis.
  const runs: number[][] = [];
  for (const a of p) {
    const last = runs.at(-1);
    if (last && last.at(-1)! + 1 === a) last.push(a);
    else runs.push([a]);
  }
  const order = [...runs].sort((a, b) => a[0]! - b[0]!);
  const mergedShape = order.map((run) => run.reduce((n, a) => n * s[a]!, 1));
  const index = new Map(order.map((run, i) => [run[0]!, i]));
  return { shape: mergedShape, perm: runs.map((run) => index.get(run[0]!)!) };
}

const transpose: KernelGenerator = (ctx) => {
  const x = ctx.inputs[0]!;
  const y = ctx.outputs[0]!;
  const perm = ctx.step.arg['perm'] as number[] | undefined;
  const rank = x.shape.length;
  if (!perm || perm.length !== rank || [...perm].sort((a, b) => a - b).some((a, i) => a !== i)) {
    throw new KernelError(ctx.step.origin, `transpose: perm [${perm}] is not a permutation of ${rank} axes`);
  }
  if (perm.some((a, k) => y.shape[k] !== x.shape[a])) throw new KernelError(ctx.step.origin, `transpose: [${y.shape}] is not [${x.shape}] permuted by [${perm}]`);
  const s = simplifyTranspose(x.shape, perm);
  const xStrides: number[] = [];
  let acc = 1;
  for (let a = s.shape.length - 1; a >= 0; a--) {
    xStrides[a] = acc;
    acc *= s.shape[a]!;
  }
  // Output axis k has size s.shape[perm[k]]; its coordinate steps the input by xStrides[perm[k]].
  const terms: string[] = [];
  let outStride = 1;
  for (let k = s.perm.length - 1; k >= 0; k--) {
    const size = s.shape[s.perm[k]!]!;
    const coord = k === 0 ? `(i / ${u32(outStride)})` : outStride === 1 ? `(i % ${u32(size)})` : `((i / ${u32(outStride)}) % ${u32(size)})`;
    terms.push(`${coord} * ${u32(xStrides[s.perm[k]!]!)}`);
    outStride *= size;
  }
  const n = numel(y.shape);
  return perOutput(`transpose [${x.shape}] by [${perm}]`, n, [input('x', 0, 'u32'), output('y', 0, 'u32')], `  y[i] = x[${terms.length ? terms.join(' + ') : 'i'}];`, ctx);
};

/**
 * Each program copies a few inputs into their places in y, one invocation per
 * input element, so no program binds more storage buffers than the device
 * allows. A tensor listed twice is bound once.
 */
const concat: KernelGenerator = (ctx) => {
  const y = ctx.outputs[0]!;
  const axis = checkAxis(ctx, ctx.step.arg['axis'], y.shape.length);
  const [outer, total, inner] = around(y.shape, axis);
  const sum = ctx.inputs.reduce((n, x) => n + x.shape[axis]!, 0);
  if (sum !== total) throw new KernelError(ctx.step.origin, `concat: inputs add up to ${sum} along axis ${axis}, the output has ${total}`);
  // Each input: which tensor (by id), where it starts along the axis, and its size there.
  let start = 0;
  const pieces = ctx.inputs.map((x, index) => {
    const piece = { index, id: ctx.step.inputs[index]!, start, n: x.shape[axis]! };
    start += piece.n;
    return piece;
  });
  const perProgram = Math.max(1, ctx.caps.maxStorageBuffersPerShaderStage - 1);
  const programs: KernelProgram[] = [];
  for (let first = 0; first < pieces.length;) {
    // Take pieces until the program would bind one tensor too many.
    const ids = new Map<number, string>();
    const group: typeof pieces = [];
    while (first < pieces.length) {
      const p = pieces[first]!;
      if (!ids.has(p.id) && ids.size === perProgram) break;
      if (!ids.has(p.id)) ids.set(p.id, `x${p.index}`);
      group.push(p);
      first++;
    }
    const bindings = [...[...ids.entries()].map(([id, name]) => input(name, ctx.step.inputs.indexOf(id), 'u32')), output('y', 0, 'u32')];
    let base = 0;
    const branches = group.map((p) => {
      const count = outer * p.n * inner;
      const block = p.n * inner;
      const line = `{
    let local = i - ${u32(base)};
    y[(local / ${u32(block)}) * ${u32(total * inner)} + ${u32(p.start * inner)} + local % ${u32(block)}] = ${ids.get(p.id)}[local];
  }`;
      base += count;
      return { end: base, line };
    });
    const body = branches.map((b, k) => (k === branches.length - 1 ? `  ${k ? 'else ' : ''}${b.line}` : `  ${k ? 'else ' : ''}if (i < ${u32(b.end)}) ${b.line}`)).join('\n');
    programs.push(perOutput(`concat axis ${axis} [${y.shape}] part ${programs.length}`, base, bindings, body, ctx));
  }
  return programs;
};

const slice: KernelGenerator = (ctx) => {
  const x = ctx.inputs[0]!;
  const y = ctx.outputs[0]!;
  const axis = checkAxis(ctx, ctx.step.arg['axis'], x.shape.length);
  const start = ctx.step.arg['start'] as number;
  const [, n, inner] = around(y.shape, axis);
  const from = x.shape[axis]!;
  if (!Number.isInteger(start) || start < 0 || start + n > from) throw new KernelError(ctx.step.origin, `slice: ${n} from ${start} does not fit axis ${axis} of [${x.shape}]`);
  const block = n * inner;
  return perOutput(`slice axis ${axis} [${x.shape}] → [${y.shape}] from ${start}`, numel(y.shape), [input('x', 0, 'u32'), output('y', 0, 'u32')],
    `  y[i] = x[(i / ${u32(block)}) * ${u32(from * inner)} + ${u32(start * inner)} + i % ${u32(block)}];`, ctx);
};

const reverse: KernelGenerator = (ctx) => {
  const x = ctx.inputs[0]!;
  const axis = checkAxis(ctx, ctx.step.arg['axis'], x.shape.length);
  const [, n, inner] = around(x.shape, axis);
  const block = n * inner;
  return perOutput(`reverse axis ${axis} [${x.shape}]`, numel(x.shape), [input('x', 0, 'u32'), output('y', 0, 'u32')], `  let j = (i / ${u32(inner)}) % ${u32(n)};
  y[i] = x[(i / ${u32(block)}) * ${u32(block)} + (${u32(n - 1)} - j) * ${u32(inner)} + i % ${u32(inner)}];`, ctx);
};

const repeat: KernelGenerator = (ctx) => {
  const x = ctx.inputs[0]!;
  const y = ctx.outputs[0]!;
  const axis = checkAxis(ctx, ctx.step.arg['axis'], x.shape.length + 1);
  const times = ctx.step.arg['times'] as number;
  const inner = numel(x.shape.slice(axis));
  if (numel(y.shape) !== numel(x.shape) * times) throw new KernelError(ctx.step.origin, `repeat: [${y.shape}] is not [${x.shape}] repeated ${times} times`);
  return perOutput(`repeat axis ${axis} [${x.shape}] × ${times}`, numel(y.shape), [input('x', 0, 'u32'), output('y', 0, 'u32')],
    `  y[i] = x[(i / ${u32(times * inner)}) * ${u32(inner)} + i % ${u32(inner)}];`, ctx);
};

function tableSize(ctx: KernelContext, table: readonly number[]): [V: number, D: number] {
  if (table.length !== 2) throw new KernelError(ctx.step.origin, `${ctx.step.kernel}: the table must be [V, D], not [${table}]`);
  return [table[0]!, table[1]!];
}

const gather: KernelGenerator = (ctx) => {
  const [table, ids] = ctx.inputs;
  const [V, D] = tableSize(ctx, table!.shape);
  const n = numel(ids!.shape);
  return perOutput(`embedding gather ${n} of ${V}x${D}`, n * D, [input('table', 0, 'u32'), input('ids', 1, 'i32'), output('y', 0, 'u32')], `  let id = ids[i / ${u32(D)}];
  var v = 0u;
  if (id >= 0 && id < ${V}) { v = table[u32(id) * ${u32(D)} + i % ${u32(D)}]; }
  y[i] = v;`, ctx);
};

/** Invocations gather_grad aims for: each scans every id, so more is not free. */
const GATHER_GRAD_PARALLEL = { software: 1024, hardware: 65536 };

const gather_grad: KernelGenerator = (ctx) => {
  const [dy, ids] = ctx.inputs;
  const [V, D] = tableSize(ctx, ctx.outputs[0]!.shape);
  const N = numel(ids!.shape);
  if (numel(dy!.shape) !== N * D) throw new KernelError(ctx.step.origin, `gather_grad: dy [${dy!.shape}] does not hold ${N} rows of ${D}`);
  const parallel = ctx.caps.software ? GATHER_GRAD_PARALLEL.software : GATHER_GRAD_PARALLEL.hardware;
  const blocks = Math.max(1, Math.min(V, Math.floor(parallel / D)));
  const rows = Math.ceil(V / blocks);
  const launch = flatLaunch(blocks * D, ctx.caps, 64);
  return {
    label: `embedding gather_grad ${N} into ${V}x${D}`,
    bindings: [input('dy', 0), input('ids', 1, 'i32'), output('dtable', 0)],
    code: `${launch.main}
  ${launch.guard}
  let d = i % ${u32(D)};
  let first = (i / ${u32(D)}) * ${u32(rows)};
  let last = min(first + ${u32(rows)}, ${u32(V)});
  for (var v = first; v < last; v = v + 1u) { dtable[v * ${u32(D)} + d] = 0.0; }
  for (var n = 0u; n < ${u32(N)}; n = n + 1u) {
    let id = ids[n];
    if (id >= i32(first) && id < i32(last)) {
      let o = u32(id) * ${u32(D)} + d;
      dtable[o] = dtable[o] + dy[n * ${u32(D)} + d];
    }
  }
}`,
    workgroups: launch.workgroups,
  };
};

export const LAYOUT_KERNELS: Partial<Record<Kernel, KernelGenerator>> = { transpose, concat, slice, reverse, repeat, gather, gather_grad };
