/**
 * Windows and sessions, hardened: every web contents refuses navigation and
 * new windows, every permission but clipboard writes is denied, and each
 * BrowserWindow gets the webPreferences from security.ts.
 */
import { BrowserWindow, type Session, type WebContents } from 'electron';
import { denyNavigation, denyWindowOpen, permissionCheckHandler, permissionRequestHandler, WEB_PREFERENCES } from './security';

/** For every web contents the app creates (app.on('web-contents-created')). */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', denyNavigation);
  contents.on('will-redirect', denyNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(denyWindowOpen);
}

export function hardenSession(session: Session, devServerUrl?: string): void {
  session.setPermissionRequestHandler(permissionRequestHandler(devServerUrl));
  session.setPermissionCheckHandler(permissionCheckHandler(devServerUrl));
}

export function createMainWindow(options: { preload: string; url: string }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    title: 'Netwright',
    show: false,
    backgroundColor: '#f7f8fa',
    webPreferences: { ...WEB_PREFERENCES, preload: options.preload },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.url);
  return window;
}
