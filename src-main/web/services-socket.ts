/**
 * Web mode's services: a WebSocket endpoint on the web server. Each page
 * that connects gets the services (src-main/services) on its socket's
 * 'services' channel, and lends its GPU back: every training run opens a
 * 'compute:<n>' channel, which the page relays to a compute worker
 * (src-renderer/src/compute/bridge.ts). Frames are shared/ipc/wire.ts.
 *
 * Only our own page may connect: the Origin header must be this server's.
 * Without that check any web site open in the same browser could reach the
 * workspace's files through a socket to 127.0.0.1.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { PortMux } from '../../shared/ipc/mux';
import type { Port } from '../../shared/ipc/rpc';
import type { BackendChoice } from '../../shared/ipc/services';
import { decodeMessage, encodeMessage } from '../../shared/ipc/wire';
import { openComputeTrainer } from '../services/compute';
import { createDataService } from '../services/data';
import { createFileService } from '../services/files';
import { serveServices } from '../services/serve';
import { createRunBook, createTrainingService } from '../services/training';

/** Where the page connects (src-renderer/src/compute/bridge.ts SERVICES_PATH). */
export const SERVICES_PATH = '/api';

/** Datasets such as MNIST's training split are a few hundred megabytes in one message. */
const MAX_MESSAGE_BYTES = 2 ** 31 - 1;

export interface ServicesSocketOptions {
  /** Dataset paths and the FileService are relative to this folder. */
  readonly workspace: string;
  /** Where run folders go. */
  readonly runsDir: string;
}

export interface ServicesSocket {
  /** Pages connected now. */
  readonly connections: number;
  close(): Promise<void>;
}

/** A Port over a server-side WebSocket: one binary frame per message. */
function socketPort(socket: WebSocket): Port {
  const port: Port = {
    onmessage: null,
    postMessage(message) {
      if (socket.readyState === socket.OPEN) socket.send(encodeMessage(message));
    },
  };
  socket.binaryType = 'arraybuffer';
  socket.on('message', (data, isBinary) => {
    if (!isBinary || !(data instanceof ArrayBuffer)) return socket.close(1003, 'Netwright speaks binary frames only.');
    let message: unknown;
    try {
      message = decodeMessage(data);
    } catch {
      return socket.close(1007, 'A frame could not be read.');
    }
    port.onmessage?.({ data: message });
  });
  return port;
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\n`);
}

/** The origins our own page has when served by `server` on `port`. */
export function allowedOrigins(host: string, port: number): Set<string> {
  const hosts = new Set([host, '127.0.0.1', 'localhost', '[::1]']);
  return new Set([...hosts].map((h) => `http://${h}:${port}`));
}

export function attachServicesSocket(server: Server, origins: () => Set<string>, options: ServicesSocketOptions): ServicesSocket {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  const book = createRunBook();
  const data = createDataService({ workspace: options.workspace });
  const files = createFileService({ workspace: options.workspace });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?', 1)[0];
    if (path !== SERVICES_PATH) return refuse(socket, 404, 'Not Found');
    if (!origins().has(req.headers.origin ?? '')) return refuse(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => connect(ws));
  };

  const connect = (ws: WebSocket) => {
    const mux = new PortMux(socketPort(ws));
    let nextCompute = 1;
    const training = createTrainingService({
      runsDir: options.runsDir,
      workspace: options.workspace,
      book,
      openTrainer: (backend: BackendChoice) => openComputeTrainer(mux.channel(`compute:${nextCompute++}`), backend, { closedMessage: 'The page that was training closed or reloaded, so its run stopped.' }),
    });
    const served = serveServices(mux.channel('services'), { training, data, files });
    ws.on('close', () => {
      served.close();
      mux.close();
      training.dispose();
    });
  };

  server.on('upgrade', onUpgrade);
  return {
    get connections() {
      return wss.clients.size;
    },
    close() {
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.terminate();
      return new Promise((done) => wss.close(() => done()));
    },
  };
}
