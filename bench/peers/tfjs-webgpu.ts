/**
 * TensorFlow.js with its WebGPU backend, in Node, on the same Dawn adapter
 * Netwright's engine uses (the `webgpu` package; on a machine without a GPU,
 * OpenGL ES on llvmpipe). TF.js requests an adapter without a feature level,
 * and Dawn's OpenGL ES backend offers only 'compatibility', so the request is
 * rewritten to ask for it. TF.js checks for `navigator.gpu` when its module
 * loads, so the globals are installed before the import.
 */
/// <reference types="@webgpu/types" />
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unavailable, type PeerResult, type Protocol } from '../report';
import type { BenchData, Workload } from '../workloads';
import { trainingSteps } from './tfjs-common';

interface Dawn {
  /** The adapter TF.js ended up with, in words. */
  readonly adapter: () => string;
  /** Compute dispatches encoded so far, by any pass. */
  readonly dispatches: () => number;
}

/** Makes Dawn's GPU the global `navigator.gpu`, asking for the compatibility feature level, and counts dispatches. */
async function installDawn(): Promise<Dawn> {
  process.env['EGL_PLATFORM'] ??= 'surfaceless';
  if (!process.env['XDG_RUNTIME_DIR']) {
    const dir = join(tmpdir(), `netwright-runtime-${process.getuid?.() ?? 'user'}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    process.env['XDG_RUNTIME_DIR'] = dir;
  }
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const gpu = create(['backend=opengles']);
  const request = gpu.requestAdapter.bind(gpu);
  let adapterText = 'unknown adapter';
  gpu.requestAdapter = async (options?: GPURequestAdapterOptions) => {
    const adapter = await request({ ...options, featureLevel: 'compatibility' } as GPURequestAdapterOptions);
    if (adapter) adapterText = [...new Set([adapter.info.vendor, adapter.info.architecture, adapter.info.device, adapter.info.description].filter(Boolean))].join(' · ');
    return adapter;
  };
  // Node 20 has no navigator; later versions have one without `gpu`.
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  let dispatches = 0;
  const pass = (globals as { GPUComputePassEncoder?: { prototype: GPUComputePassEncoder } }).GPUComputePassEncoder?.prototype;
  if (pass) {
    const dispatch = pass.dispatchWorkgroups;
    pass.dispatchWorkgroups = function (this: GPUComputePassEncoder, ...args: Parameters<GPUComputePassEncoder['dispatchWorkgroups']>) {
      dispatches++;
      return dispatch.apply(this, args);
    };
  }
  return { adapter: () => adapterText, dispatches: () => dispatches };
}

export async function tfjsWebgpuSteps(w: Workload, data: BenchData, protocol: Protocol): Promise<PeerResult> {
  const dawn = await installDawn();
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-webgpu');
  const tfl = await import('@tensorflow/tfjs-layers');
  if (!(await tf.setBackend('webgpu'))) return unavailable('TF.js could not initialise its WebGPU backend on this adapter');
  await tf.ready();
  return trainingSteps(tf, tfl, w, data, protocol, `TF.js ${tf.version_core} WebGPU, ${dawn.adapter()}, compatibility feature level`, dawn.dispatches);
}
