/**
 * The app:// protocol: the desktop shell serves the built renderer from
 * app://netwright/… rather than file://, so the page has a real origin, is a
 * secure context, and gets the CSP header on every response.
 */
import { protocol } from 'electron';
import { readStaticFile } from '../web/static-files';
import { APP_HOST, APP_SCHEME, APP_SCHEME_PRIVILEGES } from './security';

/** Must run before the app's `ready` event. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
}

/** The response for one app:// request: a file from `rendererDir`, or 404. */
export async function respond(rendererDir: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl);
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return new Response('Not found\n', { status: 404 });
  const file = await readStaticFile(rendererDir, url.pathname);
  return new Response(file.body, { status: file.status, headers: file.headers });
}

/** Must run after `ready`. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => respond(rendererDir, request.url));
}
