/**
 * Turns a plan into launches on a device, once: for each step, the kernel
 * generator's programs, their (cached) pipelines, and bind groups pointing at
 * the tensors' places in the memory plan. Replaying a step is then only
 * setPipeline / setBindGroup / dispatch per launch.
 */
/// <reference types="@webgpu/types" />
import type { Plan, Step } from '../plan/types';
import { WEBGPU_KERNELS } from './kernels';
import { ENV_BYTES } from './kernels/prelude';
import { KernelError, type BindingSource, type DeviceCaps, type KernelProgram, type ProgramBinding } from './kernels/types';
import type { MemoryPlan, Pool } from './memory';
import type { PipelineCache } from './pipelines';

export interface Launch {
  readonly label: string;
  readonly pipeline: GPUComputePipeline;
  readonly bindGroup: GPUBindGroup;
  readonly workgroups: readonly [number, number, number];
  /** Binds the per-step uniform, at a dynamic offset chosen when encoding. */
  readonly usesEnv: boolean;
}

export interface LaunchTarget {
  readonly device: GPUDevice;
  readonly cache: PipelineCache;
  readonly caps: DeviceCaps;
  readonly plan: Plan;
  readonly memory: MemoryPlan;
  readonly pools: Readonly<Record<Pool, GPUBuffer>>;
  readonly env: GPUBuffer;
  /** Buffers the executor's own programs bind by key (dataset chunks, the order). */
  readonly extra?: ReadonlyMap<string, GPUBufferBinding>;
}

/** The programs for one step. */
export function programsFor(step: Step, target: Pick<LaunchTarget, 'plan' | 'caps' | 'memory'>): readonly KernelProgram[] {
  const generate = WEBGPU_KERNELS[step.kernel];
  if (!generate) throw new KernelError(step.origin, `the WebGPU engine has no "${step.kernel}" kernel yet`);
  const tensors = target.plan.tensors;
  const made = generate({
    step,
    inputs: step.inputs.map((i) => tensors[i]!),
    outputs: step.outputs.map((o) => tensors[o]!),
    caps: target.caps,
    packedWords: target.memory.packedBytes / 4,
  });
  return Array.isArray(made) ? made : [made as KernelProgram];
}

function resource(source: BindingSource, step: Step | undefined, t: LaunchTarget): GPUBufferBinding {
  switch (source.kind) {
    case 'in':
    case 'out': {
      const id = (source.kind === 'in' ? step?.inputs : step?.outputs)?.[source.index];
      if (id === undefined) throw new KernelError(step?.origin ?? '', `a program binds ${source.kind}put ${source.index}, which its step does not have`);
      const p = t.memory.placements[id]!;
      return { buffer: t.pools[p.pool], offset: p.offset, size: p.bytes };
    }
    case 'packed':
      return { buffer: t.pools[source.pool], offset: source.word * 4, size: Math.max(4, source.words * 4) };
    case 'env':
      return { buffer: t.env, offset: 0, size: ENV_BYTES };
    case 'buffer': {
      const b = t.extra?.get(source.key);
      if (!b) throw new KernelError(step?.origin ?? '', `no buffer "${source.key}" for this program`);
      return b;
    }
  }
}

const overlaps = (a: GPUBufferBinding, b: GPUBufferBinding) => a.buffer === b.buffer && (a.offset ?? 0) < (b.offset ?? 0) + (b.size ?? 0) && (b.offset ?? 0) < (a.offset ?? 0) + (a.size ?? 0);

/**
 * Adapts a program to where its tensors live. WebGPU validates usage per
 * buffer within a dispatch: a buffer bound writable anywhere must be bound
 * writable everywhere in that dispatch. Tensors share pool buffers (the
 * arena above all), so bindings on a buffer the program writes become
 * read_write. Two bindings of the very same range (binary(a, a)) then would
 * alias writably; the second is dropped and its name in the code renamed to
 * the first's, which is why binding names must not double as other names.
 */
export function bindProgram(program: KernelProgram, resources: readonly GPUBufferBinding[], origin: string): { program: KernelProgram; resources: GPUBufferBinding[] } {
  const written = new Set(program.bindings.flatMap((b, i) => (b.access === 'read_write' ? [resources[i]!.buffer] : [])));
  const bindings: ProgramBinding[] = [];
  const kept: GPUBufferBinding[] = [];
  let code = program.code;
  program.bindings.forEach((b, i) => {
    const r = resources[i]!;
    if (b.source.kind === 'env' || !written.has(r.buffer)) {
      bindings.push(b);
      kept.push(r);
      return;
    }
    const twin = kept.findIndex((k, j) => bindings[j]!.source.kind !== 'env' && overlaps(k, r));
    if (twin >= 0) {
      const other = bindings[twin]!;
      const same = kept[twin]!.offset === r.offset && kept[twin]!.size === r.size && other.type === b.type && other.access !== 'read_write' && b.access !== 'read_write';
      if (!same) throw new KernelError(origin, `${program.label}: bindings "${other.name}" and "${b.name}" overlap in memory and one is written`);
      code = code.replace(new RegExp(`\\b${b.name}\\b`, 'g'), other.name);
      return;
    }
    bindings.push({ ...b, access: 'read_write' });
    kept.push(r);
  });
  return { program: { ...program, bindings, code }, resources: kept };
}

/** Makes the launch for one program of a step (or of the executor's own pseudo-step). */
export async function makeLaunch(original: KernelProgram, step: Step | undefined, t: LaunchTarget): Promise<Launch> {
  const { program, resources } = bindProgram(original, original.bindings.map((b) => resource(b.source, step, t)), step?.origin ?? '');
  const compiled = await t.cache.get(program);
  const bindGroup = t.device.createBindGroup({
    label: program.label,
    layout: compiled.layout,
    entries: resources.map((r, binding) => ({ binding, resource: r })),
  });
  return { label: program.label, pipeline: compiled.pipeline, bindGroup, workgroups: program.workgroups, usesEnv: compiled.usesEnv };
}

/** Every launch of a plan, in step order. Pipelines compile in parallel. */
export async function buildLaunches(t: LaunchTarget): Promise<Launch[]> {
  const jobs = t.plan.steps.flatMap((step) => programsFor(step, t).map((program) => makeLaunch(program, step, t)));
  return Promise.all(jobs);
}

export function encodeLaunches(pass: GPUComputePassEncoder, launches: readonly Launch[], envOffset: number): void {
  for (const l of launches) {
    pass.setPipeline(l.pipeline);
    if (l.usesEnv) pass.setBindGroup(0, l.bindGroup, [envOffset]);
    else pass.setBindGroup(0, l.bindGroup);
    pass.dispatchWorkgroups(l.workgroups[0], l.workgroups[1], l.workgroups[2]);
  }
}
