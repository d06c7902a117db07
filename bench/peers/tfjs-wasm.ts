/**
 * TensorFlow.js with its WASM backend (XNNPACK). The .wasm binaries ship in
 * the npm package; setWasmPaths points at them so nothing is fetched. In Node
 * the backend runs the SIMD build on one thread (its threaded build needs
 * browser workers).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { unavailable, type PeerResult, type Protocol } from '../report';
import type { BenchData, Workload } from '../workloads';
import { trainingSteps } from './tfjs-common';

export async function tfjsWasmSteps(w: Workload, data: BenchData, protocol: Protocol): Promise<PeerResult> {
  const tf = await import('@tensorflow/tfjs-core');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const tfl = await import('@tensorflow/tfjs-layers');
  const require = createRequire(import.meta.url);
  wasm.setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
  if (!(await tf.setBackend('wasm'))) return unavailable('TF.js could not initialise its WASM backend');
  await tf.ready();
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD';
  const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'multithreaded' : '1 thread';
  try {
    return await trainingSteps(tf, tfl, w, data, protocol, `TF.js ${tf.version_core} WASM, ${simd}, ${threads}`);
  } catch (e) {
    // The WASM backend lacks some gradient kernels (Conv2DBackpropFilter, in 4.22), so it cannot train every model.
    const missing = /Kernel '(\w+)' not registered for backend 'wasm'/.exec((e as Error).message);
    if (missing) return unavailable(`TF.js's WASM backend has no ${missing[1]} kernel, so it cannot train this model`);
    throw e;
  }
}
