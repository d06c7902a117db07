/**
 * Fetching MNIST and Fashion-MNIST into the cache. Every file is checked
 * against the MD5 its publisher lists before anything is written, then
 * written atomically (temporary file, then rename), so the cache never
 * holds a partial or wrong file. A failing mirror (HTTP error, network
 * error, checksum mismatch) moves on to the next; when all fail, the
 * DataError lists what each one did and how to get the files by hand.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { DataError } from './errors';
import { datasetCacheDir, type DataPaths } from './locations';

export interface RemoteFile {
  readonly name: string;
  readonly md5: string;
}

export interface RemoteDataset {
  readonly name: string;
  readonly homepage: string;
  /** Base URLs, tried in order; each ends with '/'. */
  readonly mirrors: readonly string[];
  readonly files: readonly RemoteFile[];
}

// The MD5s are the publishers' own: Fashion-MNIST's README table, and the ones
// torchvision and others check MNIST's original files against.
export const REMOTE_DATASETS = {
  mnist: {
    name: 'mnist',
    homepage: 'http://yann.lecun.com/exdb/mnist/',
    mirrors: ['https://storage.googleapis.com/cvdf-datasets/mnist/', 'https://ossci-datasets.s3.amazonaws.com/mnist/'],
    files: [
      { name: 'train-images-idx3-ubyte.gz', md5: 'f68b3c2dcbeaaa9fbdd348bbdeb94873' },
      { name: 'train-labels-idx1-ubyte.gz', md5: 'd53e105ee54ea40749a09fcbcd1e9432' },
      { name: 't10k-images-idx3-ubyte.gz', md5: '9fb629c4189551a2d022fa330f9573f3' },
      { name: 't10k-labels-idx1-ubyte.gz', md5: 'ec29112dd5afa0611ce80d1b7f02629c' },
    ],
  },
  'fashion-mnist': {
    name: 'fashion-mnist',
    homepage: 'https://github.com/zalandoresearch/fashion-mnist',
    mirrors: ['http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'],
    files: [
      { name: 'train-images-idx3-ubyte.gz', md5: '8d4fb7e6c68d591d4c3dfef9ec88bf0d' },
      { name: 'train-labels-idx1-ubyte.gz', md5: '25c81989df183df01b3e8a0aad5dffbe' },
      { name: 't10k-images-idx3-ubyte.gz', md5: 'bef4ecab320f06d8554ea6380940ec79' },
      { name: 't10k-labels-idx1-ubyte.gz', md5: 'bb300cfdad3c16e7a12a480ee83cd310' },
    ],
  },
} as const satisfies Record<string, RemoteDataset>;

export type RemoteName = keyof typeof REMOTE_DATASETS;

export interface DownloadOptions {
  /** Replaces the dataset's mirrors. */
  readonly mirrors?: readonly string[];
  readonly onProgress?: (message: string) => void;
  readonly signal?: AbortSignal;
}

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
const mb = (n: number) => (n / 1e6).toFixed(1);

/** The body of `url`, reporting progress roughly every 10%. */
async function fetchBytes(url: string, label: string, options: DownloadOptions): Promise<Buffer> {
  const response = await fetch(url, { ...(options.signal ? { signal: options.signal } : {}) });
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  const total = Number(response.headers.get('content-length')) || 0;
  const chunks: Uint8Array[] = [];
  let received = 0;
  let reported = 0;
  // A reader rather than `for await`: the DOM's and Node's stream typings disagree on async iteration.
  const reader = response.body.getReader();
  for (;;) {
    const { done, value: chunk } = await reader.read();
    if (done) break;
    chunks.push(chunk);
    received += chunk.length;
    if (total && received / total - reported >= 0.1) {
      reported = received / total;
      options.onProgress?.(`Downloading ${label}: ${Math.round(reported * 100)}% (${mb(received)} of ${mb(total)} MB)`);
    }
  }
  return Buffer.concat(chunks);
}

/**
 * Makes sure every file of `spec` is in `dir` with the right checksum,
 * downloading what is missing or wrong. Returns `dir`.
 */
export async function downloadFiles(spec: RemoteDataset, dir: string, options: DownloadOptions = {}): Promise<string> {
  const mirrors = options.mirrors ?? spec.mirrors;
  await mkdir(dir, { recursive: true }).catch((e: Error) => {
    throw new DataError(`could not create the download folder ${dir} (${e.message}). Set NETWRIGHT_CACHE_DIR to a folder you can write to.`);
  });
  for (const file of spec.files) {
    const target = join(dir, file.name);
    if (existsSync(target) && md5(await readFile(target)) === file.md5) continue;
    const failures: string[] = [];
    let saved = false;
    for (const base of mirrors) {
      const url = new URL(file.name, base.endsWith('/') ? base : `${base}/`).href;
      options.onProgress?.(`Downloading ${spec.name}: ${url}`);
      let bytes: Buffer;
      try {
        bytes = await fetchBytes(url, `${spec.name} ${file.name}`, options);
      } catch (e) {
        if (options.signal?.aborted) throw new DataError(`the download of ${spec.name} was cancelled.`);
        const cause = e instanceof Error ? (e.cause instanceof Error ? `${e.message}: ${e.cause.message}` : e.message) : String(e);
        failures.push(`${url}: ${cause}`);
        continue;
      }
      const got = md5(bytes);
      if (got !== file.md5) {
        failures.push(`${url}: checksum mismatch, MD5 ${got} but ${file.md5} was expected (the file is corrupt or not the published one; nothing was saved)`);
        continue;
      }
      await writeFileAtomic(target, bytes);
      saved = true;
      break;
    }
    if (!saved) {
      throw new DataError(
        `could not download ${file.name} of ${spec.name}.\n${failures.map((f) => `  - ${f}`).join('\n')}\n` +
        `Check your internet connection and try again, or download the four files from ${spec.homepage} yourself and put them in ${dir} (or in a folder named by NETWRIGHT_DATA_DIR).`,
      );
    }
  }
  options.onProgress?.(`${spec.name} is ready in ${dir}`);
  return dir;
}

/** Downloads a known dataset into the cache and returns its folder. */
export function downloadDataset(name: RemoteName, paths: DataPaths, options: DownloadOptions = {}): Promise<string> {
  return downloadFiles(REMOTE_DATASETS[name], datasetCacheDir(paths, name), options);
}
