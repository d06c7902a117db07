import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataError } from './errors';
import { encodeIdx, findIdxFiles, parseIdx, readIdxFile, readIdxSplit, type IdxArray } from './idx';

const ARRAYS: IdxArray[] = [
  { type: 'u8', shape: [2, 3], data: Uint8Array.of(0, 1, 127, 128, 254, 255) },
  { type: 'i8', shape: [4], data: Int8Array.of(-128, -1, 0, 127) },
  { type: 'i16', shape: [2, 2], data: Int16Array.of(-32768, -2, 300, 32767) },
  { type: 'i32', shape: [3], data: Int32Array.of(-2147483648, 65536, 2147483647) },
  { type: 'f32', shape: [1, 2, 2], data: Float32Array.of(-1.5, 0, 3.25, 1e-20) },
  { type: 'f64', shape: [2], data: Float64Array.of(Math.PI, -1e300) },
];

describe('IDX', () => {
  it.each(ARRAYS)('round-trips $type $shape', (a) => {
    const back = parseIdx(encodeIdx(a));
    expect(back.type).toBe(a.type);
    expect(back.shape).toEqual(a.shape);
    expect([...back.data]).toEqual([...a.data]);
  });

  it('reads the big-endian layout MNIST uses', () => {
    // A label file with two labels: magic 0x00000801, count 2, then the bytes.
    const bytes = Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 2, 7, 3);
    expect(parseIdx(bytes)).toEqual({ type: 'u8', shape: [2], data: Uint8Array.of(7, 3) });
    const ints = parseIdx(Uint8Array.of(0, 0, 0x0c, 1, 0, 0, 0, 1, 0x01, 0x02, 0x03, 0x04));
    expect(ints.data[0]).toBe(0x01020304);
  });

  it('reads gzip-compressed and plain files alike', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idx-'));
    const a = ARRAYS[2]!;
    writeFileSync(join(dir, 'plain'), encodeIdx(a));
    writeFileSync(join(dir, 'packed.gz'), gzipSync(encodeIdx(a)));
    for (const name of ['plain', 'packed.gz']) expect([...(await readIdxFile(join(dir, name))).data]).toEqual([...a.data]);
  });

  it.each([
    [Uint8Array.of(1, 0, 8, 1), /does not start with the IDX magic/],
    [Uint8Array.of(0, 0, 0x42, 1, 0, 0, 0, 1, 0), /unknown value type code 0x42/],
    [Uint8Array.of(0, 0, 8, 2, 0, 0, 0, 2), /header is cut short/],
    [Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 3, 1, 2), /declares shape \[3\] \(11 bytes in all\) but the file has 10 bytes/],
  ])('rejects malformed data %#', (bytes, message) => {
    expect(() => parseIdx(bytes, 'x.idx')).toThrow(DataError);
    expect(() => parseIdx(bytes, 'x.idx')).toThrow(message);
  });

  it('names a truncated gzip file and a missing one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idx-'));
    writeFileSync(join(dir, 'cut.gz'), gzipSync(encodeIdx(ARRAYS[0]!)).subarray(0, 12));
    await expect(readIdxFile(join(dir, 'cut.gz'))).rejects.toThrow(/cut\.gz looks gzip-compressed but could not be decompressed/);
    await expect(readIdxFile(join(dir, 'nope'))).rejects.toThrow(/nope: the file does not exist/);
  });

  it('finds MNIST file names in either spelling, and pairs images with labels', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idx-'));
    expect(findIdxFiles(dir)).toBeUndefined();
    writeFileSync(join(dir, 'train-images.idx3-ubyte'), encodeIdx({ type: 'u8', shape: [2, 2, 2], data: Uint8Array.of(0, 51, 102, 255, 0, 0, 0, 0) }));
    writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(encodeIdx({ type: 'u8', shape: [2], data: Uint8Array.of(4, 1) })));
    const files = findIdxFiles(dir)!;
    expect(files).toEqual({ trainImages: join(dir, 'train-images.idx3-ubyte'), trainLabels: join(dir, 'train-labels-idx1-ubyte.gz') });
    const split = await readIdxSplit(files.trainImages, files.trainLabels, 10);
    expect([...split.x.data.subarray(0, 4)]).toEqual([0, 0.2, 0.4, 1].map(Math.fround));
    expect(split.y).toEqual({ data: Int32Array.of(4, 1), shape: [2] });
    await expect(readIdxSplit(files.trainImages, files.trainLabels, 3)).rejects.toThrow(/label 0 .* is 4, outside the 3 classes 0–2/);
  });
});
