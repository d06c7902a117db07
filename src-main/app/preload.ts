/**
 * The preload script: runs sandboxed, before the page, and exposes exactly one
 * object, `window.netwright` (shared/ipc/bridge.ts). Nothing else crosses:
 * no ipcRenderer, no Node. Each function uses its own allow-listed channel;
 * events come back through listeners that see only the payload, never the
 * IpcRendererEvent (which would hand the page `event.sender`).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { forwardPorts } from '../services/preload-ports';
import { BRIDGE_CHANNELS, BRIDGE_EVENTS, BRIDGE_KEY, type MenuCommand, type NetwrightBridge, type OpenedFile } from '../../shared/ipc/bridge';

function listen<T>(channel: string, listener: (payload: T) => void): () => void {
  const wrapped = (_event: unknown, payload: T) => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

const bridge: NetwrightBridge = {
  platform: process.platform,
  version: () => ipcRenderer.invoke(BRIDGE_CHANNELS.version),
  openFile: (kinds) => ipcRenderer.invoke(BRIDGE_CHANNELS.openFile, kinds),
  saveProject: (request) => ipcRenderer.invoke(BRIDGE_CHANNELS.saveProject, request),
  saveFile: (request) => ipcRenderer.invoke(BRIDGE_CHANNELS.saveFile, request),
  setDocument: (state) => ipcRenderer.invoke(BRIDGE_CHANNELS.setDocument, state),
  autosave: (request) => ipcRenderer.invoke(BRIDGE_CHANNELS.autosave, request),
  takeRecovery: () => ipcRenderer.invoke(BRIDGE_CHANNELS.takeRecovery),
  editText: (edit) => ipcRenderer.invoke(BRIDGE_CHANNELS.editText, edit),
  importData: (kind) => ipcRenderer.invoke(BRIDGE_CHANNELS.importData, kind),
  onMenuCommand: (listener) => listen<MenuCommand>(BRIDGE_EVENTS.menuCommand, listener),
  onFileOpened: (listener) => listen<OpenedFile>(BRIDGE_EVENTS.fileOpened, listener),
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);

// Message ports (the services port, compute ports) cannot cross contextBridge; the preload relays them.
// The preload runs in the page's window; this project's main-side types have no DOM, so it is taken by shape.
const page = globalThis as unknown as Partial<Parameters<typeof forwardPorts>[1]>;
if (typeof page.addEventListener === 'function') forwardPorts(ipcRenderer, page as Parameters<typeof forwardPorts>[1]);
