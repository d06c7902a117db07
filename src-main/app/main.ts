/**
 * The Electron main process: registers the app:// scheme, hardens every
 * session and web contents, and opens the main window. Kept thin on purpose
 * (see design.md, "Testing on a machine without a GPU"): the settings live in
 * security.ts and the pieces in protocol.ts, window.ts and ipc.ts, which are
 * tested with Electron mocked.
 */
import { app, BrowserWindow, session } from 'electron';
import { fileURLToPath } from 'node:url';
import { registerBridgeHandlers } from './ipc';
import { registerAppScheme, serveRenderer } from './protocol';
import { APP_ORIGIN } from './security';
import { createMainWindow, hardenSession, hardenWebContents } from './window';

// electron-vite writes main to out/main, the preload to out/preload and the renderer to out/renderer.
const PRELOAD = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const RENDERER_DIR = fileURLToPath(new URL('../renderer', import.meta.url));
/**
 * Set by `electron-vite dev`: the renderer comes from Vite's dev server, with hot
 * reload. That server sends no CSP (hot reload needs inline scripts); the built
 * app, served over app://, always has it.
 */
const DEV_SERVER_URL = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];

registerAppScheme();
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

function openMainWindow(): void {
  createMainWindow({ preload: PRELOAD, url: DEV_SERVER_URL ?? `${APP_ORIGIN}/index.html` });
}

void app.whenReady().then(() => {
  hardenSession(session.defaultSession);
  serveRenderer(RENDERER_DIR);
  registerBridgeHandlers(DEV_SERVER_URL);
  openMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
