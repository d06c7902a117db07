/**
 * The desktop app's services: the same implementations web mode serves, on
 * Electron MessagePorts (shared/ipc/desktop-ports.ts says how the ports get
 * around). Main keeps the compile, the data, the checkpoints and the runs;
 * each training run gets a fresh port to a worker in the hidden compute
 * window, which runs the engine on navigator.gpu (Electron's main process
 * cannot read back from Dawn, see design.md, "Where the engine runs").
 *
 * Nothing here imports Electron: ports are taken by their shape, so the
 * thin wiring in src-main/app (compute-window.ts, the IPC registration) is
 * all that needs a running app, and this file is tested with ports mocked.
 */
import type { Port } from '../../shared/ipc/rpc';
import type { Services } from '../../shared/ipc/services';
import { openComputeTrainer, type ClosablePort } from './compute';
import { createDataService } from './data';
import { createFileService } from './files';
import { serveServices } from './serve';
import { createTrainingService, type DisposableTrainingService } from './training';

/** The part of Electron's MessagePortMain used here. */
export interface MessagePortMainLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
  close(): void;
}

/**
 * A MessagePortMain as a Port. It cannot transfer ArrayBuffers (only ports),
 * so transfer lists are dropped and messages are copied.
 */
export function portFromMain(port: MessagePortMainLike): ClosablePort {
  const wrapped: ClosablePort = {
    onmessage: null,
    onclose: null,
    postMessage: (message) => port.postMessage(message),
    close: () => port.close(),
  };
  port.on('message', (event) => wrapped.onmessage?.({ data: event.data }));
  port.on('close', () => wrapped.onclose?.());
  port.start();
  return wrapped;
}

export interface DesktopServicesOptions {
  readonly runsDir: string;
  /** Relative dataset paths and the FileService start here. */
  readonly workspace: string;
  /**
   * A new port to a new compute worker: compute-window.ts makes a
   * MessageChannelMain, posts one end to the compute window (COMPUTE_PORT)
   * and returns the other.
   */
  readonly openComputePort: () => MessagePortMainLike | Promise<MessagePortMainLike>;
}

export interface DesktopServices {
  readonly services: Services & { readonly training: DisposableTrainingService };
  /** Serves the services on a window's port (SERVICES_PORT); returns what ends that. */
  connect(port: MessagePortMainLike | Port): () => void;
  dispose(): void;
}

const isMainPort = (p: MessagePortMainLike | Port): p is MessagePortMainLike => typeof (p as MessagePortMainLike).on === 'function' && typeof (p as MessagePortMainLike).start === 'function';

export function createDesktopServices(options: DesktopServicesOptions): DesktopServices {
  const training = createTrainingService({
    runsDir: options.runsDir,
    workspace: options.workspace,
    openTrainer: async (backend) => openComputeTrainer(portFromMain(await options.openComputePort()), backend, { closedMessage: 'The compute window closed or crashed, so training stopped. Start the run again (or resume it from its last checkpoint).' }),
  });
  const services = { training, data: createDataService({ workspace: options.workspace }), files: createFileService({ workspace: options.workspace }) };
  return {
    services,
    connect(port) {
      const wrapped = isMainPort(port) ? portFromMain(port) : port;
      const server = serveServices(wrapped, services);
      if ('onclose' in wrapped) (wrapped as ClosablePort).onclose = () => server.close();
      return () => server.close();
    },
    dispose: () => training.dispose(),
  };
}
