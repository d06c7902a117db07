/**
 * The desktop shell's security settings, in one place so a test can check the
 * real values (security.test.ts). Electron is imported for its types only: the
 * web-mode server (src-main/web/server.ts) shares the CSP without loading
 * Electron, and nothing here needs a running app.
 *
 * The rules follow Electron's security checklist: an isolated, sandboxed
 * renderer with no Node; our own `app://` scheme instead of file://; a strict
 * CSP; no navigation, no new windows, and no permissions but writing text to
 * the clipboard.
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

/**
 * The only permission the page gets: writing plain text to the clipboard
 * (navigator.clipboard.writeText, the Code view's Copy button). Reading the
 * clipboard, the camera, notifications, geolocation and the rest stay denied.
 */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** Whether a permission may be granted to `url`: one from GRANTED_PERMISSIONS, asked by our own page. */
export function mayGrant(permission: string, url: string | undefined, devServerUrl?: string): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isTrustedUrl(url, devServerUrl);
}

/** For `setPermissionRequestHandler`. */
export function permissionRequestHandler(devServerUrl?: string) {
  return (webContents: WebContents | null, permission: string, callback: (granted: boolean) => void, details?: { requestingUrl?: string }): void => {
    callback(mayGrant(permission, details?.requestingUrl ?? webContents?.getURL(), devServerUrl));
  };
}

/** For `setPermissionCheckHandler`: the synchronous twin of the request handler. */
export function permissionCheckHandler(devServerUrl?: string) {
  return (_webContents: WebContents | null, permission: string, requestingOrigin: string): boolean => mayGrant(permission, requestingOrigin, devServerUrl);
}

/**
 * Whether an IPC call comes from our own page. Handlers check this so that a
 * frame showing other content (there should be none) cannot call into main.
 * `devServerUrl` is electron-vite's dev server, trusted only in development.
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, devServerUrl?: string): boolean {
  return isTrustedUrl(event.senderFrame?.url, devServerUrl);
}

/** Whether a URL (or an origin) is our own page: app://netwright, or the dev server in development. */
export function isTrustedUrl(url: string | undefined, devServerUrl?: string): boolean {
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
