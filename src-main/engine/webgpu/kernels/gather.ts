/**
 * The batch gather: the first launch of every step. The dataset stays on the
 * device; each step copies its batch's samples into the plan's input (or
 * target) tensor, picking them from the epoch's shuffled order by the step's
 * position (read from the per-step uniform). Predicting walks the split in
 * order instead, repeating the last sample to fill the final batch.
 *
 * A split larger than the largest storage binding is stored in chunks of
 * whole samples, each bound separately.
 */
import { env, type DeviceCaps, type KernelProgram, type ProgramBinding } from './types';
import { flatLaunch, u32 } from './prelude';

export interface GatherSpec {
  readonly batch: number;
  /** 32-bit words per sample. */
  readonly wordsPerSample: number;
  /** Samples in the split. */
  readonly count: number;
  /** Samples per data chunk (all chunks but the last are full). */
  readonly samplesPerChunk: number;
  readonly chunks: number;
  /** 'order': sample = order[(position·batch + b) mod orderLength]; 'sequential': position·batch + b, clamped. */
  readonly mode: 'order' | 'sequential';
}

/** How to split a dataset of `count` samples into chunks of whole samples, each small enough to bind. */
export function chunking(count: number, wordsPerSample: number, caps: DeviceCaps): { samplesPerChunk: number; chunks: number } {
  const samplesPerChunk = Math.max(1, Math.min(count, Math.floor(caps.maxStorageBufferBindingSize / (wordsPerSample * 4))));
  return { samplesPerChunk, chunks: Math.max(1, Math.ceil(count / samplesPerChunk)) };
}

export function gatherPrograms(spec: GatherSpec, caps: DeviceCaps): KernelProgram[] {
  const fixed = spec.mode === 'order' ? 2 : 1; // order and output
  const perLaunch = Math.max(1, caps.maxStorageBuffersPerShaderStage - fixed);
  const programs: KernelProgram[] = [];
  for (let first = 0; first < spec.chunks; first += perLaunch) programs.push(gatherProgram(spec, caps, first, Math.min(spec.chunks, first + perLaunch)));
  return programs;
}

function gatherProgram(spec: GatherSpec, caps: DeviceCaps, firstChunk: number, endChunk: number): KernelProgram {
  const { batch, wordsPerSample } = spec;
  // Whole vec4s per sample: a quarter of the load instructions (what llvmpipe pays for).
  const quad = wordsPerSample % 4 === 0;
  const W = quad ? wordsPerSample / 4 : wordsPerSample;
  const type = quad ? 'vec4<u32>' : 'u32';
  const launch = flatLaunch(batch * W, caps, 64);
  const chunks = Array.from({ length: endChunk - firstChunk }, (_, k) => firstChunk + k);
  const bindings: ProgramBinding[] = [
    ...(spec.mode === 'order' ? [{ name: 'order', source: { kind: 'buffer', key: 'order' }, type: 'u32', access: 'read' } as const] : []),
    env,
    ...chunks.map((c): ProgramBinding => ({ name: `data${c}`, source: { kind: 'buffer', key: `data${c}` }, type, access: 'read' })),
    { name: 'out', source: { kind: 'out', index: 0 }, type, access: 'read_write' },
  ];
  const sample = spec.mode === 'order'
    ? `order[(env.position * ${u32(batch)} + b) % env.orderLength]`
    : `min(env.position * ${u32(batch)} + b, ${u32(spec.count - 1)})`;
  const all = firstChunk === 0 && endChunk === spec.chunks;
  const read = chunks.map((c) => `if (chunk == ${u32(c)}) { out[i] = data${c}[local * W + w]; }`).join(' else ');
  return {
    label: `gather ${spec.mode} ${batch}x${wordsPerSample}${all ? '' : ` chunks ${firstChunk}–${endChunk - 1}`}`,
    bindings,
    code: `const W = ${u32(W)};
${launch.main}
  ${launch.guard}
  let b = i / W;
  let w = i % W;
  let s = ${sample};
  let chunk = s / ${u32(spec.samplesPerChunk)};
  let local = s % ${u32(spec.samplesPerChunk)};
  ${read}
}`,
    workgroups: launch.workgroups,
  };
}
