import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { describe, expect, it } from 'vitest';
import { DataError } from './errors';
import { decodeImage, resizeArea, toChannels } from './image';
import { loadDataset } from './load';

/** A w × h PNG filled with one RGBA colour. */
function png(w: number, h: number, rgba: [number, number, number, number]): Buffer {
  const image = new pngjs.PNG({ width: w, height: h });
  for (let p = 0; p < w * h; p++) image.data.set(rgba, p * 4);
  return pngjs.PNG.sync.write(image);
}

/** A w × h JPEG filled with one RGB colour (quality 100). */
function jpg(w: number, h: number, rgb: [number, number, number]): Buffer {
  const data = Buffer.alloc(w * h * 4);
  for (let p = 0; p < w * h; p++) data.set([...rgb, 255], p * 4);
  return jpeg.encode({ data, width: w, height: h }, 100).data;
}

function folder(files: Record<string, Buffer | string>): string {
  const root = mkdtempSync(join(tmpdir(), 'images-'));
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), bytes);
  }
  return root;
}

describe('images', () => {
  it('decodes PNG and JPEG by content, compositing alpha over black and taking BT.601 luma', () => {
    const red = decodeImage(png(2, 1, [255, 0, 0, 255]), 'red.png');
    expect(red.width).toBe(2);
    expect([...toChannels(red, 1)]).toEqual([0.299, 0.299].map(Math.fround));
    expect([...toChannels(red, 3)]).toEqual([1, 0, 0, 1, 0, 0]);
    expect([...toChannels(decodeImage(png(1, 1, [255, 255, 255, 0]), 'clear.png'), 1)]).toEqual([0]);
    const grey = toChannels(decodeImage(jpg(8, 8, [128, 128, 128]), 'grey.jpg'), 1);
    expect(grey.every((v) => Math.abs(v - 128 / 255) < 0.02)).toBe(true);
    expect(() => decodeImage(Buffer.from('GIF89a'), 'a.png')).toThrow(/a\.png is neither a PNG nor a JPEG/);
    expect(() => decodeImage(png(2, 2, [0, 0, 0, 255]).subarray(0, 40), 'cut.png')).toThrow(/cut\.png could not be decoded/);
  });

  it.each([
    { name: 'halves by averaging 2×2 blocks', src: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], from: [4, 4], to: [2, 2], out: [2.5, 4.5, 10.5, 12.5] },
    { name: 'shrinks 3 to 2 with fractional coverage', src: [0, 3, 6], from: [3, 1], to: [2, 1], out: [1, 5] },
    { name: 'doubles by repeating pixels', src: [1, 2], from: [2, 1], to: [4, 1], out: [1, 1, 2, 2] },
    { name: 'keeps the size', src: [1, 2, 3, 4], from: [2, 2], to: [2, 2], out: [1, 2, 3, 4] },
  ])('area resize $name', ({ src, from, to, out }) => {
    const got = resizeArea(Float32Array.from(src), from[0]!, from[1]!, 1, to[0]!, to[1]!);
    got.forEach((v, i) => expect(v).toBeCloseTo(out[i]!, 5));
  });

  it('reads one folder per class, resized and greyscale per the input shape', async () => {
    const root = folder({
      'cat/b.png': png(8, 8, [255, 255, 255, 255]),
      'cat/a.jpg': jpg(16, 16, [0, 0, 0]),
      'dog/c.jpeg': jpg(4, 4, [255, 255, 255]),
      'dog/notes.txt': 'ignored',
      '.hidden/x.png': png(1, 1, [0, 0, 0, 255]),
    });
    const d = await loadDataset({ name: 'pets', path: root }, { inputShape: [4, 4, 1] });
    expect(d.info).toMatchObject({ name: 'pets', task: 'classification', classes: ['cat', 'dog'], sparseLabels: true, preprocessing: { image: [4, 4, 1] } });
    expect(d.train.x.shape).toEqual([3, 4, 4, 1]);
    // Files in name order within each class: cat/a.jpg (black), cat/b.png (white), dog/c.jpeg (white).
    expect([...d.train.y.data]).toEqual([0, 0, 1]);
    const mean = (i: number) => Array.from(d.train.x.data.subarray(i * 16, (i + 1) * 16)).reduce((s, v) => s + v, 0) / 16;
    expect(mean(0)).toBeLessThan(0.02);
    expect(mean(1)).toBeCloseTo(1, 5);
    expect(mean(2)).toBeGreaterThan(0.98);
  });

  it('reads train/test folders in RGB, sized by the options or the first image, [h, w] shapes without a channel axis', async () => {
    const root = folder({
      'train/a/1.png': png(6, 4, [255, 0, 0, 255]),
      'train/b/1.png': png(3, 2, [0, 0, 255, 255]),
      'test/b/2.png': png(12, 8, [0, 0, 255, 255]),
    });
    const rgb = await loadDataset({ name: 'ab', path: root });
    expect(rgb.train.x.shape).toEqual([2, 4, 6, 3]);
    expect(rgb.test!.x.shape).toEqual([1, 4, 6, 3]);
    expect([...rgb.test!.y.data]).toEqual([1]);
    expect([...rgb.test!.x.data.subarray(0, 3)]).toEqual([0, 0, 1]);
    const sized = await loadDataset({ name: 'ab', path: root, options: { width: 2, height: 3, channels: 1 } });
    expect(sized.train.x.shape).toEqual([2, 3, 2, 1]);
    const flat = await loadDataset({ name: 'ab', path: root }, { inputShape: [5, 5] });
    expect(flat.train.x.shape).toEqual([2, 5, 5]);
  });

  it.each<[string, Record<string, Buffer | string>, RegExp]>([
    ['no class folders', { 'a.png': png(1, 1, [0, 0, 0, 255]) }, /has no class folders. Put the images in one subfolder per class/],
    ['a GIF', { 'a/x.gif': 'GIF89a' }, /x\.gif is a GIF image; only PNG and JPEG are read/],
    ['no images', { 'a/readme.txt': 'hi' }, /has class folders but no PNG or JPEG images/],
    ['a test class the training set lacks', { 'train/a/1.png': png(1, 1, [0, 0, 0, 255]), 'test/z/1.png': png(1, 1, [0, 0, 0, 255]) }, /test[/\\]z is a class folder that the training images do not have/],
    ['a broken image', { 'a/1.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]) }, /1\.png could not be decoded/],
  ])('explains %s', async (_what, files, message) => {
    const error = await loadDataset({ name: 'x', path: folder(files) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toMatch(message);
  });
});
