/**
 * Test helpers for the WebGPU backend: a device that fails loudly (never a
 * silent skip) when no adapter exists, and a runner that executes one plan
 * step on the GPU through the real machinery (memory plan, launches).
 */
/// <reference types="@webgpu/types" />
import type { DeviceHandle } from '../hosts/device';
import { INSTALL_HINT, nodeDevice } from '../hosts/node';
import type { Kernel } from '../plan/kernels';
import type { DType, Plan, Step, TensorInfo, TensorRole } from '../plan/types';
import { createPools, readRanges, writeTensor } from './device-memory';
import { deviceCaps } from './executor';
import { ENV_BYTES } from './kernels/prelude';
import type { DeviceCaps } from './kernels/types';
import { buildLaunches, encodeLaunches } from './launches';
import { planMemory } from './memory';
import { PipelineCache } from './pipelines';
import { BufferUsage } from './usage';

/** One row of a kernel table: a launch of `kernel` over `tensors`, checked against the reference backend. */
export interface KernelCase<T> {
  readonly name: string;
  readonly kernel: Kernel;
  readonly tensors: readonly T[];
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly arg: Record<string, unknown>;
}

let shared: Promise<DeviceHandle> | undefined;

/** The test process's device. Throws with what to install when there is none. */
export function testDevice(): Promise<DeviceHandle> {
  shared ??= nodeDevice().then((r) => {
    if (!r.device) throw new Error(`The WebGPU tests need a WebGPU adapter and found none: ${r.reason}\n${INSTALL_HINT}`);
    return r;
  });
  return shared;
}

export interface HostTensor {
  readonly shape: readonly number[];
  readonly dtype?: DType;
  readonly role?: TensorRole;
  readonly data?: Float32Array | Int32Array;
  readonly name?: string;
}

export interface StepRunner {
  readonly caps: DeviceCaps;
  /**
   * Runs `kernel` once per entry of `env` (default one step) over the given
   * tensors and returns every tensor's final contents.
   */
  run(kernel: Kernel, tensors: readonly HostTensor[], inputs: readonly number[], outputs: readonly number[], arg: Record<string, unknown>, options?: { caps?: Partial<DeviceCaps>; env?: readonly { step: number; lr: number; lrCorrected: number }[]; training?: Plan['training'] }): Promise<(Float32Array | Int32Array)[]>;
}

export function stepRunner(handle: DeviceHandle): StepRunner {
  const device = handle.device;
  const caps = deviceCaps(device, handle.software);
  const cache = new PipelineCache(device);
  const stride = Math.max(ENV_BYTES, device.limits.minUniformBufferOffsetAlignment);
  return {
    caps,
    async run(kernel, hostTensors, inputs, outputs, arg, options = {}) {
      const tensors: TensorInfo[] = hostTensors.map((t, id) => ({ id, shape: [...t.shape], dtype: t.dtype ?? 'f32', role: t.role ?? (inputs.includes(id) ? 'input' : 'temp'), name: t.name ?? `t${id}` }));
      const step: Step = { kernel, inputs, outputs, arg, origin: 'test', phase: 'forward' };
      const plan: Plan = { batch: 1, tensors, steps: [step], inputs: [], outputs: outputs.filter((o) => tensors[o]!.role === 'temp'), ...(options.training ? { training: options.training } : {}) };
      const memory = planMemory(plan, caps.minStorageBufferOffsetAlignment);
      const pools = createPools(device, memory, 'test');
      const envEntries = options.env ?? [{ step: 1, lr: 0, lrCorrected: 0 }];
      const env = device.createBuffer({ size: stride * envEntries.length, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST });
      const envData = new ArrayBuffer(stride * envEntries.length);
      envEntries.forEach((e, i) => {
        new Uint32Array(envData, i * stride, 2).set([e.step, 0]);
        new Float32Array(envData, i * stride + 16, 2).set([e.lr, e.lrCorrected]);
      });
      device.queue.writeBuffer(env, 0, envData);
      try {
        hostTensors.forEach((t, id) => {
          if (t.data) writeTensor(device, pools, memory.placements[id]!, t.data);
        });
        device.pushErrorScope('validation');
        const launches = await buildLaunches({ device, cache, caps: { ...caps, ...options.caps }, plan, memory, pools, env });
        const encoder = device.createCommandEncoder();
        const pass = encoder.beginComputePass();
        envEntries.forEach((_, i) => encodeLaunches(pass, launches, i * stride));
        pass.end();
        device.queue.submit([encoder.finish()]);
        const error = await device.popErrorScope();
        if (error) throw new Error(error.message);
        const data = await readRanges(device, tensors.map((t, id) => {
          const p = memory.placements[id]!;
          return { buffer: pools[p.pool], offset: p.offset, bytes: t.shape.reduce((n, d) => n * d, 1) * 4 };
        }));
        return data.map((d, id) => (tensors[id]!.dtype === 'i32' ? new Int32Array(d) : new Float32Array(d)));
      } finally {
        for (const b of new Set(Object.values(pools))) b.destroy();
        env.destroy();
      }
    },
  };
}

/** The worst violation of |a − b| ≤ atol + rtol·|b| over two arrays, as a message, or undefined when all are close. */
export function mismatch(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number): string | undefined {
  if (actual.length !== expected.length) return `lengths differ: ${actual.length} vs ${expected.length}`;
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    if (Number.isNaN(b) && Number.isNaN(a)) continue;
    const excess = Math.abs(a - b) - (atol + rtol * Math.abs(b));
    if (!(excess <= 0) && (at < 0 || excess > worst || Number.isNaN(excess))) {
      worst = excess;
      at = i;
    }
  }
  return at < 0 ? undefined : `at [${at}]: got ${actual[at]}, expected ${expected[at]} (tolerance ${rtol} relative + ${atol})`;
}
