/**
 * Calls, replies and events over a message port: the one generic proxy and
 * the one generic server behind every interface that crosses a boundary
 * (the services the renderer asks of main, the Trainer main drives in a
 * compute worker). Neither side has per-method glue: a proxy turns `x.m(a)`
 * into `{ type: 'call', method: 'm', args: [a] }`, the server looks `m` up on
 * the object it serves, and the reply settles the caller's promise.
 *
 * Events follow the `onX(listener) → unsubscribe` convention: the first
 * listener sends `subscribe`, and the server then forwards every call of the
 * listener it registered as an `event` message.
 *
 * Errors cross as `{ name, message }` and come out as a RemoteError with the
 * same name, so callers can tell a DataError from a TrainingError.
 */

/** What a message arrives as: MessageEvent's shape, without the DOM. */
export interface PortEvent {
  readonly data: unknown;
}

// Method-style parameters are compared bivariantly, so a real MessagePort, Worker or Node MessagePort fits Port as it is.
type PortHandler = { handle(event: PortEvent): void }['handle'];

/**
 * The least a message channel must do: a browser MessagePort or Worker, a
 * Node MessagePort, an adapter over an Electron MessagePortMain or a
 * WebSocket. `transfer` lists buffers the receiver may take over instead of
 * copying; ports that cannot transfer ignore it.
 */
export interface Port {
  /** `transfer` holds ArrayBuffers; it is typed loosely so that the DOM's and Node's ports fit as they are. */
  postMessage(message: unknown, transfer?: readonly unknown[]): void;
  onmessage: PortHandler | null;
}

export interface ErrorInfo {
  readonly name: string;
  readonly message: string;
}

export function errorInfo(e: unknown): ErrorInfo {
  if (e instanceof Error) return { name: e.name, message: e.message };
  if (typeof e === 'object' && e !== null && typeof (e as ErrorInfo).message === 'string') return { name: String((e as ErrorInfo).name ?? 'Error'), message: (e as ErrorInfo).message };
  return { name: 'Error', message: String(e) };
}

/** An error thrown on the other side of a port; `name` is the original error's. */
export class RemoteError extends Error {
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = info.name;
  }
}

/** Says what a method's messages may do beyond a plain call and reply. */
export interface MethodSpec {
  /** The result is made fresh for the caller: its buffers are transferred, not copied. */
  readonly transferResult?: boolean;
  /** Fire and forget: no reply (dispose). */
  readonly oneWay?: boolean;
}

/** The names of T's methods. */
export type MethodsOf<T> = { [K in keyof T]-?: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T] & string;

type Fn = (...args: never[]) => unknown;
type Args<F> = F extends (...args: infer A) => unknown ? A : never;
type Returns<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;

/** A request for each method of T, typed by its parameters. */
export type CallMessage<T> = { [K in MethodsOf<T>]: { readonly type: 'call'; readonly id: number; readonly method: K; readonly args: Args<T[K]> } }[MethodsOf<T>];
export type NotifyMessage<T> = { [K in MethodsOf<T>]: { readonly type: 'notify'; readonly method: K; readonly args: Args<T[K]> } }[MethodsOf<T>];
/** A reply, typed by what the method resolves with. */
export type ResultMessage<T> = { [K in MethodsOf<T>]: { readonly type: 'result'; readonly id: number; readonly value: Returns<T[K]> } }[MethodsOf<T>];
export interface ErrorMessage {
  readonly type: 'error';
  readonly id: number;
  readonly error: ErrorInfo;
}
export interface SubscribeMessage {
  readonly type: 'subscribe' | 'unsubscribe';
  readonly name: string;
}
export interface EventMessage {
  readonly type: 'event';
  readonly name: string;
  readonly args: readonly unknown[];
}

type Message =
  | { type: 'call'; id: number; method: string; args: unknown[] }
  | { type: 'notify'; method: string; args: unknown[] }
  | { type: 'result'; id: number; value: unknown }
  | ErrorMessage
  | SubscribeMessage
  | EventMessage;

const RPC_TYPES = new Set(['call', 'notify', 'result', 'error', 'subscribe', 'unsubscribe', 'event']);

/** Whether a message belongs to this module's protocol (others go to the port owner's handler). */
export function isRpcMessage(data: unknown): boolean {
  return typeof data === 'object' && data !== null && RPC_TYPES.has((data as { type?: string }).type ?? '');
}

/** The buffers under every typed array in `value`, once each: what a sender that owns them may transfer. */
export function transferables(value: unknown, into = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (typeof value !== 'object' || value === null) return [...into];
  if (value instanceof ArrayBuffer) into.add(value);
  else if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) into.add(value.buffer);
  } else if (value instanceof Map) {
    for (const [k, v] of value) {
      transferables(k, into);
      transferables(v, into);
    }
  }
  else if (Array.isArray(value)) for (const v of value) transferables(v, into);
  else for (const v of Object.values(value)) transferables(v, into);
  return [...into];
}

/**
 * The calling side of a port. It takes over `port.onmessage`; messages that
 * are not replies or events (a worker's hello, say) go to `onOther`.
 */
export class RpcClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  private closedWith?: Error;

  constructor(
    private readonly port: Port,
    private readonly onOther?: (message: unknown) => void,
  ) {
    port.onmessage = (event) => this.receive(event.data);
  }

  get closed(): boolean {
    return this.closedWith !== undefined;
  }

  call(method: string, args: readonly unknown[], spec: MethodSpec = {}): Promise<unknown> {
    if (spec.oneWay) {
      // Nobody waits on a one-way call, so it cannot fail: on a closed port there is nothing left to tell.
      if (!this.closedWith) this.port.postMessage({ type: 'notify', method, args });
      return Promise.resolve(undefined);
    }
    if (this.closedWith) return Promise.reject(this.closedWith);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        this.port.postMessage({ type: 'call', id, method, args });
      } catch (e) {
        this.pending.delete(id);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  /** Adds a listener for the event `name` (e.g. "training.onEvent"); returns its unsubscribe. */
  listen(name: string, listener: (...args: unknown[]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
      if (!this.closedWith) this.port.postMessage({ type: 'subscribe', name });
    }
    set.add(listener);
    return () => {
      if (!set.delete(listener) || set.size > 0 || this.listeners.get(name) !== set) return;
      this.listeners.delete(name);
      if (!this.closedWith) this.port.postMessage({ type: 'unsubscribe', name });
    };
  }

  /**
   * An object whose methods call `prefix + name` on the other side; `onX`
   * members add event listeners. `specs` marks one-way methods.
   */
  proxy<T extends object>(prefix = '', specs: Readonly<Record<string, MethodSpec>> = {}): T {
    return new Proxy({} as T, {
      get: (_target, key) => {
        // Not methods: symbols, `then` (it would make the proxy look like a promise to `await`), and what generic code probes for.
        if (typeof key !== 'string' || NOT_METHODS.has(key)) return undefined;
        if (/^on[A-Z]/.test(key)) return (listener: (...args: unknown[]) => void) => this.listen(prefix + key, listener);
        return (...args: unknown[]) => this.call(prefix + key, args, specs[key]);
      },
    });
  }

  /** Rejects every pending call (and all later ones) with `error`: the port is gone. */
  close(error: Error): void {
    if (this.closedWith) return;
    this.closedWith = error;
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }

  private receive(data: unknown): void {
    const message = data as Message;
    if (!isRpcMessage(data)) {
      this.onOther?.(data);
      return;
    }
    if (message.type === 'result' || message.type === 'error') {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.type === 'result') waiting.resolve(message.value);
      else waiting.reject(new RemoteError(message.error));
    } else if (message.type === 'event') {
      for (const listener of [...(this.listeners.get(message.name) ?? [])]) listener(...message.args);
    } else this.onOther?.(data);
  }
}

const NOT_METHODS = new Set(['then', 'toJSON', 'toString', 'valueOf', 'constructor', 'inspect']);
/** `onX`, the last part of an event's name ("training.onEvent"). */
const isEventName = (name: string) => /^on[A-Z]/.test(name.slice(name.lastIndexOf('.') + 1));

/** What a server calls: the function a method name resolves to, bound to its object, and its spec. */
export interface ResolvedMethod {
  readonly fn: (...args: unknown[]) => unknown;
  readonly spec?: MethodSpec;
}

export interface RpcServer {
  /** Drops every event subscription (the port is gone). */
  close(): void;
}

/**
 * The serving side of a port: each call runs as it arrives (calls are not
 * queued behind each other, exactly as an in-process caller would see) and
 * its result or error goes back. `resolve` decides which names are callable.
 * Takes over `port.onmessage`; other messages go to `onOther`.
 */
export function serveRpc(port: Port, resolve: (method: string) => ResolvedMethod | undefined, onOther?: (message: unknown) => void): RpcServer {
  const subscriptions = new Map<string, () => void>();
  const reply = (id: number, run: () => unknown, spec: MethodSpec | undefined) => {
    Promise.resolve()
      .then(run)
      .then(
        (value) => port.postMessage({ type: 'result', id, value }, spec?.transferResult ? transferables(value) : undefined),
        (e: unknown) => port.postMessage({ type: 'error', id, error: errorInfo(e) }),
      )
      .catch((e: unknown) => port.postMessage({ type: 'error', id, error: errorInfo(e) }));
  };
  port.onmessage = (event) => {
    const message = event.data as Message;
    if (!isRpcMessage(message)) return onOther?.(message);
    switch (message.type) {
      case 'call': {
        const method = isEventName(message.method) ? undefined : resolve(message.method);
        reply(message.id, () => {
          if (!method) throw new RemoteError({ name: 'UnknownMethodError', message: `There is no method "${message.method}" to call.` });
          return method.fn(...message.args);
        }, method?.spec);
        break;
      }
      case 'notify':
        // One-way: nobody waits, so a failure has nowhere to go but here.
        Promise.resolve()
          .then(() => (isEventName(message.method) ? undefined : resolve(message.method)?.fn(...message.args)))
          .catch(() => {});
        break;
      case 'subscribe': {
        if (subscriptions.has(message.name) || !isEventName(message.name)) break;
        const method = resolve(message.name);
        if (!method) break;
        const off = method.fn((...args: unknown[]) => port.postMessage({ type: 'event', name: message.name, args }));
        subscriptions.set(message.name, typeof off === 'function' ? (off as () => void) : () => {});
        break;
      }
      case 'unsubscribe':
        subscriptions.get(message.name)?.();
        subscriptions.delete(message.name);
        break;
      default:
        onOther?.(message);
    }
  };
  return {
    close() {
      for (const off of subscriptions.values()) off();
      subscriptions.clear();
    },
  };
}

/** Resolves method names against one object: only the names in `table` (own or inherited methods). */
export function tableResolver(target: object, table: Readonly<Record<string, MethodSpec>>): (method: string) => ResolvedMethod | undefined {
  return (method) => {
    if (!Object.hasOwn(table, method)) return undefined;
    const fn = (target as Record<string, unknown>)[method];
    return typeof fn === 'function' ? { fn: (fn as Fn).bind(target) as ResolvedMethod['fn'], spec: table[method]! } : undefined;
  };
}
