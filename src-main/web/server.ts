/**
 * Web mode's server: serves the built renderer (out/web) over plain HTTP on
 * 127.0.0.1, with the same CSP as the desktop shell, and the app's services
 * on a WebSocket (services-socket.ts): training, data and files, with the
 * engine itself in a worker of the page. Loopback only: it is a way to run
 * the app in a browser on this machine, not a public site.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { allowedOrigins, attachServicesSocket, type ServicesSocket, type ServicesSocketOptions } from './services-socket';
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
  /**
   * The services' folders, or false for static files only. By default the
   * workspace is $NETWRIGHT_WORKSPACE or the working folder, and runs go to
   * $NETWRIGHT_RUNS_DIR or <workspace>/runs.
   */
  readonly services?: Partial<ServicesSocketOptions> | false;
}

export interface WebServer {
  readonly url: string;
  readonly port: number;
  /** The services endpoint, when the server has one. */
  readonly services?: ServicesSocket;
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

function servicesFolders(given: Partial<ServicesSocketOptions>): ServicesSocketOptions {
  const workspace = resolve(given.workspace ?? process.env['NETWRIGHT_WORKSPACE'] ?? process.cwd());
  return { workspace, runsDir: resolve(given.runsDir ?? process.env['NETWRIGHT_RUNS_DIR'] ?? join(workspace, 'runs')) };
}

/** Starts serving `root`; on a taken port, tries the next ones unless `strictPort`. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? DEFAULT_HOST;
  const first = options.port ?? DEFAULT_PORT;
  const server = createServer(handler(options.root));
  let bound = 0;
  const services = options.services === false ? undefined : attachServicesSocket(server, () => allowedOrigins(host, bound), servicesFolders(options.services ?? {}));
  const attempts = options.strictPort || first === 0 ? 1 : PORT_ATTEMPTS;
  for (let i = 0; i < attempts; i++) {
    try {
      const port = await listen(server, first + i, host);
      bound = port;
      return {
        url: `http://${host}:${port}/`,
        port,
        ...(services ? { services } : {}),
        close: async () => {
          await services?.close();
          await new Promise<void>((done, fail) => server.close((e) => (e ? fail(e) : done())));
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    }
  }
  const range = attempts === 1 ? `Port ${first} is` : `Ports ${first}–${first + attempts - 1} are`;
  throw new WebServerError(`${range} already in use. Pass --port with a free port.`);
}
