/**
 * The preload's part in handing out ports (shared/ipc/desktop-ports.ts):
 * contextBridge cannot pass a MessagePort, so the preload relays the page's
 * request for the services port to main, and the ports main sends back (the
 * services port to an app window, compute ports to the compute window) to the
 * page with window.postMessage. Two lines in src-main/app/preload.ts:
 *
 *   import { forwardPorts } from '../services/preload-ports';
 *   forwardPorts(ipcRenderer, window);
 *
 * Electron and the DOM are taken by shape, so this is tested with mocks.
 */
import { COMPUTE_PORT, isPortMessage, SERVICES_PORT, SERVICES_REQUEST } from '../../shared/ipc/desktop-ports';

export interface IpcRendererLike {
  send(channel: string): void;
  on(channel: string, listener: (event: { readonly ports: readonly unknown[] }) => void): unknown;
}

export interface WindowLike {
  addEventListener(type: 'message', listener: (event: { readonly source: unknown; readonly data: unknown }) => void): void;
  postMessage(message: unknown, targetOrigin: string, transfer?: unknown[]): void;
  readonly location: { readonly origin: string };
}

export function forwardPorts(ipc: IpcRendererLike, win: WindowLike): void {
  // app://netwright has an origin; a page with an opaque one ("null") can only be addressed as '*', and it is this same window.
  const origin = () => (win.location.origin && win.location.origin !== 'null' ? win.location.origin : '*');
  win.addEventListener('message', (event) => {
    if (event.source === win && isPortMessage(event.data, SERVICES_REQUEST)) ipc.send(SERVICES_REQUEST);
  });
  for (const type of [SERVICES_PORT, COMPUTE_PORT] as const) {
    ipc.on(type, (event) => {
      if (event.ports.length > 0) win.postMessage({ type }, origin(), [...event.ports]);
    });
  }
}
