/**
 * The Electron main process: registers the app:// scheme, hardens every
 * session and web contents, offers to restore autosaved work, and opens the
 * main window with its menu. Kept thin on purpose (see design.md, "Testing on
 * a machine without a GPU"): the settings live in security.ts and the pieces
 * in protocol.ts, window.ts, menu.ts, ipc.ts, document-files.ts,
 * document-session.ts, autosave.ts and data-import.ts, which are tested
 * with Electron mocked.
 */
import { app, BrowserWindow, Menu, session, type WebContents } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BRIDGE_EVENTS, type MenuCommand, type OpenedFile, type Recovery } from '../../shared/ipc/bridge';
import { Autosave, AUTOSAVE_FILE } from './autosave';
import { askRestore, askUnsavedChanges, chooseData, nativeFileDialogs, showError } from './dialogs';
import { importChosenData } from './data-import';
import { DocumentFiles } from './document-files';
import { DocumentSession } from './document-session';
import { bridgeHandlers, registerBridgeHandlers } from './ipc';
import { menuTemplate } from './menu';
import { registerAppScheme, serveRenderer } from './protocol';
import { RecentFiles } from './recent-files';
import { APP_ORIGIN } from './security';
import { startDesktopServices } from './compute-window';
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

const sessions = new Map<WebContents, DocumentSession>();
let recent: RecentFiles;
let autosave: Autosave;
let files: DocumentFiles;
let recovery: Recovery | null = null;

/** The window a menu command is for: the focused one, else the first. */
function targetWindow(): BrowserWindow | undefined {
  return BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
}

function send(window: BrowserWindow | undefined, command: MenuCommand): void {
  window?.webContents.send(BRIDGE_EVENTS.menuCommand, command);
}

function installMenu(): void {
  const template = menuTemplate({
    platform: process.platform,
    recent: recent.list(),
    developer: !app.isPackaged,
    send: (command) => send(targetWindow(), { command }),
    openRecent: (path) => void openRecent(path),
    clearRecent: () => void recent.clear(),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function openRecent(path: string): Promise<void> {
  const window = targetWindow();
  let file: OpenedFile;
  try {
    file = await files.read(path);
  } catch (error) {
    await recent.remove(path);
    showError(window ?? null, 'The project could not be opened.', (error as Error).message);
    return;
  }
  window?.webContents.send(BRIDGE_EVENTS.fileOpened, file);
}

function openMainWindow(): void {
  const window = createMainWindow({ preload: PRELOAD, url: DEV_SERVER_URL ?? `${APP_ORIGIN}/index.html` });
  const contents = window.webContents;
  sessions.set(
    contents,
    new DocumentSession(window, {
      ask: askUnsavedChanges,
      send: (command) => send(window, command),
      closed: () => {
        sessions.delete(contents);
        void autosave.clear();
      },
    }),
  );
}

/** A copy left by a crash: offer it before the window opens, so the page can pick it up at start. */
async function offerRecovery(): Promise<void> {
  const found = await autosave.read();
  if (!found) return;
  if (await askRestore(found.name, found.savedAt)) {
    recovery = found;
    if (found.path) files.grant(found.path);
  } else {
    await autosave.clear();
  }
}

void app.whenReady().then(async () => {
  const userData = app.getPath('userData');
  recent = new RecentFiles(join(userData, 'recent-files.json'));
  autosave = new Autosave(join(userData, AUTOSAVE_FILE));
  files = new DocumentFiles(recent, nativeFileDialogs);
  await recent.load();
  hardenSession(session.defaultSession, DEV_SERVER_URL);
  serveRenderer(RENDERER_DIR);
  const workspace = app.getPath('documents');
  const desktop = startDesktopServices({
    preload: PRELOAD,
    computeUrl: DEV_SERVER_URL ? new URL('compute.html', DEV_SERVER_URL).href : `${APP_ORIGIN}/compute.html`,
    runsDir: join(userData, 'runs'),
    workspace,
    ...(DEV_SERVER_URL ? { devServerUrl: DEV_SERVER_URL } : {}),
  });
  app.on('will-quit', () => desktop.dispose());
  registerBridgeHandlers(
    bridgeHandlers({
      files,
      autosave,
      version: () => app.getVersion(),
      windowOf: (contents) => BrowserWindow.fromWebContents(contents),
      sessionOf: (contents) => sessions.get(contents),
      takeRecovery: () => {
        const taken = recovery;
        recovery = null;
        return taken;
      },
      importData: (window, kind) => importChosenData(window, kind, { choose: chooseData, importData: (upload) => desktop.services.data.importData(upload), workspace }),
    }),
    DEV_SERVER_URL,
  );
  // Saving adds to Open Recent; keep the menu in step.
  recent.onChange(installMenu);
  await offerRecovery();
  installMenu();
  openMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
