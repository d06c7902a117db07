/**
 * Web mode's services over a real WebSocket, with a stand-in page written in
 * Node: it speaks the page's protocol (frames, channels, RPC) and serves the
 * compute channels with a reference trainer, as the page's worker serves them
 * with WebGPU. Only our own origin may connect; training, data and files work
 * through the socket; a page that goes away ends its run with an error.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { loadProject } from '../../shared/graph';
import { PortMux } from '../../shared/ipc/mux';
import { RpcClient, type Port } from '../../shared/ipc/rpc';
import type { Services, TrainingEvent } from '../../shared/ipc/services';
import { decodeMessage, encodeMessage } from '../../shared/ipc/wire';
import { serveTrainer } from '../../src-renderer/src/compute/trainer-server';
import { ReferenceTrainer } from '../engine/reference/trainer';
import { startWebServer, type WebServer } from './server';
import { SERVICES_PATH } from './services-socket';

const XOR = (() => {
  const loaded = loadProject(readFileSync(new URL('../../resources/templates/xor.nwproj', import.meta.url), 'utf8'));
  if (!loaded.ok) throw new Error('xor.nwproj does not load');
  return loaded.project;
})();

const root = mkdtempSync(join(tmpdir(), 'nw-web-'));
writeFileSync(join(root, 'index.html'), '<!doctype html>');
const workspace = mkdtempSync(join(tmpdir(), 'nw-workspace-'));
let server: WebServer;

beforeAll(async () => {
  server = await startWebServer({ root, port: 0, services: { workspace, runsDir: join(workspace, 'runs') } });
});
afterAll(() => server.close());

interface Page {
  readonly services: Services;
  /** Compute channels the server opened on this page. */
  readonly computes: string[];
  close(): void;
}

/** What src-renderer/src/compute/bridge.ts does in a browser, in Node. */
async function openPage(origin = `http://127.0.0.1:${server.port}`): Promise<Page> {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}${SERVICES_PATH}`, { origin });
  socket.binaryType = 'arraybuffer';
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const port: Port = { onmessage: null, postMessage: (m) => socket.send(encodeMessage(m)) };
  socket.on('message', (data) => port.onmessage?.({ data: decodeMessage(data as ArrayBuffer) }));
  const computes: string[] = [];
  const mux = new PortMux(port, (channel) => {
    computes.push(channel.name);
    serveTrainer(channel, async () => ({ trainer: new ReferenceTrainer(), reason: 'the stand-in page has no GPU' }));
  });
  const client = new RpcClient(mux.channel('services'));
  return {
    services: { training: client.proxy('training.'), data: client.proxy('data.'), files: client.proxy('files.') },
    computes,
    close: () => socket.close(),
  };
}

function untilEnd(page: Page): Promise<TrainingEvent[]> {
  return new Promise((resolve) => {
    const events: TrainingEvent[] = [];
    const off = page.services.training.onEvent((_, e) => {
      events.push(e);
      if (e.event === 'done' || e.event === 'error') {
        off();
        resolve(events);
      }
    });
  });
}

function upgradeStatus(path: string, origin?: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, origin ? { origin } : {});
    socket.on('unexpected-response', (_, res) => resolve(res.statusCode ?? 0));
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('error', () => {});
  });
}

describe('services over the web server\'s WebSocket', () => {
  it.each([
    ['our own page', SERVICES_PATH, 'SELF', 101],
    ['our own page by the name localhost', SERVICES_PATH, 'LOCALHOST', 101],
    ['another web site', SERVICES_PATH, 'https://example.com', 403],
    ['a look-alike on another port', SERVICES_PATH, 'http://127.0.0.1:1', 403],
    ['a client that sends no origin', SERVICES_PATH, undefined, 403],
    ['another path', '/other', 'SELF', 404],
  ])('answers %s with %i', async (_, path, origin, status) => {
    const resolved = origin === 'SELF' ? `http://127.0.0.1:${server.port}` : origin === 'LOCALHOST' ? `http://localhost:${server.port}` : origin;
    expect(await upgradeStatus(path, resolved)).toBe(status);
  });

  it('trains XOR on the page\'s compute channel to 100%', async () => {
    const page = await openPage();
    const events = untilEnd(page);
    const runId = await page.services.training.start(XOR, { epochs: 150 });
    const all = await events;
    expect(all[0]).toMatchObject({ event: 'start', backend: 'reference', note: 'the stand-in page has no GPU' });
    expect(all.at(-1)).toMatchObject({ event: 'done', reason: 'completed', epochs: 150, train: { accuracy: 1 } });
    expect(page.computes).toEqual(['compute:1']);
    const evaluation = await page.services.training.evaluate(runId, 'train');
    expect(evaluation.outputs).toBeInstanceOf(Float32Array);
    expect(evaluation.report?.accuracy).toBe(1);
    expect((await page.services.training.runs()).find((r) => r.runId === runId)?.status).toBe('completed');
    page.close();
  });

  it('describes a dataset', async () => {
    const page = await openPage();
    const xor = await page.services.data.describe({ name: 'xor' });
    expect(xor).toMatchObject({ name: 'xor', task: 'binary', classes: ['0', '1'], inputShape: [2], counts: { train: 4 }, classBalance: [2, 2] });
    expect(xor.samples.map((s) => [...s.x, s.y])).toEqual([[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]]);
    expect((await page.services.data.builtins()).map((b) => b.name)).toContain('mnist');
    page.close();
  });

  it('lists, saves and opens workspace files, and stays inside the workspace', async () => {
    const page = await openPage();
    await page.services.files.save('projects/xor.nwproj', '{"x":1}');
    expect(await page.services.files.open('projects/xor.nwproj')).toBe('{"x":1}');
    expect((await page.services.files.list('projects')).map((f) => [f.path, f.kind])).toEqual([['projects/xor.nwproj', 'file']]);
    expect((await page.services.files.list()).find((f) => f.name === 'projects')?.kind).toBe('folder');
    await expect(page.services.files.open('../outside.txt')).rejects.toMatchObject({ name: 'FileServiceError', message: expect.stringContaining('outside the workspace') });
    await expect(page.services.files.save('/etc/passwd-copy', 'x')).resolves.toBeUndefined();
    expect(readFileSync(join(workspace, 'etc/passwd-copy'), 'utf8')).toBe('x');
    page.close();
  });

  it('ends a run with an error when its page goes away', async () => {
    const trainer = await openPage();
    const watcher = await openPage();
    const ended = new Promise<void>((resolve) => trainer.services.training.onEvent((_, e) => e.event === 'epoch' && e.epoch === 2 && resolve()));
    const runId = await trainer.services.training.start(XOR, { epochs: 5000 });
    await ended;
    trainer.close();
    // The other page sees the run end in the shared history.
    await expect.poll(async () => (await watcher.services.training.runs()).find((r) => r.runId === runId)?.status, { timeout: 10_000 }).toBe('error');
    watcher.close();
  });
});
