/**
 * The preload script: runs sandboxed, before the page, and exposes exactly one
 * object, `window.netwright` (shared/ipc/bridge.ts). Nothing else crosses:
 * no ipcRenderer, no Node.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_CHANNELS, BRIDGE_KEY, type NetwrightBridge } from '../../shared/ipc/bridge';

const bridge: NetwrightBridge = {
  platform: process.platform,
  version: () => ipcRenderer.invoke(BRIDGE_CHANNELS.version) as Promise<string>,
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
