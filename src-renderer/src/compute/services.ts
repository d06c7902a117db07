/**
 * The services the views call: `services.training`, `services.data`,
 * `services.files` (declared in shared/ipc/services.ts). Each is one generic
 * proxy (shared/ipc/rpc.ts) over a port to main: in web mode the page's
 * WebSocket to the server (bridge.ts), in the desktop app a MessagePort the
 * preload hands over. The connection opens on the first call, so importing
 * this module costs nothing.
 *
 *   const runId = await services.training.start(project, { epochs: 50 });
 *   const off = services.training.onEvent((id, e) => { if (id === runId) … });
 */
import { isPortMessage, SERVICES_PORT, SERVICES_REQUEST } from '../../../shared/ipc/desktop-ports';
import { RpcClient, type Port } from '../../../shared/ipc/rpc';
import type { DataService, FileService, Services, TrainingService } from '../../../shared/ipc/services';
import { connectWeb } from './bridge';

export type * from '../../../shared/ipc/services';
export { RemoteError } from '../../../shared/ipc/rpc';

/** A port that opens on first use, and queues until the real one is there. */
function portOnDemand(open: (ready: (port: Port) => void, fail: (reason: string) => void) => void): Port {
  let real: Port | undefined;
  let handler: Port['onmessage'] = null;
  let started = false;
  const waiting: [unknown, readonly unknown[] | undefined][] = [];
  return {
    get onmessage() {
      return handler;
    },
    set onmessage(h) {
      handler = h;
      if (real) real.onmessage = h;
    },
    postMessage(message, transfer) {
      if (real) return real.postMessage(message, transfer);
      waiting.push([message, transfer]);
      if (started) return;
      started = true;
      open(
        (port) => {
          real = port;
          port.onmessage = handler;
          for (const [m, t] of waiting.splice(0)) port.postMessage(m, t);
        },
        (reason) => client.close(new Error(reason)),
      );
    },
  };
}

/** The desktop app: ask the preload for the services port (shared/ipc/desktop-ports.ts). */
function openDesktop(ready: (port: Port) => void, fail: (reason: string) => void): void {
  const timer = setTimeout(() => {
    window.removeEventListener('message', take);
    fail('The app’s services did not answer. Restart Netwright; if it keeps happening, please report it.');
  }, 15_000);
  const take = (event: MessageEvent) => {
    if (event.source !== window || !isPortMessage(event.data, SERVICES_PORT) || !event.ports[0]) return;
    window.removeEventListener('message', take);
    clearTimeout(timer);
    const port = event.ports[0];
    ready(port);
    port.start();
  };
  window.addEventListener('message', take);
  window.postMessage({ type: SERVICES_REQUEST }, location.origin === 'null' ? '*' : location.origin);
}

function openWeb(ready: (port: Port) => void, fail: (reason: string) => void): void {
  ready(connectWeb({ onClose: fail }).services);
}

const client = new RpcClient(
  portOnDemand((ready, fail) => {
    if (typeof window === 'undefined') return fail('Netwright’s services are only reachable from the app’s page.');
    if (window.netwright) openDesktop(ready, fail);
    else openWeb(ready, fail);
  }),
);

export const services: Services = {
  training: client.proxy<TrainingService>('training.'),
  data: client.proxy<DataService>('data.'),
  files: client.proxy<FileService>('files.'),
};

declare global {
  interface Window {
    /** The same `services`, for the developer console and the end-to-end tests. */
    netwrightServices?: Services;
  }
}

if (typeof window !== 'undefined') window.netwrightServices = services;
