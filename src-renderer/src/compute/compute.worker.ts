/**
 * The compute worker: Netwright's engine on this browser context's GPU.
 * Whoever starts it (the web-mode bridge, the desktop compute window) sends
 * one `{ type: 'connect', port }`; on that port it serves the trainer
 * protocol. It asks navigator.gpu for a device (the core feature level, then
 * compatibility) and runs the WebGPU engine; with no adapter it runs the
 * reference backend on the CPU and its hello says why.
 */
import type { Port } from '../../../shared/ipc/rpc';
import type { BackendChoice } from '../../../shared/ipc/services';
import type { ComputeConnect } from '../../../shared/ipc/trainer-protocol';
import { browserDevice } from '../../../src-main/engine/hosts/browser';
import { ReferenceTrainer } from '../../../src-main/engine/reference/trainer';
import { WebGPUTrainer } from '../../../src-main/engine/webgpu/executor';
import { serveTrainer, type MadeTrainer } from './trainer-server';

async function createTrainer(backend: BackendChoice): Promise<MadeTrainer> {
  if (backend === 'reference') return { trainer: new ReferenceTrainer() };
  const handle = await browserDevice();
  if (handle.device) return { trainer: new WebGPUTrainer(handle), featureLevel: handle.featureLevel };
  return { trainer: new ReferenceTrainer(), reason: `No WebGPU adapter is available, so training runs on the CPU reference backend, which is much slower (${handle.reason}).` };
}

// The renderer's types see a Window here; in a dedicated worker `self` is the worker's scope.
const scope = self as unknown as Port & { close(): void };

scope.onmessage = (event) => {
  const message = event.data as ComputeConnect<Port>;
  if (message?.type !== 'connect') return;
  scope.onmessage = null;
  serveTrainer(message.port, createTrainer, () => scope.close());
};
