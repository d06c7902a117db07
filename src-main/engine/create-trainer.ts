/**
 * Picks where training runs in Node (the CLI, tests, web-mode server): the
 * WebGPU engine on the first adapter Dawn offers, or, when there is none or
 * when asked, the reference backend on the CPU. The note says which, and why,
 * so the user is never left guessing.
 */
import { nodeDevice } from './hosts/node';
import { ReferenceTrainer } from './reference/trainer';
import type { Trainer } from './trainer';
import { WebGPUTrainer } from './webgpu/executor';

export type BackendChoice = 'webgpu' | 'reference' | 'auto';

export class NoAdapterError extends Error {
  override readonly name = 'NoAdapterError';
}

export async function createTrainer(choice: BackendChoice): Promise<{ trainer: Trainer; note?: string }> {
  if (choice === 'reference') return { trainer: new ReferenceTrainer() };
  const handle = await nodeDevice();
  if (handle.device) return { trainer: new WebGPUTrainer(handle) };
  if (choice === 'webgpu') throw new NoAdapterError(`--backend webgpu was asked for, but ${handle.reason}`);
  return { trainer: new ReferenceTrainer(), note: `No WebGPU adapter is available, so training runs on the CPU reference backend, which is much slower. (${handle.reason})` };
}
