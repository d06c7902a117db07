/**
 * Starting a compute worker for one trainer port, and relaying between the
 * two. The relay is what lets a crash be reported: the worker cannot say it
 * died, so its host sends `failed` on the port for it. Messages towards the
 * worker are transferred (the host owns what it received); the worker's
 * replies go on as they are.
 */
import { transferables, type Port } from '../../../shared/ipc/rpc';
import type { ComputeConnect, TrainerFailed } from '../../../shared/ipc/trainer-protocol';

export function startComputeWorker(): Worker {
  return new Worker(new URL('./compute.worker.ts', import.meta.url), { type: 'module', name: 'netwright-compute' });
}

/** Serves the trainer protocol on `port` from a new worker; the returned function ends the worker. */
export function hostComputeWorker(port: Port, worker: Worker = startComputeWorker()): () => void {
  const channel = new MessageChannel();
  let ended = false;
  const fail = (message: string) => {
    if (ended) return;
    port.postMessage({ type: 'failed', error: { name: 'ComputeWorkerError', message } } satisfies TrainerFailed);
    end();
  };
  const end = () => {
    if (ended) return;
    ended = true;
    worker.terminate();
    channel.port1.close();
  };
  worker.onerror = (event) => {
    event.preventDefault();
    fail(`The compute worker stopped: ${event.message || 'it could not be loaded'}.`);
  };
  worker.onmessageerror = () => fail('The compute worker received a message it could not read.');
  channel.port1.onmessage = (event) => port.postMessage(event.data);
  port.onmessage = (event) => {
    if (!ended) channel.port1.postMessage(event.data, transferables(event.data));
  };
  worker.postMessage({ type: 'connect', port: channel.port2 } satisfies ComputeConnect<MessagePort>, [channel.port2]);
  return end;
}
