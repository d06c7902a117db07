/**
 * Web mode's server: serves the built renderer (out/web) over plain HTTP on
 * 127.0.0.1, with the same CSP as the desktop shell. Loopback only: it is a
 * way to run the app in a browser on this machine, not a public site.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readStaticFile, securityHeaders } from './static-files';

export const DEFAULT_PORT = 5173;
export const DEFAULT_HOST = '127.0.0.1';
/** How many ports after the requested one to try when it is taken. */
const PORT_ATTEMPTS = 20;

export interface WebServerOptions {
  /** The folder to serve: the output of `npm run build:web`. */
  readonly root: string;
  readonly port?: number;
  readonly host?: string;
  /** Fail if `port` is taken instead of trying the next ones (tests want a known URL). */
  readonly strictPort?: boolean;
}

export interface WebServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export class WebServerError extends Error {
  override readonly name = 'WebServerError';
}

function handler(root: string) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...securityHeaders(), Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
      return;
    }
    const file = await readStaticFile(root, req.url ?? '/');
    res.writeHead(file.status, { ...file.headers, 'Content-Length': String(file.body.byteLength) });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const onError = (e: Error) => {
      server.off('listening', onListening);
      reject(e);
    };
    const onListening = () => {
      server.off('error', onError);
      resolvePort((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Starts serving `root`; on a taken port, tries the next ones unless `strictPort`. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? DEFAULT_HOST;
  const first = options.port ?? DEFAULT_PORT;
  const server = createServer(handler(options.root));
  const attempts = options.strictPort || first === 0 ? 1 : PORT_ATTEMPTS;
  for (let i = 0; i < attempts; i++) {
    try {
      const port = await listen(server, first + i, host);
      return {
        url: `http://${host}:${port}/`,
        port,
        close: () => new Promise<void>((done, fail) => server.close((e) => (e ? fail(e) : done()))),
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    }
  }
  const range = attempts === 1 ? `Port ${first} is` : `Ports ${first}–${first + attempts - 1} are`;
  throw new WebServerError(`${range} already in use. Pass --port with a free port.`);
}
