/**
 * The desktop shell's security settings, checked on the real configuration:
 * the values in security.ts, and that window.ts, protocol.ts and ipc.ts
 * actually apply them. Electron is mocked (its binary cannot run here); the
 * mock records what the shell asks of it.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const electron = vi.hoisted(() => {
  const windows: { options: Record<string, unknown>; loaded: string[]; once: Map<string, () => void> }[] = [];
  class BrowserWindow {
    readonly loaded: string[] = [];
    readonly once_ = new Map<string, () => void>();
    constructor(readonly options: Record<string, unknown>) {
      windows.push({ options, loaded: this.loaded, once: this.once_ });
    }
    once(event: string, listener: () => void) {
      this.once_.set(event, listener);
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    show() {}
  }
  return {
    windows,
    BrowserWindow,
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    ipcMain: { handle: vi.fn() },
    app: { getVersion: () => '9.9.9' },
  };
});

vi.mock('electron', () => ({ BrowserWindow: electron.BrowserWindow, protocol: electron.protocol, ipcMain: electron.ipcMain, app: electron.app }));

const { APP_ORIGIN, CONTENT_SECURITY_POLICY, WEB_PREFERENCES, denyNavigation, denyWindowOpen, isTrustedSender, permissionCheckHandler, permissionRequestHandler } = await import('./security');
const { createMainWindow, hardenSession, hardenWebContents } = await import('./window');
const { registerAppScheme, respond, serveRenderer } = await import('./protocol');
const { registerBridgeHandlers } = await import('./ipc');
const { BRIDGE_CHANNELS } = await import('../../shared/ipc/bridge');

/** Every channel answers with its own name, so a test can see which handler ran. */
const echoHandlers = Object.fromEntries(Object.values(BRIDGE_CHANNELS).map((c) => [c, () => c])) as unknown as Parameters<typeof registerBridgeHandlers>[0];

beforeEach(() => {
  electron.windows.length = 0;
  vi.clearAllMocks();
});

describe('the settings', () => {
  it('isolates and sandboxes the renderer, with no Node', () => {
    expect(WEB_PREFERENCES).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false });
  });

  it('has the strict CSP: only our own scripts, no eval, no inline script', () => {
    expect(CONTENT_SECURITY_POLICY).toBe("default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:; script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
  });

  it('denies navigation', () => {
    const event = { preventDefault: vi.fn() };
    denyNavigation(event, 'https://example.com/');
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });

  it('denies window.open', () => {
    expect(denyWindowOpen({ url: 'https://example.com/' } as Parameters<typeof denyWindowOpen>[0])).toEqual({ action: 'deny' });
  });

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'midi', 'hid', 'serial', 'usb'])('denies the %s permission', (permission) => {
    const callback = vi.fn();
    permissionRequestHandler()(null, permission, callback, { requestingUrl: 'app://netwright/index.html' });
    expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    expect(permissionCheckHandler()(null, permission, 'app://netwright')).toBe(false);
  });

  it('grants writing text to the clipboard, to our own page only', () => {
    const callback = vi.fn();
    permissionRequestHandler()(null, 'clipboard-sanitized-write', callback, { requestingUrl: 'app://netwright/index.html' });
    expect(callback).toHaveBeenCalledExactlyOnceWith(true);
    expect(permissionCheckHandler()(null, 'clipboard-sanitized-write', 'app://netwright')).toBe(true);
    const foreign = vi.fn();
    permissionRequestHandler()(null, 'clipboard-sanitized-write', foreign, { requestingUrl: 'https://example.com/' });
    expect(foreign).toHaveBeenCalledExactlyOnceWith(false);
    expect(permissionCheckHandler()(null, 'clipboard-sanitized-write', 'https://example.com')).toBe(false);
    // Without details, the web contents' own URL decides.
    const fromContents = vi.fn();
    permissionRequestHandler()({ getURL: () => 'app://netwright/index.html' } as never, 'clipboard-sanitized-write', fromContents);
    expect(fromContents).toHaveBeenCalledWith(true);
  });

  it.each([
    ['app://netwright/index.html', undefined, true],
    ['app://evil/index.html', undefined, false],
    ['https://example.com/', undefined, false],
    ['file:///etc/passwd', undefined, false],
    ['http://localhost:5173/', 'http://localhost:5173', true],
    ['http://localhost:5174/', 'http://localhost:5173', false],
    ['', undefined, false],
  ])('trusts IPC from %s (dev server %s): %s', (url, dev, trusted) => {
    expect(isTrustedSender({ senderFrame: { url } } as Parameters<typeof isTrustedSender>[0], dev)).toBe(trusted);
  });
});

describe('the shell applies them', () => {
  it('creates the window with the secure webPreferences and the preload', () => {
    createMainWindow({ preload: '/app/out/preload/index.cjs', url: `${APP_ORIGIN}/index.html` });
    const [window] = electron.windows;
    expect(window!.options['webPreferences']).toEqual({ ...WEB_PREFERENCES, preload: '/app/out/preload/index.cjs' });
    expect(window!.loaded).toEqual(['app://netwright/index.html']);
  });

  it('hardens every web contents: navigation, redirects, webviews and new windows are refused', () => {
    const listeners = new Map<string, (event: { preventDefault(): void }, ...rest: unknown[]) => void>();
    let openHandler: ((details: unknown) => unknown) | undefined;
    const contents = {
      on: (event: string, listener: (event: { preventDefault(): void }) => void) => listeners.set(event, listener),
      setWindowOpenHandler: (handler: (details: unknown) => unknown) => (openHandler = handler),
    };
    hardenWebContents(contents as unknown as Parameters<typeof hardenWebContents>[0]);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = { preventDefault: vi.fn() };
      listeners.get(name)!(event, 'https://example.com/');
      expect(event.preventDefault, name).toHaveBeenCalled();
    }
    expect(openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('hardens the session: every permission request and check is denied but clipboard writes', () => {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
    hardenSession(session as unknown as Parameters<typeof hardenSession>[0]);
    const request = session.setPermissionRequestHandler.mock.calls[0]![0];
    const check = session.setPermissionCheckHandler.mock.calls[0]![0];
    const callback = vi.fn();
    request(null, 'media', callback, { requestingUrl: 'app://netwright/index.html' });
    expect(callback).toHaveBeenCalledWith(false);
    expect(check(null, 'media', 'app://netwright')).toBe(false);
    expect(check(null, 'clipboard-sanitized-write', 'app://netwright')).toBe(true);
  });

  it('registers app:// as a standard, secure scheme', () => {
    registerAppScheme();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    // corsEnabled would let other origins read app:// responses.
    expect(electron.protocol.registerSchemesAsPrivileged.mock.calls[0]![0][0].privileges.corsEnabled).toBeFalsy();
  });

  it('answers IPC only on allow-listed channels, and only from our own page', async () => {
    registerBridgeHandlers(echoHandlers);
    const channels = electron.ipcMain.handle.mock.calls.map((c) => c[0]);
    expect(channels.sort()).toEqual(Object.values(BRIDGE_CHANNELS).sort());
    const version = electron.ipcMain.handle.mock.calls.find((c) => c[0] === BRIDGE_CHANNELS.version)![1];
    expect(version({ senderFrame: { url: 'app://netwright/index.html' } })).toBe(BRIDGE_CHANNELS.version);
    expect(() => version({ senderFrame: { url: 'https://example.com/' } })).toThrow(/Refused/);
  });
});

describe('the app:// protocol', () => {
  const parent = mkdtempSync(join(tmpdir(), 'netwright-app-'));
  const root = join(parent, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(parent, 'secret.txt'), 'secret');

  it('serves the renderer with the CSP header and the right MIME type', async () => {
    const page = await respond(root, 'app://netwright/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const script = await respond(root, 'app://netwright/assets/index-abc.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toBe('console.log(1)');
  });

  it.each(['app://netwright/../secret.txt', 'app://netwright/%2e%2e/secret.txt', 'app://netwright/assets/..%2f..%2fsecret.txt', 'app://netwright/%2e%2e%5csecret.txt', 'app://other/index.html', 'app://netwright/missing.js'])('answers 404 for %s', async (url) => {
    const response = await respond(root, url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('secret');
  });

  it('is the handler registered for app://', async () => {
    serveRenderer(root);
    const [scheme, handler] = electron.protocol.handle.mock.calls[0]!;
    expect(scheme).toBe('app');
    expect((await handler({ url: 'app://netwright/' })).status).toBe(200);
  });
});
