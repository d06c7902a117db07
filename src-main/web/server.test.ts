/**
 * Web mode's server, over real sockets: MIME types, the CSP header, no way
 * out of the served folder, and finding a free port.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../app/security';
import { startWebServer, WebServerError, type WebServer } from './server';
import { resolveStaticPath } from './static-files';

const parent = mkdtempSync(join(tmpdir(), 'netwright-web-'));
const root = join(parent, 'web');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(parent, 'secret.txt'), 'secret');
const FILES: Record<string, string> = {
  'index.html': '<!doctype html><title>Netwright</title>',
  'assets/index-abc.js': 'export {}',
  'assets/index-abc.css': 'body{}',
  'assets/engine.wasm': '\0asm',
  'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
};
for (const [file, text] of Object.entries(FILES)) writeFileSync(join(root, file), text);

/** A raw GET: unlike fetch, it sends the path exactly as written, `..` and all. */
function get(server: WebServer, path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let server: WebServer;
beforeAll(async () => {
  server = await startWebServer({ root, port: 0 });
});
afterAll(() => server.close());

describe('web server', () => {
  it('listens on loopback only', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it.each([
    ['/', 'text/html; charset=utf-8', FILES['index.html']],
    ['/index.html', 'text/html; charset=utf-8', FILES['index.html']],
    ['/assets/index-abc.js', 'text/javascript; charset=utf-8', FILES['assets/index-abc.js']],
    ['/assets/index-abc.css', 'text/css; charset=utf-8', FILES['assets/index-abc.css']],
    ['/assets/engine.wasm', 'application/wasm', FILES['assets/engine.wasm']],
    ['/favicon.svg', 'image/svg+xml', FILES['favicon.svg']],
    ['/assets/index-abc.js?v=1', 'text/javascript; charset=utf-8', FILES['assets/index-abc.js']],
  ])('serves %s as %s, with the CSP', async (path, type, body) => {
    const res = await get(server, path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).toBe(body);
  });

  it.each(['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%2e%2e%5csecret.txt', '/index.html%00.js', '/%E0%A4%A', '/missing.js', '/assets/'])('answers 404 for %s', async (path) => {
    const res = await get(server, path);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('secret');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get(server, '/', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect((await get(server, '/', 'POST')).status).toBe(405);
  });

  it('keeps hashed assets cached and index.html fresh', async () => {
    expect((await get(server, '/')).headers['cache-control']).toBe('no-cache');
    expect((await get(server, '/assets/index-abc.js')).headers['cache-control']).toContain('immutable');
  });

  it('moves to the next free port when the requested one is taken, unless told not to', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const taken = (blocker.address() as AddressInfo).port;
    try {
      const next = await startWebServer({ root, port: taken });
      expect(next.port).toBeGreaterThan(taken);
      await next.close();
      await expect(startWebServer({ root, port: taken, strictPort: true })).rejects.toThrow(WebServerError);
    } finally {
      await new Promise((done) => blocker.close(done));
    }
  });
});

describe('resolveStaticPath', () => {
  it.each([
    ['/', 'index.html'],
    ['/assets/a.js', 'assets/a.js'],
    ['/a%20b.js', 'a b.js'],
    ['/assets/../index.html', 'index.html'],
  ])('maps %s inside the root', (path, file) => {
    expect(resolveStaticPath('/srv/web', path)).toBe(join('/srv/web', file));
  });

  it.each(['/..', '/../web2/x', '/%2e%2e/x', '/a\\b', '/a%00b', '/%zz'])('refuses %s', (path) => {
    expect(resolveStaticPath('/srv/web', path)).toBeUndefined();
  });
});
