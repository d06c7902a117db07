/**
 * The hidden compute window and the services port (design.md, "Where the
 * engine runs"): Electron's main process cannot read back from Dawn, so the
 * engine runs in workers of a hidden window on navigator.gpu, and main drives
 * them over MessagePorts. Main itself keeps the compile, the data, the
 * checkpoints and the run history (src-main/services/desktop.ts). The page
 * asks for its services port through the preload (shared/ipc/desktop-ports.ts).
 */
import { BrowserWindow, ipcMain, MessageChannelMain, type IpcMainEvent } from 'electron';
import { COMPUTE_PORT, SERVICES_PORT, SERVICES_REQUEST } from '../../shared/ipc/desktop-ports';
import { createDesktopServices, type DesktopServices } from '../services/desktop';
import { isTrustedSender, WEB_PREFERENCES } from './security';

/** Opens the compute window once, lazily, and resolves when its page has loaded. */
function computeWindow(preload: string, url: string): () => Promise<BrowserWindow> {
  let opened: Promise<BrowserWindow> | undefined;
  return () => {
    opened ??= (async () => {
      const window = new BrowserWindow({ show: false, webPreferences: { ...WEB_PREFERENCES, preload } });
      window.on('closed', () => {
        opened = undefined;
      });
      await window.loadURL(url);
      return window;
    })();
    return opened;
  };
}

export function startDesktopServices(options: { preload: string; computeUrl: string; runsDir: string; workspace: string; devServerUrl?: string }): DesktopServices {
  const compute = computeWindow(options.preload, options.computeUrl);
  const desktop = createDesktopServices({
    runsDir: options.runsDir,
    workspace: options.workspace,
    async openComputePort() {
      const window = await compute();
      const { port1, port2 } = new MessageChannelMain();
      window.webContents.postMessage(COMPUTE_PORT, null, [port2]);
      return port1;
    },
  });
  ipcMain.on(SERVICES_REQUEST, (event: IpcMainEvent) => {
    if (!isTrustedSender(event, options.devServerUrl)) return;
    const { port1, port2 } = new MessageChannelMain();
    desktop.connect(port1);
    event.sender.postMessage(SERVICES_PORT, null, [port2]);
  });
  return desktop;
}
