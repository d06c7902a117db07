/**
 * How the desktop app hands out message ports: the services port (renderer ↔
 * main, the same protocol web mode speaks over its WebSocket) and one compute
 * port per training run (main ↔ a worker in the hidden compute window).
 * Electron moves ports with webContents.postMessage and ipcRenderer; a
 * context-isolated page gets them from its preload through window.postMessage,
 * since contextBridge cannot pass a MessagePort.
 *
 *   services   page    → window   { type: SERVICES_REQUEST }
 *              preload → main     ipcRenderer.send(SERVICES_REQUEST)
 *              main    → preload  webContents.postMessage(SERVICES_PORT, null, [port])
 *              preload → page     window.postMessage({ type: SERVICES_PORT }, origin, [port])
 *   compute    main    → preload  (compute window) webContents.postMessage(COMPUTE_PORT, null, [port])
 *              preload → page     window.postMessage({ type: COMPUTE_PORT }, origin, [port])
 */
export const SERVICES_REQUEST = 'netwright:services-request';
export const SERVICES_PORT = 'netwright:services-port';
export const COMPUTE_PORT = 'netwright:compute-port';

export interface PortMessage {
  readonly type: typeof SERVICES_REQUEST | typeof SERVICES_PORT | typeof COMPUTE_PORT;
}

export const isPortMessage = (data: unknown, type: PortMessage['type']): boolean => typeof data === 'object' && data !== null && (data as { type?: unknown }).type === type;
