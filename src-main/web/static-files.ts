/**
 * Serving the built renderer from a folder, shared by the two places that do
 * it: the desktop shell's app:// protocol and the web-mode HTTP server. Owns
 * the mapping from a URL path to a file (never outside the folder) and the
 * response headers.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../app/security';

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.nwproj': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentType(file: string): string {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file a URL path names inside `root`, or undefined when it would leave
 * `root` (`..`, encoded `%2e%2e`, backslashes, NUL) or cannot be decoded.
 * "/" and paths ending in "/" name index.html.
 */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split(/[?#]/, 1)[0]!);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  if (path === '' || path.endsWith('/')) path += 'index.html';
  const base = resolve(root);
  const file = resolve(base, '.' + (path.startsWith('/') ? path : '/' + path));
  return file.startsWith(base + sep) ? file : undefined;
}

/** Headers every response carries, whatever serves it. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
  };
}

export interface StaticFile {
  readonly status: 200 | 404;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
}

/** Reads the file a URL path names, as a response: 404 for anything missing or outside `root`. */
export async function readStaticFile(root: string, urlPath: string): Promise<StaticFile> {
  const file = resolveStaticPath(root, urlPath);
  const notFound: StaticFile = { status: 404, headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' }, body: new TextEncoder().encode('Not found\n') };
  if (!file) return notFound;
  try {
    if (!(await stat(file)).isFile()) return notFound;
    const body = await readFile(file);
    // Vite names what it puts in assets/ by content hash, so those never change; anything else is re-checked.
    const hashed = file.startsWith(resolve(root, 'assets') + sep);
    const cache = hashed ? 'public, max-age=31536000, immutable' : 'no-cache';
    return { status: 200, headers: { ...securityHeaders(), 'Content-Type': contentType(file), 'Cache-Control': cache }, body };
  } catch {
    return notFound;
  }
}
