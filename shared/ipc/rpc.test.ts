/**
 * The generic proxy and server over a real MessageChannel: calls reach the
 * served object and their results come back; errors keep their name; events
 * follow onX subscribe and unsubscribe; nothing outside the served methods is
 * callable; and channels of a PortMux keep their conversations apart.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { PortMux, type Channel } from './mux';
import { errorInfo, RemoteError, RpcClient, serveRpc, tableResolver, transferables, type Port } from './rpc';

const open: MessagePort[] = [];
afterEach(() => {
  for (const p of open.splice(0)) p.close();
});

function channel(): [Port, Port] {
  const { port1, port2 } = new MessageChannel();
  open.push(port1, port2);
  return [port1 as unknown as Port, port2 as unknown as Port];
}

class NamedError extends Error {
  override readonly name = 'NamedError';
}

interface Counter {
  add(n: number, by?: number): Promise<number>;
  fail(): Promise<void>;
  onChange(listener: (value: number, why: string) => void): () => void;
}

function counter(): Counter & { listeners: number } {
  let value = 0;
  const listeners = new Set<(value: number, why: string) => void>();
  return {
    get listeners() {
      return listeners.size;
    },
    async add(n: number, by = 1) {
      value += n * by;
      for (const l of listeners) l(value, 'add');
      return value;
    },
    async fail() {
      throw new NamedError('it broke');
    },
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

const table = { add: {}, fail: {}, onChange: {} };
const tick = () => new Promise((r) => setTimeout(r, 20));

describe('rpc', () => {
  it('calls a served object through a proxy', async () => {
    const [a, b] = channel();
    serveRpc(b, tableResolver(counter(), table));
    const remote = new RpcClient(a).proxy<Counter>();
    expect(await remote.add(2)).toBe(2);
    expect(await remote.add(3, 10)).toBe(32);
  });

  it('rejects with a RemoteError that keeps the name and message', async () => {
    const [a, b] = channel();
    serveRpc(b, tableResolver(counter(), table));
    const error = await new RpcClient(a).proxy<Counter>().fail().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect(errorInfo(error)).toEqual({ name: 'NamedError', message: 'it broke' });
  });

  it('refuses methods outside the table, inherited ones included', async () => {
    const [a, b] = channel();
    serveRpc(b, tableResolver(counter(), { add: {} }));
    const client = new RpcClient(a);
    for (const name of ['fail', 'toString', 'constructor', '__proto__']) {
      await expect(client.call(name, [])).rejects.toMatchObject({ name: 'UnknownMethodError' });
    }
  });

  it('keeps events and calls apart: an event cannot be called, a method cannot be subscribed to', async () => {
    const [a, b] = channel();
    const served = counter();
    serveRpc(b, tableResolver(served, table));
    const client = new RpcClient(a);
    await expect(client.call('onChange', [1])).rejects.toMatchObject({ name: 'UnknownMethodError' });
    client.listen('add', () => {});
    await tick();
    expect(await client.call('add', [1])).toBe(1);
    expect(served.listeners).toBe(0);
  });

  it('delivers events to onX listeners until they unsubscribe', async () => {
    const [a, b] = channel();
    const served = counter();
    serveRpc(b, tableResolver(served, table));
    const remote = new RpcClient(a).proxy<Counter>();
    const seen: [number, string][] = [];
    const off = remote.onChange((v, why) => seen.push([v, why]));
    const second = remote.onChange(() => {});
    await tick();
    expect(served.listeners).toBe(1);
    await remote.add(5);
    await tick();
    expect(seen).toEqual([[5, 'add']]);
    off();
    second();
    await tick();
    expect(served.listeners).toBe(0);
    await remote.add(1);
    await tick();
    expect(seen).toEqual([[5, 'add']]);
  });

  it('closing the server drops its subscriptions', async () => {
    const [a, b] = channel();
    const served = counter();
    const server = serveRpc(b, tableResolver(served, table));
    new RpcClient(a).proxy<Counter>().onChange(() => {});
    await tick();
    expect(served.listeners).toBe(1);
    server.close();
    expect(served.listeners).toBe(0);
  });

  it('is not mistaken for a promise', async () => {
    const [a] = channel();
    const remote = new RpcClient(a).proxy<Counter>();
    expect(await Promise.resolve(remote)).toBe(remote);
  });

  it('hands messages that are not its own to the port owner', async () => {
    const [a, b] = channel();
    const other: unknown[] = [];
    new RpcClient(a, (m) => other.push(m));
    b.postMessage({ type: 'hello', backend: 'reference' });
    await tick();
    expect(other).toEqual([{ type: 'hello', backend: 'reference' }]);
  });

  it('finds every buffer under a value once', () => {
    const shared = new Float32Array(4);
    const buffers = transferables({ a: shared, b: shared.subarray(1), c: [new Int32Array(2)], d: new Map([['k', new Uint8Array(1)]]), e: 'text' });
    expect(buffers).toHaveLength(3);
    expect(buffers).toContain(shared.buffer);
  });
});

describe('PortMux', () => {
  it('keeps the conversations of its channels apart, and tells each when the other side closes it', async () => {
    const [a, b] = channel();
    const opened: Channel[] = [];
    const server = new PortMux(b, (c) => opened.push(c));
    const client = new PortMux(a);
    const one = client.channel('services');
    const two = client.channel('compute:1');
    serveRpc(server.channel('services'), tableResolver(counter(), table));
    const answers: unknown[] = [];
    two.onmessage = (e) => answers.push(e.data);
    two.postMessage('ping');
    expect(await new RpcClient(one).proxy<Counter>().add(4)).toBe(4);
    await tick();
    expect(opened.map((c) => c.name)).toEqual(['compute:1']);
    opened[0]!.onmessage = (e) => opened[0]!.postMessage(`${String(e.data)} pong`);
    await tick();
    expect(answers).toEqual(['ping pong']);
    let closed = false;
    two.onclose = () => (closed = true);
    opened[0]!.close();
    await tick();
    expect(closed).toBe(true);
  });

  it('closes every channel when the port goes', () => {
    const [a] = channel();
    const mux = new PortMux(a);
    const closed: string[] = [];
    for (const name of ['x', 'y']) mux.channel(name).onclose = () => closed.push(name);
    mux.close();
    expect(closed).toEqual(['x', 'y']);
  });
});
