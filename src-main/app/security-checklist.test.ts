/**
 * Electron's security checklist (docs/tutorial/security.md, 20 items), one
 * test per item, on the real configuration: the shell's main.ts is started
 * here with Electron mocked, and the tests read what it asked Electron for
 * (the windows it made, the handlers it set, the scheme it registered), plus
 * the packaging's fuses and the preload's exposed object.
 */
import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const electron = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;
  const windows: { options: Record<string, unknown>; urls: string[] }[] = [];
  const appListeners = new Map<string, Listener>();
  const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
  class BrowserWindow {
    readonly urls: string[] = [];
    readonly webContents = { send: vi.fn() };
    constructor(readonly options: Record<string, unknown>) {
      windows.push(this);
    }
    on() {}
    once() {}
    loadURL(url: string) {
      this.urls.push(url);
      return Promise.resolve();
    }
    static getAllWindows = () => windows;
    static getFocusedWindow = () => null;
    static fromWebContents = () => null;
  }
  return {
    windows,
    appListeners,
    session,
    exposed: new Map<string, unknown>(),
    BrowserWindow,
    app: {
      isPackaged: true,
      enableSandbox: vi.fn(),
      on: (event: string, listener: Listener) => appListeners.set(event, listener),
      whenReady: () => Promise.resolve(),
      getPath: () => mkdtempSync(join(tmpdir(), 'netwright-userdata-')),
      getVersion: () => '0.0.0',
      quit: vi.fn(),
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    ipcMain: { handle: vi.fn(), on: vi.fn() },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: vi.fn() },
  };
});

vi.mock('electron', () => ({
  app: electron.app,
  BrowserWindow: electron.BrowserWindow,
  Menu: electron.Menu,
  session: { defaultSession: electron.session },
  protocol: electron.protocol,
  ipcMain: electron.ipcMain,
  dialog: { showMessageBox: vi.fn(), showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => electron.exposed.set(key, value) },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
}));

const { APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY, WEB_PREFERENCES } = await import('./security');
const { BRIDGE_CHANNELS, BRIDGE_KEY } = await import('../../shared/ipc/bridge');
const { FUSES } = await import('./packaging/after-pack.mjs');
const { FuseV1Options } = await import('@electron/fuses');
await import('./main');
// Let app.whenReady()'s chain (recent files, the recovery check, the window) run.
await vi.waitFor(() => expect(electron.windows).toHaveLength(1));
await import('./preload');

const window = electron.windows[0]!;
const prefs = window.options['webPreferences'] as Record<string, unknown>;
const APP_SOURCES = readdirSync(import.meta.dirname).filter((f) => /\.(ts|mjs)$/.test(f) && !f.endsWith('.test.ts')).map((f) => readFileSync(join(import.meta.dirname, f), 'utf8'));

function hardenedContents() {
  const listeners = new Map<string, (event: { preventDefault(): void }, ...rest: unknown[]) => void>();
  let openHandler: ((details: { url: string }) => unknown) | undefined;
  const contents = {
    on: (event: string, listener: never) => listeners.set(event, listener),
    setWindowOpenHandler: (handler: never) => (openHandler = handler),
  };
  electron.appListeners.get('web-contents-created')!({}, contents);
  return { listeners, openHandler: openHandler! };
}

describe("Electron's security checklist", () => {
  it('1. only loads secure content: the page comes from app://, and the CSP names no remote source', () => {
    expect(window.urls).toEqual([`${APP_ORIGIN}/index.html`]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*|ws:/);
  });

  it('2. no Node.js integration for any content', () => {
    expect(prefs).toMatchObject({ nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false });
  });

  it('3. context isolation is on', () => {
    expect(prefs['contextIsolation']).toBe(true);
  });

  it('4. the renderer is sandboxed, in this window and app-wide', () => {
    expect(prefs['sandbox']).toBe(true);
    expect(electron.app.enableSandbox).toHaveBeenCalled();
  });

  it('5. permission requests are handled: all denied but writing text to the clipboard, for our own page', () => {
    const request = electron.session.setPermissionRequestHandler.mock.calls[0]![0];
    const check = electron.session.setPermissionCheckHandler.mock.calls[0]![0];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'pointerLock']) {
      const callback = vi.fn();
      request(null, permission, callback, { requestingUrl: `${APP_ORIGIN}/index.html` });
      expect(callback, permission).toHaveBeenCalledWith(false);
      expect(check(null, permission, APP_ORIGIN), permission).toBe(false);
    }
    expect(check(null, 'clipboard-sanitized-write', APP_ORIGIN)).toBe(true);
    expect(check(null, 'clipboard-sanitized-write', 'https://example.com')).toBe(false);
  });

  it('6. webSecurity is not disabled', () => {
    expect(prefs['webSecurity']).toBe(true);
  });

  it('7. a Content-Security-Policy is set: our own scripts only, no eval, no inline script', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });

  it('8. allowRunningInsecureContent stays off', () => {
    expect(prefs['allowRunningInsecureContent']).toBe(false);
  });

  it('9. experimental features stay off', () => {
    expect(prefs['experimentalFeatures']).toBe(false);
  });

  it('10. no enableBlinkFeatures', () => {
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(WEB_PREFERENCES).not.toHaveProperty('enableBlinkFeatures');
  });

  it('11. <webview>: none at all, so no allowpopups', () => {
    expect(prefs['webviewTag']).toBe(false);
  });

  it('12. <webview>: attaching one is refused outright', () => {
    const event = { preventDefault: vi.fn() };
    hardenedContents().listeners.get('will-attach-webview')!(event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('13. navigation is disabled, redirects included', () => {
    const { listeners } = hardenedContents();
    for (const name of ['will-navigate', 'will-redirect']) {
      const event = { preventDefault: vi.fn() };
      listeners.get(name)!(event, 'https://example.com/');
      expect(event.preventDefault, name).toHaveBeenCalled();
    }
    expect(prefs['navigateOnDragDrop']).toBe(false);
  });

  it('14. new windows are refused', () => {
    expect(hardenedContents().openHandler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('15. shell.openExternal is never used', () => {
    for (const source of APP_SOURCES) expect(source).not.toMatch(/openExternal|\bshell\b.*from 'electron'/);
  });

  it('16. Electron is a current, supported version (45 or later)', () => {
    const installed = JSON.parse(readFileSync(join(import.meta.dirname, '../../node_modules/electron/package.json'), 'utf8')) as { version: string };
    expect(Number(installed.version.split('.')[0])).toBeGreaterThanOrEqual(45);
  });

  it('17. every IPC channel validates its sender', () => {
    const registered = electron.ipcMain.handle.mock.calls;
    expect(registered.map((c) => c[0]).sort()).toEqual(Object.values(BRIDGE_CHANNELS).sort());
    for (const [channel, handler] of registered) {
      expect(() => handler({ senderFrame: { url: 'https://example.com/' }, sender: {} }), channel).toThrow(/Refused an IPC call/);
    }
  });

  it('18. no file://: the renderer is served over the app:// custom protocol, as a standard, secure scheme', () => {
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: APP_SCHEME, privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(electron.protocol.handle).toHaveBeenCalledWith(APP_SCHEME, expect.any(Function));
    expect(window.urls.every((u) => !u.startsWith('file:'))).toBe(true);
  });

  it('19. the fuses are flipped at package time', () => {
    expect(FUSES).toMatchObject({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
  });

  it('20. no Electron API reaches the page: one object of named functions, and the preload path is our own', () => {
    expect([...electron.exposed.keys()]).toEqual([BRIDGE_KEY]);
    const bridge = electron.exposed.get(BRIDGE_KEY) as Record<string, unknown>;
    for (const [name, value] of Object.entries(bridge)) expect(['function', 'string'], name).toContain(typeof value);
    expect(Object.keys(bridge)).not.toEqual(expect.arrayContaining(['ipcRenderer', 'invoke', 'send', 'on']));
    expect(prefs['preload']).toMatch(/preload[/\\]index\.cjs$/);
  });
});
