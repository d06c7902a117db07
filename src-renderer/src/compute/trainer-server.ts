/**
 * The serving end of the trainer protocol (shared/ipc/trainer-protocol.ts):
 * waits for `init`, makes a trainer with `create`, says hello, then hands
 * each call to that trainer through the generic RPC server. It knows no
 * method by name, and nothing about WebGPU: the compute worker passes in how
 * a trainer is made, and tests pass a reference trainer.
 */
import { errorInfo, serveRpc, tableResolver, type Port } from '../../../shared/ipc/rpc';
import type { BackendChoice } from '../../../shared/ipc/services';
import { isInit, TRAINER_METHODS, type TrainerHello } from '../../../shared/ipc/trainer-protocol';
import type { Trainer } from '../../../src-main/engine/trainer';

export interface MadeTrainer {
  readonly trainer: Trainer;
  readonly featureLevel?: 'core' | 'compatibility';
  /** Why this is the reference backend when WebGPU was not ruled out. */
  readonly reason?: string;
}

export type TrainerFactory = (backend: BackendChoice) => Promise<MadeTrainer>;

/** Serves one trainer on `port`; `onDisposed` runs after the caller disposes it (a worker closes itself then). */
export function serveTrainer(port: Port, create: TrainerFactory, onDisposed?: () => void): void {
  port.onmessage = (event) => {
    if (!isInit(event.data)) return;
    port.onmessage = null;
    void create(event.data.backend).then(
      ({ trainer, featureLevel, reason }) => {
        // dispose is the last call: after it the trainer is gone, and the host may end the worker.
        const resolve = tableResolver(trainer, TRAINER_METHODS);
        serveRpc(port, (method) => {
          const found = resolve(method);
          if (method !== 'dispose' || !found) return found;
          return { ...found, fn: () => (found.fn(), onDisposed?.()) };
        });
        port.postMessage({ type: 'hello', backend: trainer.backend, adapter: trainer.adapter, ...(featureLevel ? { featureLevel } : {}), ...(reason ? { reason } : {}) } satisfies TrainerHello);
      },
      (e: unknown) => port.postMessage({ type: 'failed', error: errorInfo(e) }),
    );
  };
}
