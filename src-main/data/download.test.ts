import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadFiles, REMOTE_DATASETS, type RemoteDataset } from './download';
import { DataError } from './errors';
import { loadDataset } from './load';

const FIXTURES = join(import.meta.dirname, '../../tests/fixtures/data/mnist-tiny');
const NAMES = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
const md5 = (path: string) => createHash('md5').update(readFileSync(path)).digest('hex');

// Serves the fixtures under /good/, nothing under /missing/ (404), and a corrupted copy under /bad/.
let server: Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url!);
    const [, dir, name] = req.url!.split('/');
    if (!name || !NAMES.includes(name) || (dir !== 'good' && dir !== 'bad')) {
      res.writeHead(404).end('not here');
      return;
    }
    const bytes = readFileSync(join(FIXTURES, name));
    if (dir === 'bad') bytes[bytes.length - 1]! ^= 0xff;
    res.writeHead(200, { 'content-length': bytes.length }).end(bytes);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

const spec = (mirrors: string[]): RemoteDataset => ({ name: 'tiny', homepage: 'https://example.org/tiny', mirrors, files: NAMES.map((name) => ({ name, md5: md5(join(FIXTURES, name)) })) });
const tempDir = () => mkdtempSync(join(tmpdir(), 'netwright-download-'));

describe('downloads', () => {
  it('fetches every file, checks it and writes it; a second call downloads nothing', async () => {
    const dir = join(tempDir(), 'tiny');
    const messages: string[] = [];
    await downloadFiles(spec([`${base}/good/`]), dir, { onProgress: (m) => messages.push(m) });
    for (const name of NAMES) expect(readFileSync(join(dir, name))).toEqual(readFileSync(join(FIXTURES, name)));
    expect(readdirSync(dir).sort()).toEqual([...NAMES].sort());
    expect(messages.some((m) => m.includes(`${base}/good/train-images-idx3-ubyte.gz`))).toBe(true);
    requests.length = 0;
    await downloadFiles(spec([`${base}/good/`]), dir);
    expect(requests).toEqual([]);
  });

  it('replaces a cached file whose checksum is wrong', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, NAMES[1]!), 'stale');
    await downloadFiles(spec([`${base}/good`]), dir);
    expect(md5(join(dir, NAMES[1]!))).toBe(md5(join(FIXTURES, NAMES[1]!)));
  });

  it('rejects a checksum mismatch and saves nothing', async () => {
    const dir = tempDir();
    const error = await downloadFiles(spec([`${base}/bad/`]), dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toMatch(/could not download train-images-idx3-ubyte\.gz of tiny/);
    expect((error as Error).message).toMatch(/checksum mismatch, MD5 [0-9a-f]{32} but [0-9a-f]{32} was expected/);
    expect((error as Error).message).toContain(dir);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reports an HTTP 404, and moves on to the next mirror', async () => {
    const error = await downloadFiles(spec([`${base}/missing/`]), tempDir()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toContain(`${base}/missing/train-images-idx3-ubyte.gz: HTTP 404 Not Found`);
    const dir = tempDir();
    await downloadFiles(spec([`${base}/missing/`, `${base}/good/`]), dir);
    expect(existsSync(join(dir, NAMES[3]!))).toBe(true);
  });

  it('reports a server that cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    await expect(downloadFiles(spec([`http://127.0.0.1:${port}/`]), tempDir())).rejects.toThrow(/could not download .*\n {2}- http:\/\/127\.0\.0\.1:\d+\/train-images-idx3-ubyte\.gz: fetch failed/);
  });

  it('loadDataset downloads when allowed, into <cache>/datasets/<name>, and checks the published checksums', async () => {
    const cacheDir = tempDir();
    // The fixtures are not the real MNIST, so the real MD5s must reject them.
    const error = await loadDataset({ name: 'mnist' }, { download: true, mirrors: [`${base}/good/`], paths: { cacheDir, systemDirs: {} } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toContain(`MD5 ${md5(join(FIXTURES, NAMES[0]!))} but ${REMOTE_DATASETS.mnist.files[0].md5} was expected`);
    expect(readdirSync(join(cacheDir, 'datasets', 'mnist'))).toEqual([]);
  });

  it('publishes the known MD5s and HTTPS or S3 mirrors', () => {
    expect(REMOTE_DATASETS['fashion-mnist'].files.map((f) => f.md5)).toEqual(['8d4fb7e6c68d591d4c3dfef9ec88bf0d', '25c81989df183df01b3e8a0aad5dffbe', 'bef4ecab320f06d8554ea6380940ec79', 'bb300cfdad3c16e7a12a480ee83cd310']);
    expect(REMOTE_DATASETS.mnist.mirrors[0]).toBe('https://storage.googleapis.com/cvdf-datasets/mnist/');
  });
});
