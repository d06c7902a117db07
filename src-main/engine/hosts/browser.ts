/**
 * The browser host: a GPUDevice from `navigator.gpu`, in a window or a
 * dedicated worker (the desktop app's compute worker). No Node imports: this
 * file compiles for the browser.
 */
/// <reference types="@webgpu/types" />
import { requestEngineDevice, type DeviceResult } from './device';

export async function browserDevice(): Promise<DeviceResult> {
  const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (!gpu) return { device: null, reason: 'this browser context has no navigator.gpu (WebGPU is off or unsupported)' };
  const core = await requestEngineDevice(gpu, 'core');
  if (core.device) return core;
  const compat = await requestEngineDevice(gpu, 'compatibility');
  return compat.device ? compat : { device: null, reason: `${core.reason}; ${compat.reason}` };
}
