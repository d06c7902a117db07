/**
 * A Trainer whose engine runs on the other side of a port: the desktop app's
 * compute worker, or in web mode a worker in the page. The training session
 * cannot tell it from an in-process trainer. Its methods are not written out:
 * each comes from TRAINER_METHODS (shared/ipc/trainer-protocol.ts) through
 * the one generic RPC client, and the type check below keeps that table and
 * the Trainer interface naming the same methods.
 *
 * No Node imports: the same proxy works wherever a Port does.
 */
import { RpcClient, RemoteError, type CallMessage, type MethodSpec, type Port, type ResultMessage } from '../../../shared/ipc/rpc';
import type { BackendChoice } from '../../../shared/ipc/services';
import { isFailed, isHello, TRAINER_METHODS, type TrainerHello, type TrainerInit } from '../../../shared/ipc/trainer-protocol';
import type { Trainer } from '../trainer';

/** The methods of a Trainer (backend and adapter come in the hello). */
export type TrainerCalls = Omit<Trainer, 'backend' | 'adapter'>;
/** A request for each Trainer method, typed by its parameters, and its reply. */
export type TrainerRequest = CallMessage<TrainerCalls>;
export type TrainerReply = ResultMessage<TrainerCalls>;

// The table names exactly the Trainer's methods: a method added to Trainer and not to the table fails here.
const TABLE: { readonly [K in keyof TrainerCalls]: MethodSpec } = TRAINER_METHODS;
const _exact: keyof typeof TRAINER_METHODS extends keyof TrainerCalls ? true : never = true;
void _exact;

export class RemoteTrainerError extends Error {
  override readonly name = 'RemoteTrainerError';
}

/** A base class whose prototype has one forwarding method per entry of `table`. */
function forwarding<T>(table: Readonly<Record<string, MethodSpec>>): new (client: RpcClient) => T {
  class Forwarding {
    constructor(protected readonly client: RpcClient) {}
  }
  for (const [method, spec] of Object.entries(table)) {
    Object.defineProperty(Forwarding.prototype, method, {
      value(this: Forwarding, ...args: unknown[]) {
        return this.client.call(method, args, spec);
      },
    });
  }
  return Forwarding as unknown as new (client: RpcClient) => T;
}

export interface ConnectOptions {
  /** How long to wait for the worker's hello (it has to find an adapter and make a device). Default 30 s. */
  readonly timeoutMs?: number;
  /** Runs after dispose() has been sent: the port's owner may close it then. */
  readonly onDispose?: () => void;
}

// The base claims all of Trainer; backend and adapter, the two that are not methods, are set below from the hello.
export class RemoteTrainer extends forwarding<Trainer>(TABLE) implements Trainer {
  override readonly backend: 'webgpu' | 'reference';
  override readonly adapter: string;
  /** When the worker serves the reference backend without being asked to: why, for the person. */
  readonly reason?: string;

  private constructor(
    private readonly rpc: RpcClient,
    hello: TrainerHello,
    private readonly onDispose?: () => void,
  ) {
    super(rpc);
    this.backend = hello.backend;
    this.adapter = hello.adapter;
    if (hello.reason) this.reason = hello.reason;
  }

  /**
   * Asks the worker on `port` for a trainer and waits for its hello. With
   * backend 'webgpu', a worker without an adapter is an error; with 'auto' it
   * serves the reference backend and `reason` says why.
   */
  static connect(port: Port, backend: BackendChoice, options: ConnectOptions = {}): Promise<RemoteTrainer> {
    return new Promise((resolve, reject) => {
      let trainer: RemoteTrainer | undefined;
      const fail = (error: Error) => {
        clearTimeout(timer);
        if (trainer) rpc.close(error);
        else reject(error);
      };
      const rpc = new RpcClient(port, (message) => {
        if (isFailed(message)) fail(new RemoteError(message.error));
        else if (isHello(message) && !trainer) {
          clearTimeout(timer);
          if (backend === 'webgpu' && message.backend !== 'webgpu') {
            rpc.call('dispose', [], TRAINER_METHODS.dispose).catch(() => {});
            reject(new RemoteTrainerError(`WebGPU was asked for, but the compute worker has none: ${message.reason ?? 'no adapter'}.`));
            return;
          }
          trainer = new RemoteTrainer(rpc, message, options.onDispose);
          resolve(trainer);
        }
      });
      const timer = setTimeout(() => fail(new RemoteTrainerError('The compute worker did not answer. Reload the app; if it keeps happening, its console may say why.')), options.timeoutMs ?? 30_000);
      port.postMessage({ type: 'init', backend } satisfies TrainerInit);
    });
  }

  override dispose(): void {
    super.dispose();
    this.onDispose?.();
  }

  /** The port is gone (the page closed, the worker crashed): pending and later calls fail with `error`. */
  disconnect(error: Error): void {
    this.rpc.close(error);
  }
}
