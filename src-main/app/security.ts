/**
 * The desktop shell's security settings, in one place so a test can check the
 * real values (security.test.ts). Electron is imported for its types only: the
 * web-mode server (src-main/web/server.ts) shares the CSP without loading
 * Electron, and nothing here needs a running app.
 *
 * The rules follow Electron's security checklist: an isolated, sandboxed
 * renderer with no Node; our own `app://` scheme instead of file://; a strict
 * CSP; no navigation, no new windows, no permissions.
 */
import type { HandlerDetails, IpcMainInvokeEvent, Privileges, WebContents, WebPreferences } from 'electron';

/** The renderer is served from app://netwright/…, never from file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'netwright';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * `standard` gives the scheme normal URL parsing and relative URLs; `secure`
 * makes it a secure context (needed for WebGPU); `supportFetchAPI` lets the
 * renderer fetch its own assets (.wasm, templates); `codeCache` keeps V8's
 * compile cache working as it does for http. `corsEnabled` stays unset on
 * purpose: it would let other origins read app:// responses, and our module
 * scripts are same-origin, which works without it.
 */
export const APP_SCHEME_PRIVILEGES: Privileges = { standard: true, secure: true, supportFetchAPI: true, codeCache: true };

/** Everything the renderer runs is our own bundle; styles may be inline because React Flow sets them. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "script-src 'self'",
].join('; ');

/** Spread into every BrowserWindow's webPreferences, with the preload path added. */
export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
} as const satisfies WebPreferences;

/** `will-navigate`: the app is one page; a link or a dropped file must not replace it. */
export function denyNavigation(event: { preventDefault(): void }, _url: string): void {
  event.preventDefault();
}

/** `setWindowOpenHandler`: no window.open, no target=_blank. */
export function denyWindowOpen(_details: HandlerDetails): { action: 'deny' } {
  return { action: 'deny' };
}

/** `setPermissionRequestHandler`: camera, notifications, geolocation… none are needed. */
export function denyPermissionRequest(_webContents: WebContents | null, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

/** `setPermissionCheckHandler`: the synchronous twin of the request handler. */
export function denyPermissionCheck(): boolean {
  return false;
}

/**
 * Whether an IPC call comes from our own page. Handlers check this so that a
 * frame showing other content (there should be none) cannot call into main.
 * `devServerUrl` is electron-vite's dev server, trusted only in development.
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, devServerUrl?: string): boolean {
  const url = event.senderFrame?.url;
  if (!url) return false;
  let origin: string;
  try {
    const parsed = new URL(url);
    origin = parsed.protocol === `${APP_SCHEME}:` ? `${parsed.protocol}//${parsed.host}` : parsed.origin;
  } catch {
    return false;
  }
  if (origin === APP_ORIGIN) return true;
  return devServerUrl !== undefined && origin === new URL(devServerUrl).origin;
}
