/**
 * Web mode's link to the server: one WebSocket per page, carrying frames
 * (shared/ipc/wire.ts: JSON plus raw typed-array bytes) split into channels
 * (shared/ipc/mux.ts):
 *   'services'     the services the views call (src-main/services on the server)
 *   'compute:<n>'  one per training run: the server drives a Trainer whose
 *                  engine is a compute worker in this page, on this page's GPU;
 *                  the page only relays between the socket and the worker.
 */
import { PortMux, type Channel } from '../../../shared/ipc/mux';
import type { Port } from '../../../shared/ipc/rpc';
import { decodeMessage, encodeMessage } from '../../../shared/ipc/wire';
import { hostComputeWorker } from './worker-host';

/** The path the web server answers WebSockets on (src-main/web/server.ts). */
export const SERVICES_PATH = '/api';

export interface WebBridge {
  /** The services channel: give it to an RpcClient. */
  readonly services: Channel;
  close(): void;
}

export interface WebBridgeOptions {
  readonly url?: string;
  /** The socket closed (the server stopped, the network dropped); `reason` is a sentence for the person. */
  readonly onClose?: (reason: string) => void;
}

export function defaultServicesUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${SERVICES_PATH}`;
}

/** A Port over a WebSocket: each message is one binary frame; messages sent before the socket opens wait for it. */
function socketPort(socket: WebSocket): Port {
  const waiting: Uint8Array<ArrayBuffer>[] = [];
  const port: Port = {
    onmessage: null,
    postMessage(message) {
      const frame = encodeMessage(message);
      if (socket.readyState === WebSocket.OPEN) socket.send(frame);
      else if (socket.readyState === WebSocket.CONNECTING) waiting.push(frame);
    },
  };
  socket.binaryType = 'arraybuffer';
  socket.addEventListener('open', () => {
    for (const frame of waiting.splice(0)) socket.send(frame);
  });
  socket.addEventListener('message', (event: MessageEvent) => {
    if (event.data instanceof ArrayBuffer) port.onmessage?.({ data: decodeMessage(event.data) });
  });
  return port;
}

export function connectWeb(options: WebBridgeOptions = {}): WebBridge {
  const socket = new WebSocket(options.url ?? defaultServicesUrl());
  const workers = new Set<() => void>();
  const mux = new PortMux(socketPort(socket), (channel) => {
    if (!channel.name.startsWith('compute:')) return channel.close();
    const end = hostComputeWorker(channel);
    workers.add(end);
    channel.onclose = () => {
      workers.delete(end);
      end();
    };
  });
  let opened = false;
  socket.addEventListener('open', () => (opened = true));
  socket.addEventListener('close', () => {
    mux.close();
    options.onClose?.(opened ? "The connection to Netwright's server was lost. Restart `netwright serve` and reload the page." : "Netwright's server could not be reached. Start it with `netwright serve` and reload the page.");
  });
  return {
    services: mux.channel('services'),
    close() {
      for (const end of workers) end();
      socket.close();
    },
  };
}
