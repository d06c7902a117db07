/**
 * Opening a trainer on a compute worker, given a port to it. One function
 * for both hosts: web mode passes a channel of the page's WebSocket, the
 * desktop app a MessagePort to a worker in its hidden compute window. When
 * the port closes (the page went away, the window crashed) the trainer's
 * pending and later calls fail with a sentence saying so, and the run ends
 * with an error event instead of hanging.
 */
import type { Port } from '../../shared/ipc/rpc';
import type { BackendChoice } from '../../shared/ipc/services';
import { RemoteTrainer, type ConnectOptions } from '../engine/remote/remote-trainer';

export interface ClosablePort extends Port {
  /** Ends the conversation (the host may then end the worker). */
  close(): void;
  /** Set by openComputeTrainer: the other side went away. */
  onclose: (() => void) | null;
}

export class ComputeClosedError extends Error {
  override readonly name = 'ComputeClosedError';
}

export async function openComputeTrainer(port: ClosablePort, backend: BackendChoice, options: ConnectOptions & { readonly closedMessage?: string } = {}): Promise<RemoteTrainer> {
  let trainer: RemoteTrainer | undefined;
  let closed = false;
  const gone = new ComputeClosedError(options.closedMessage ?? 'The compute worker went away (its window or page closed), so training stopped.');
  const whenClosed = new Promise<never>((_, reject) => {
    port.onclose = () => {
      closed = true;
      trainer?.disconnect(gone);
      reject(gone);
    };
  });
  whenClosed.catch(() => {});
  try {
    trainer = await Promise.race([RemoteTrainer.connect(port, backend, { ...options, onDispose: () => port.close() }), whenClosed]);
  } catch (e) {
    port.close();
    throw e;
  }
  if (closed) trainer.disconnect(gone);
  return trainer;
}
