/** A drawing becomes an MNIST-style picture: ink fitted to 20×20 and centred by mass. */
import { describe, expect, it } from 'vitest';
import { centreOfMass, grayFromRgba, toDigitInput, type Gray } from './digit-input';

function pad(width: number, height: number, ink: (x: number, y: number) => boolean): Gray {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = ink(x, y) ? 1 : 0;
  return { data, width, height };
}

function inkExtent(img: Float32Array, size = 28) {
  let x0 = size, x1 = -1, y0 = size, y1 = -1;
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (img[y * size + x]! > 0.05) [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
  return { w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

describe('toDigitInput', () => {
  it('a small stroke in a corner comes out large and centred', () => {
    const g = pad(280, 280, (x, y) => x >= 10 && x < 40 && y >= 20 && y < 80);
    const img = toDigitInput(g);
    expect(img).toHaveLength(784);
    const { w, h } = inkExtent(img);
    expect(h).toBe(20);
    expect(w).toBe(10);
    const [cx, cy] = centreOfMass(img, 28, 28);
    expect(Math.abs(cx - 14)).toBeLessThanOrEqual(1);
    expect(Math.abs(cy - 14)).toBeLessThanOrEqual(1);
    expect(Math.max(...img)).toBeLessThanOrEqual(1);
  });

  it('a blank pad gives a blank picture', () => {
    expect(toDigitInput(pad(100, 100, () => false)).every((v) => v === 0)).toBe(true);
  });
});

describe('grayFromRgba', () => {
  it('inverts dark-on-light pictures so ink is bright, as in MNIST', () => {
    const rgba = new Uint8ClampedArray(3 * 3 * 4).fill(255);
    rgba.set([0, 0, 0, 255], 4 * 4);
    const g = grayFromRgba(rgba, 3, 3);
    expect(g.data[4]).toBeCloseTo(1);
    expect(g.data[0]).toBeCloseTo(0);
  });

  it('keeps light-on-dark pictures and treats transparency as background', () => {
    const rgba = new Uint8ClampedArray(2 * 2 * 4);
    rgba.set([255, 255, 255, 255], 0);
    const g = grayFromRgba(rgba, 2, 2);
    expect([...g.data]).toEqual([1, 0, 0, 0]);
  });
});
