/**
 * Device buffers for a memory plan, and the two ways data crosses to the
 * host: writes (queue.writeBuffer, ordered with submits) and batched reads
 * (one staging buffer, one map, however many ranges).
 */
/// <reference types="@webgpu/types" />
import { POOLS, type MemoryPlan, type Placement, type Pool } from './memory';
import { BufferUsage, MapMode } from './usage';

export type Pools = Readonly<Record<Pool, GPUBuffer>>;

export class DeviceMemoryError extends Error {
  override readonly name = 'DeviceMemoryError';
}

const MB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** A storage buffer that can be copied to and from. Empty pools still get a minimal buffer so bindings stay valid. */
export function storageBuffer(device: GPUDevice, bytes: number, label: string): GPUBuffer {
  if (bytes > device.limits.maxBufferSize) throw new DeviceMemoryError(`${label} needs ${MB(bytes)}, more than this adapter's largest buffer (${MB(device.limits.maxBufferSize)})`);
  return device.createBuffer({ label, size: Math.max(16, Math.ceil(bytes / 16) * 16), usage: BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST });
}

/** One buffer per pool; `reuse` supplies pools shared with another plan (weights, arena). */
export function createPools(device: GPUDevice, memory: MemoryPlan, label: string, reuse: Partial<Record<Pool, GPUBuffer>> = {}): Pools {
  const pools = {} as Record<Pool, GPUBuffer>;
  for (const pool of POOLS) pools[pool] = reuse[pool] ?? storageBuffer(device, memory.pools[pool], `${label} ${pool}`);
  return pools;
}

export function writeTensor(device: GPUDevice, pools: Pools, place: Placement, data: Float32Array | Int32Array | Uint32Array): void {
  if (data.byteLength > place.bytes) throw new DeviceMemoryError(`writing ${data.length} values into a ${place.bytes / 4}-value tensor`);
  device.queue.writeBuffer(pools[place.pool], place.offset, data.buffer, data.byteOffset, data.byteLength);
}

export interface ReadRange {
  readonly buffer: GPUBuffer;
  readonly offset: number;
  readonly bytes: number;
}

/** Reads ranges of device buffers with one copy each into one staging buffer and one map. */
export async function readRanges(device: GPUDevice, ranges: readonly ReadRange[]): Promise<ArrayBuffer[]> {
  const total = ranges.reduce((n, r) => n + Math.ceil(r.bytes / 4) * 4, 0);
  if (total === 0) return ranges.map(() => new ArrayBuffer(0));
  const staging = device.createBuffer({ label: 'read back', size: total, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder();
  let at = 0;
  const starts = ranges.map((r) => {
    const start = at;
    const bytes = Math.ceil(r.bytes / 4) * 4;
    if (bytes > 0) encoder.copyBufferToBuffer(r.buffer, r.offset, staging, start, bytes);
    at += bytes;
    return start;
  });
  device.queue.submit([encoder.finish()]);
  try {
    await staging.mapAsync(MapMode.READ);
    const mapped = staging.getMappedRange();
    return ranges.map((r, i) => mapped.slice(starts[i]!, starts[i]! + r.bytes));
  } finally {
    staging.destroy();
  }
}
