import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from './errors';
import { encodeNpy, parseNpy, readNpyFile, type NpyValues } from './npy';

const PYTHON = process.env['NETWRIGHT_PYTHON'] ?? '/usr/bin/python3';
const hasNumpy = existsSync(PYTHON) && (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('NPY', () => {
  it.each<[string, readonly number[], NpyValues]>([
    ['f4', [2, 3], Float32Array.of(1.5, -2, 0, 3.25, 1e-30, -7)],
    ['f8', [3], Float64Array.of(Math.PI, -1e300, 0)],
    ['i4', [2, 1], Int32Array.of(-5, 2147483647)],
    ['u1', [1, 2, 2], Uint8Array.of(0, 1, 254, 255)],
    ['i2', [2], Int16Array.of(-300, 300)],
  ])('round-trips %s %j through encodeNpy', (dtype, shape, data) => {
    const bytes = encodeNpy(shape, data);
    expect((10 + (bytes[8]! | (bytes[9]! << 8))) % 64).toBe(0);
    const back = parseNpy(bytes);
    expect(back.dtype).toBe(dtype);
    expect(back.shape).toEqual(shape);
    expect([...back.data]).toEqual([...data]);
  });

  it('reads a scalar and an empty array', () => {
    expect(parseNpy(encodeNpy([], Float32Array.of(2)))).toMatchObject({ shape: [], data: Float32Array.of(2) });
    expect(parseNpy(encodeNpy([0, 3], new Float32Array(0)))).toMatchObject({ shape: [0, 3] });
  });

  it('reads what numpy.save writes: f4, f8, i4, i8, u1, Fortran order, big-endian rejected', async () => {
    expect(hasNumpy, `${PYTHON} has no numpy: apt-get install -y python3-numpy (it comes with python3-torch), or set NETWRIGHT_PYTHON`).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'npy-'));
    execFileSync(PYTHON, ['-c', `
import numpy as np, os
d = ${JSON.stringify(dir)}
a = np.arange(12).reshape(3, 4)
np.save(os.path.join(d, 'f4.npy'), (a / 8).astype('<f4'))
np.save(os.path.join(d, 'f8.npy'), (a / 3).astype('<f8'))
np.save(os.path.join(d, 'i4.npy'), (a - 6).astype('<i4'))
np.save(os.path.join(d, 'i8.npy'), (a * 10**12).astype('<i8'))
np.save(os.path.join(d, 'u1.npy'), (a * 20).astype('u1'))
np.save(os.path.join(d, 'fortran.npy'), np.asfortranarray(a.astype('<f4')))
np.save(os.path.join(d, 'big.npy'), a.astype('>f4'))
np.save(os.path.join(d, 'bool.npy'), a % 2 == 0)
np.save(os.path.join(d, 'vector.npy'), np.array([1, 2, 3], dtype='<i4'))
`]);
    const a = Array.from({ length: 12 }, (_, i) => i);
    const expected: Record<string, number[]> = {
      f4: a.map((v) => v / 8), f8: a.map((v) => v / 3), i4: a.map((v) => v - 6), i8: a.map((v) => v * 1e12), u1: a.map((v) => v * 20), fortran: a, bool: a.map((v) => (v % 2 === 0 ? 1 : 0)),
    };
    for (const [name, values] of Object.entries(expected)) {
      const got = await readNpyFile(join(dir, `${name}.npy`));
      expect(got.shape, name).toEqual([3, 4]);
      got.data.forEach((v, i) => expect(v, `${name}[${i}]`).toBeCloseTo(values[i]!, 12));
    }
    expect((await readNpyFile(join(dir, 'vector.npy'))).shape).toEqual([3]);
    await expect(readNpyFile(join(dir, 'big.npy'))).rejects.toThrow(/big-endian/);
    // And numpy reads what encodeNpy writes.
    const mine = join(dir, 'mine.npy');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(mine, encodeNpy([2, 2], Float32Array.of(1, 2, 3, 4.5)));
    expect(execFileSync(PYTHON, ['-c', `import numpy as np; a = np.load(${JSON.stringify(mine)}); print(a.dtype, a.shape, a.sum())`]).toString().trim()).toBe('float32 (2, 2) 10.5');
    expect(readFileSync(mine).subarray(0, 6).toString('latin1')).toBe('\x93NUMPY');
  });

  it.each<[string, Uint8Array, RegExp]>([
    ['not NPY', Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), /not an NPY file/],
    ['a complex dtype', headerOnly("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", 8), /values of type <c8 are not supported/],
    ['a structured dtype', headerOnly("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", 4), /header could not be read/],
    ['missing data', headerOnly("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", 8), /needs 16 bytes of data but the file has 8/],
    ['an i8 too large for a double', headerOnly("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", 8, [0, 0, 0, 0, 0, 0, 0x40, 0]), /too large to represent exactly/],
  ])('rejects %s', (_what, bytes, message) => {
    expect(() => parseNpy(bytes, 'a.npy')).toThrow(DataError);
    expect(() => parseNpy(bytes, 'a.npy')).toThrow(message);
  });
});

/** An NPY 1.0 file with this header and `dataBytes` bytes of data, starting with `data`. */
function headerOnly(header: string, dataBytes: number, data: number[] = []): Uint8Array {
  const h = header + ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const out = new Uint8Array(10 + h.length + dataBytes);
  out.set(data, 10 + h.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length & 0xff, h.length >> 8]);
  out.set(new TextEncoder().encode(h), 10);
  return out;
}
