import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from './errors';
import { encodeIdx } from './idx';
import { loadDataset } from './load';
import { defaultPaths } from './locations';
import { encodeNpy } from './npy';
import { count, type Split } from './types';

const FIXTURES = join(import.meta.dirname, '../../tests/fixtures/data');
const tempDir = () => mkdtempSync(join(tmpdir(), 'netwright-load-'));
const rows = (s: Split) => Array.from({ length: count(s) }, (_, i) => [...s.x.data.subarray(i * 2, i * 2 + 2)].join());

describe('loadDataset', () => {
  it('holds out a seeded validation split, disjoint from training', async () => {
    const load = (seed: number) => loadDataset({ name: 'moons', options: { samples: 100 } }, { seed, validationSplit: 0.2 });
    const [a, b, c] = await Promise.all([load(3), load(3), load(4)]);
    expect(count(a.train)).toBe(80);
    expect(count(a.validation!)).toBe(20);
    const train = new Set(rows(a.train));
    expect(rows(a.validation!).some((r) => train.has(r))).toBe(false);
    expect(rows(b.validation!)).toEqual(rows(a.validation!));
    expect(rows(c.validation!)).not.toEqual(rows(a.validation!));
  });

  it('cuts a test split on request, then validation from what is left', async () => {
    const d = await loadDataset({ name: 'iris', options: { testSplit: 0.2 } }, { validationSplit: 0.25 });
    expect([count(d.train), count(d.validation!), count(d.test!)]).toEqual([90, 30, 30]);
    // Shuffled before cutting, so the held-out parts of this sorted file see every species.
    expect(new Set(d.test!.y.data).size).toBe(3);
    await expect(loadDataset({ name: 'tiny', path: join(FIXTURES, 'mnist-tiny'), options: { testSplit: 0.1 } })).rejects.toThrow(/already has its own test split/);
    await expect(loadDataset({ name: 'xor' }, { validationSplit: 1 })).rejects.toThrow(/validation split must be a fraction/);
    await expect(loadDataset({ name: 'xor' }, { validationSplit: 0.9 })).rejects.toThrow(/a validation fraction of 0.9 leaves no training samples out of 4/);
    expect(count((await loadDataset({ name: 'xor' }, { validationSplit: 0.1 })).validation!)).toBe(1);
  });

  it('standardises CSV features with statistics from the training split only', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'data.csv'), `a,colour,label\n${Array.from({ length: 40 }, (_, i) => `${i * i},${i % 2 ? 'red' : 'blue'},${i % 3}`).join('\n')}\n`);
    const d = await loadDataset({ name: 'mine', path: 'data.csv' }, { projectDir: dir, validationSplit: 0.25, seed: 1 });
    const column = (s: Split, f: number) => Array.from({ length: count(s) }, (_, i) => s.x.data[i * 3 + f]!);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const sd = (v: number[]) => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));
    expect(mean(column(d.train, 0))).toBeCloseTo(0, 5);
    expect(sd(column(d.train, 0))).toBeCloseTo(1, 5);
    expect(Math.abs(mean(column(d.validation!, 0)))).toBeGreaterThan(1e-3);
    // One-hot columns stay 0/1.
    expect(column(d.train, 1).every((v) => v === 0 || v === 1)).toBe(true);
    const st = d.info.preprocessing!.standardize!;
    expect(st.features).toEqual([0]);
    const raw = column(d.train, 0).map((z) => z * st.std[0]! + st.mean[0]!);
    expect(raw.every((v) => Math.abs(Math.sqrt(v) - Math.round(Math.sqrt(v))) < 1e-2)).toBe(true);
  });

  it('reshapes samples to the input shape when the element counts agree, and only then', async () => {
    const dir = tempDir();
    cpSync(join(FIXTURES, 'mnist-tiny'), join(dir, 'mnist'), { recursive: true });
    const paths = { dataDir: dir, cacheDir: tempDir(), systemDirs: {} };
    const flat = await loadDataset({ name: 'mnist' }, { paths, inputShape: [784] });
    expect(flat.info.source).toBe(join(dir, 'mnist'));
    expect(flat.train.x.shape).toEqual([6, 784]);
    expect(flat.test!.x.shape).toEqual([4, 784]);
    // The fixture's pixel k of image i is (37 i + k) mod 256, scaled to [0, 1].
    expect(flat.test!.x.data[5]).toBeCloseTo(((37 * 6 + 5) % 256) / 255, 6);
    expect([...flat.test!.y.data]).toEqual([6, 7, 8, 9]);
    const mismatch = await loadDataset({ name: 'mnist' }, { paths, inputShape: [30, 30] });
    expect(mismatch.train.x.shape).toEqual([6, 28, 28]);
  });

  it('reads NPY pairs in a folder and NPY or IDX files with a labels option, relative to the project', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'X_train.npy'), encodeNpy([3, 2, 2], Uint8Array.of(0, 255, 51, 0, 1, 2, 3, 4, 5, 6, 7, 8)));
    writeFileSync(join(dir, 'y_train.npy'), encodeNpy([3], Int32Array.of(2, 0, 1)));
    writeFileSync(join(dir, 'x_test.npy'), encodeNpy([1, 2, 2], Uint8Array.of(9, 9, 9, 9)));
    writeFileSync(join(dir, 'y_test.npy'), encodeNpy([1, 3], Float32Array.of(0, 1, 0)));
    const d = await loadDataset({ name: 'arrays', path: '.' }, { projectDir: dir, inputShape: [4] });
    expect(d.info).toMatchObject({ task: 'classification', classes: ['0', '1', '2'], sparseLabels: true, preprocessing: { scale: 1 / 255 } });
    expect(d.train.x.shape).toEqual([3, 4]);
    expect([...d.train.x.data.subarray(0, 3)]).toEqual([0, 1, 0.2].map(Math.fround));
    expect(d.train.y).toEqual({ data: Int32Array.of(2, 0, 1), shape: [3] });
    expect(d.test!.x.shape).toEqual([1, 4]);

    writeFileSync(join(dir, 'targets.npy'), encodeNpy([3, 1], Float64Array.of(0.5, 1.5, 2.5)));
    const regression = await loadDataset({ name: 'r', path: 'X_train.npy', options: { labels: 'targets.npy', scale: false } }, { projectDir: dir });
    expect(regression.info.task).toBe('regression');
    expect(regression.train.y).toEqual({ data: Float32Array.of(0.5, 1.5, 2.5), shape: [3, 1] });
    expect(regression.train.x.data[1]).toBe(255);

    writeFileSync(join(dir, 'images.idx'), encodeIdx({ type: 'f32', shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6) }));
    writeFileSync(join(dir, 'labels.idx'), encodeIdx({ type: 'u8', shape: [2], data: Uint8Array.of(1, 0) }));
    const idx = await loadDataset({ name: 'i', path: join(dir, 'images.idx'), options: { labels: 'labels.idx' } });
    expect(idx.train.x).toEqual({ data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3] });
    expect(idx.info.classes).toEqual(['0', '1']);
  });

  it.each<[string, () => Promise<unknown>, RegExp]>([
    ['an unknown built-in', () => loadDataset({ name: 'cifar' }), /no built-in dataset called "cifar". The built-in datasets are: and, or, nand, xor, spirals, circles, moons, blobs, iris, sine, reverse-words, mnist, fashion-mnist/],
    ['a missing file', () => loadDataset({ name: 'd', path: 'nowhere/data.csv' }, { projectDir: '/tmp/project' }), /"d" was not found at \/tmp\/project\/nowhere\/data\.csv \(the path "nowhere\/data\.csv" is taken relative to the project folder \/tmp\/project\)/],
    ['an .npz archive', () => { const d = tempDir(); writeFileSync(join(d, 'a.npz'), 'PK'); return loadDataset({ name: 'd', path: join(d, 'a.npz') }); }, /\.npz archive, which is not read. Save each array with numpy\.save/],
    ['an inputs file without labels', () => { const d = tempDir(); writeFileSync(join(d, 'x.npy'), encodeNpy([1], Float32Array.of(1))); return loadDataset({ name: 'd', path: join(d, 'x.npy') }); }, /holds only the inputs. Name the labels file with the dataset option "labels"/],
    ['mismatched sample counts', () => { const d = tempDir(); writeFileSync(join(d, 'x.npy'), encodeNpy([2, 1], Float32Array.of(1, 2))); writeFileSync(join(d, 'y.npy'), encodeNpy([3], Int32Array.of(0, 1, 1))); return loadDataset({ name: 'd', path: d }); }, /has 2 samples \(shape \[2, 1\]\) but .*y\.npy has 3/],
    ['negative class ids', () => { const d = tempDir(); writeFileSync(join(d, 'x.npy'), encodeNpy([2, 1], Float32Array.of(1, 2))); writeFileSync(join(d, 'y.npy'), encodeNpy([2], Int32Array.of(0, -1))); return loadDataset({ name: 'd', path: d }); }, /label 1 is -1, but class labels must be whole numbers/],
    ['an unknown file type', () => { const d = tempDir(); writeFileSync(join(d, 'a.xlsx'), ''); return loadDataset({ name: 'd', path: join(d, 'a.xlsx') }); }, /not a dataset format Netwright reads. Choose a CSV file/],
  ])('explains %s', async (_what, run, message) => {
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toMatch(message);
  });

  it('forgives case and underscores in built-in names', async () => {
    expect((await loadDataset({ name: 'XOR' })).info.name).toBe('xor');
    expect((await loadDataset({ name: 'Reverse_Words', options: { samples: 2 } })).info.name).toBe('reverse-words');
  });

  it('finds its folders from the environment', () => {
    expect(defaultPaths({ NETWRIGHT_DATA_DIR: '/data', NETWRIGHT_CACHE_DIR: '/cache' })).toMatchObject({ dataDir: '/data', cacheDir: '/cache' });
    expect(defaultPaths({ XDG_CACHE_HOME: '/xdg' }).cacheDir).toBe(process.platform === 'linux' ? '/xdg/netwright' : expect.any(String));
    expect(defaultPaths({}).systemDirs['fashion-mnist']).toEqual(['/usr/share/datasets/fashion-mnist']);
  });
});
