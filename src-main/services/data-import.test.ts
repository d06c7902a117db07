/**
 * Importing one's own data: each kind of upload lands under data/ in a layout
 * the readers take (checked by describing it with the real DataService),
 * names already taken get a number, and what cannot be a dataset, leaves the
 * import's folder or is too large is refused with nothing written.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pngjs from 'pngjs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DataUpload, UploadFile } from '../../shared/ipc/services';
import { encodeIdx } from '../data/idx';
import { encodeNpy } from '../data/npy';
import { createDataService } from './data';
import { DataImportError, importData } from './data-import';

const text = (s: string) => new TextEncoder().encode(s);
const CSV = text('a,b,label\n0,0,no\n0,1,yes\n1,0,yes\n1,1,no\n');
const X = encodeNpy([4, 2], Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1));
const Y = encodeNpy([4], Int32Array.of(0, 1, 1, 0));
const IMAGES = encodeIdx({ type: 'u8', shape: [3, 2, 2], data: new Uint8Array(12).fill(255) });
const LABELS = encodeIdx({ type: 'u8', shape: [3], data: Uint8Array.of(0, 1, 1) });

function png(value: number): Uint8Array {
  const image = new pngjs.PNG({ width: 2, height: 2 });
  for (let p = 0; p < 4; p++) image.data.set([value, value, value, 255], p * 4);
  return pngjs.PNG.sync.write(image);
}

const files = (entries: Record<string, Uint8Array>): UploadFile[] => Object.entries(entries).map(([path, bytes]) => ({ path, bytes }));

let workspace: string;
beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'import-'));
});

/** Everything under the workspace, folders ending in "/", hidden staging folders included. */
function tree(dir = workspace, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [`${prefix}${e.name}/`, ...tree(join(dir, e.name), `${prefix}${e.name}/`)] : [`${prefix}${e.name}`])).sort();
}

describe('importing data', () => {
  it.each<{ what: string; upload: DataUpload; ref: object; task: string; count: number }>([
    { what: 'one CSV table', upload: { kind: 'files', files: files({ 'xor table.csv': CSV }) }, ref: { name: 'xor table', path: 'data/xor table.csv' }, task: 'classification', count: 4 },
    { what: 'an NPY pair the readers know by name', upload: { kind: 'files', files: files({ 'y_train.npy': Y, 'x_train.npy': X }) }, ref: { name: 'x_train', path: 'data/x_train' }, task: 'classification', count: 4 },
    { what: 'an NPY pair named otherwise', upload: { kind: 'files', files: files({ 'features.npy': X, 'my labels.npy': Y }) }, ref: { name: 'features', path: 'data/features/features.npy', options: { labels: 'my labels.npy' } }, task: 'classification', count: 4 },
    { what: "MNIST's IDX names", upload: { kind: 'files', files: files({ 'train-images-idx3-ubyte': IMAGES, 'train-labels-idx1-ubyte': LABELS }) }, ref: { name: 'train-images', path: 'data/train-images' }, task: 'classification', count: 3 },
    { what: 'an IDX pair named otherwise', upload: { kind: 'files', files: files({ 'digits.idx3-ubyte': IMAGES, 'digits.idx1-ubyte': LABELS }) }, ref: { name: 'digits', path: 'data/digits/digits.idx3-ubyte', options: { labels: 'digits.idx1-ubyte' } }, task: 'classification', count: 3 },
    { what: 'a folder of images by class', upload: { kind: 'folder', name: 'shades', files: files({ 'dark/1.png': png(10), 'dark/2.png': png(20), 'light/1.png': png(240), '.DS_Store': text('x'), 'light/Thumbs.db': text('x') }) }, ref: { name: 'shades', path: 'data/shades' }, task: 'classification', count: 3 },
    { what: 'a folder of NPY arrays', upload: { kind: 'folder', name: 'arrays', files: files({ 'x.npy': X, 'y.npy': Y }) }, ref: { name: 'arrays', path: 'data/arrays' }, task: 'classification', count: 4 },
    { what: 'a folder holding one table', upload: { kind: 'folder', name: 'tables', files: files({ 'xor.csv': CSV }) }, ref: { name: 'tables', path: 'data/tables/xor.csv' }, task: 'classification', count: 4 },
  ])('$what: lands under data/ where the readers take it', async ({ upload, ref, task, count }) => {
    const data = createDataService({ workspace });
    const got = await data.importData(upload);
    expect(got).toEqual(ref);
    const described = await data.describe(got);
    expect(described.task).toBe(task);
    expect(described.counts.train).toBe(count);
    expect(tree().some((p) => p.includes('.import-') || /\.ds_store|thumbs\.db/i.test(p))).toBe(false);
  });

  it('gives a name already taken a number, never overwrites, and makes odd names safe', async () => {
    mkdirSync(join(workspace, 'data'));
    writeFileSync(join(workspace, 'data', 'xor.csv'), 'mine');
    const table: DataUpload = { kind: 'files', files: files({ 'xor.csv': CSV }) };
    expect((await importData(workspace, table)).path).toBe('data/xor-2.csv');
    expect((await importData(workspace, table)).path).toBe('data/xor-3.csv');
    expect(readFileSync(join(workspace, 'data', 'xor.csv'), 'utf8')).toBe('mine');
    const folder: DataUpload = { kind: 'folder', name: 'shades', files: files({ 'a/1.png': png(0) }) };
    expect(await importData(workspace, folder)).toEqual({ name: 'shades', path: 'data/shades' });
    expect(await importData(workspace, folder)).toEqual({ name: 'shades-2', path: 'data/shades-2' });
    expect(await importData(workspace, { ...folder, name: '..' })).toEqual({ name: 'data', path: 'data/data' });
    expect(await importData(workspace, { ...folder, name: 'a:b' })).toEqual({ name: 'a_b', path: 'data/a_b' });
    expect(tree()).toEqual(['data/', 'data/a_b/', 'data/a_b/a/', 'data/a_b/a/1.png', 'data/data/', 'data/data/a/', 'data/data/a/1.png', 'data/shades-2/', 'data/shades-2/a/', 'data/shades-2/a/1.png', 'data/shades/', 'data/shades/a/', 'data/shades/a/1.png', 'data/xor-2.csv', 'data/xor-3.csv', 'data/xor.csv']);
  });

  it.each<[string, DataUpload, RegExp]>([
    ['a path that climbs out', { kind: 'folder', name: 'f', files: files({ 'a/1.png': png(0), '../escaped.png': png(0) }) }, /"\.\.\/escaped\.png" is not a name Netwright can write/],
    ['a path that climbs out midway', { kind: 'folder', name: 'f', files: files({ 'a/../../escaped.png': png(0) }) }, /not a name Netwright can write/],
    ['an absolute path', { kind: 'folder', name: 'f', files: files({ '/etc/escaped': png(0) }) }, /not a name Netwright can write/],
    ['a Windows path', { kind: 'folder', name: 'f', files: files({ 'a\\..\\..\\escaped': png(0) }) }, /not a name Netwright can write/],
    ['a control character', { kind: 'folder', name: 'f', files: files({ 'a/b\u0007.png': png(0) }) }, /not a name Netwright can write/],
    ['a file that is not data', { kind: 'files', files: files({ 'photo.png': png(0) }) }, /photo\.png is not a data file Netwright reads.*import a folder/],
    ['two tables', { kind: 'files', files: files({ 'a.csv': CSV, 'b.csv': CSV }) }, /Choose one table at a time/],
    ['a table with arrays', { kind: 'files', files: files({ 'a.csv': CSV, 'x.npy': X }) }, /Choose one table at a time/],
    ['inputs without labels', { kind: 'files', files: files({ 'x_train.npy': X }) }, /x_train\.npy holds either the inputs or the labels, not both\. Import the inputs and the labels file together/],
    ['a pair with no labels by name', { kind: 'files', files: files({ 'a.npy': X, 'b.npy': Y }) }, /cannot tell which of a\.npy and b\.npy holds the labels/],
    ['arrays that do not pair', { kind: 'files', files: files({ 'a.npy': X, 'b.npy': Y, 'c.npy': Y }) }, /a\.npy, b\.npy, c\.npy do not pair up/],
    ['a folder without class folders', { kind: 'folder', name: 'flat', files: files({ '1.png': png(0), '2.png': png(9) }) }, /flat has no class folders\. Put the images in one subfolder per class, e\.g\. flat\/cats\/1\.png/],
    ['an empty folder', { kind: 'folder', name: 'empty', files: files({ '.hidden': text('x') }) }, /The folder empty holds no files/],
    ['nothing', { kind: 'files', files: [] }, /No files were chosen/],
    ['bytes that are not bytes', { kind: 'files', files: [{ path: 'a.csv', bytes: [1, 2] as unknown as Uint8Array }] }, /The import was not understood/],
    ['an unknown kind', { kind: 'disk', files: [] } as unknown as DataUpload, /The import was not understood/],
  ])('refuses %s, writing nothing', async (_what, upload, message) => {
    const error = await importData(workspace, upload).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataImportError);
    expect((error as Error).message).toMatch(message);
    expect(tree()).toEqual([]);
    expect(existsSync(join(workspace, '..', 'escaped.png'))).toBe(false);
  });

  it('refuses an import larger than the limit, saying how large and what to do', async () => {
    const upload: DataUpload = { kind: 'files', files: files({ 'big.csv': new Uint8Array(3 * 1024 * 1024) }) };
    await expect(importData(workspace, upload, 2 * 1024 * 1024)).rejects.toThrow(/big\.csv is 3\.0 MB, more than the 2\.0 MB Netwright imports at once\. Copy it into the workspace folder \(.*\) yourself/);
    expect(tree()).toEqual([]);
    expect((await importData(workspace, upload, 3 * 1024 * 1024)).path).toBe('data/big.csv');
    expect(tree()).toEqual(['data/', 'data/big.csv']);
  });

  it('leaves nothing behind when writing fails midway', async () => {
    // "a" as a file and as a folder: the second write fails after the first succeeded.
    const upload: DataUpload = { kind: 'folder', name: 'broken', files: files({ 'a/1.png': png(0), 'b': text('x'), 'b/2.png': png(0) }) };
    await expect(importData(workspace, upload)).rejects.toThrow(/The data could not be written into the workspace \((ENOTDIR|EEXIST)\)/);
    expect(tree()).toEqual(['data/']);
  });
});
