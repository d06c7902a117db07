/**
 * Several named channels over one port. Web mode has one WebSocket per page
 * and needs more than one conversation on it: the services the page calls,
 * and one trainer channel per training run that the page relays to a compute
 * worker. Each channel is itself a Port, so the RPC code above it does not
 * know it is sharing.
 *
 *   { ch: name, m: message }   a message on channel `name`
 *   { ch: name, close: true }  the channel is finished (its worker may go)
 */
import type { Port, PortEvent } from './rpc';

type Envelope = { readonly ch: string; readonly m?: unknown; readonly close?: true };

export interface Channel extends Port {
  readonly name: string;
  /** Tells the other side this channel is finished, and stops delivering to it. */
  close(): void;
  /** Called when the other side closes the channel (or the whole port goes). */
  onclose: (() => void) | null;
}

export class PortMux {
  private readonly channels = new Map<string, Channel>();
  private readonly deliver = new Map<string, (event: PortEvent) => void>();
  private closed = false;

  /**
   * `onOpen` is told about channels the other side starts (the first message
   * on a name not seen before); without it such messages are dropped.
   */
  constructor(
    private readonly port: Port,
    private readonly onOpen?: (channel: Channel) => void,
  ) {
    port.onmessage = (event) => this.receive(event.data);
  }

  /** The channel called `name`, made on first use. */
  channel(name: string): Channel {
    let channel = this.channels.get(name);
    if (channel) return channel;
    let queue: PortEvent[] | undefined = [];
    let handler: Port['onmessage'] = null;
    channel = {
      name,
      onclose: null,
      postMessage: (message, transfer) => {
        if (!this.channels.has(name) || this.closed) return;
        this.port.postMessage({ ch: name, m: message } satisfies Envelope, transfer);
      },
      // Messages that arrive before anyone listens wait for the first handler.
      get onmessage() {
        return handler;
      },
      set onmessage(h) {
        handler = h;
        const waiting = queue;
        queue = undefined;
        if (h) for (const e of waiting ?? []) h(e);
      },
      close: () => {
        this.deliver.delete(name);
        if (!this.channels.delete(name) || this.closed) return;
        this.port.postMessage({ ch: name, close: true } satisfies Envelope);
      },
    };
    this.deliver.set(name, (event) => (handler ? handler(event) : queue?.push(event)));
    this.channels.set(name, channel);
    return channel;
  }

  /** The port is gone: every channel hears onclose. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const channel of this.channels.values()) channel.onclose?.();
    this.channels.clear();
    this.deliver.clear();
  }

  private receive(data: unknown): void {
    const envelope = data as Envelope;
    if (typeof envelope !== 'object' || envelope === null || typeof envelope.ch !== 'string') return;
    let channel = this.channels.get(envelope.ch);
    if (envelope.close) {
      if (!channel) return;
      this.channels.delete(envelope.ch);
      this.deliver.delete(envelope.ch);
      channel.onclose?.();
      return;
    }
    if (!channel) {
      if (!this.onOpen) return;
      channel = this.channel(envelope.ch);
      this.onOpen(channel);
    }
    this.deliver.get(envelope.ch)?.({ data: envelope.m });
  }
}
