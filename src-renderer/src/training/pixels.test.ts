import { describe, expect, it } from 'vitest';
import { imagePixels } from './pixels';

describe('imagePixels', () => {
  it('draws 0–1 greyscale as grey pixels', () => {
    const values = new Float32Array(64).fill(0);
    values[9] = 1;
    values[10] = 0.5;
    const px = imagePixels(values, [8, 8])!;
    expect([px.width, px.height]).toEqual([8, 8]);
    expect([...px.rgba.slice(36, 44)]).toEqual([255, 255, 255, 255, 128, 128, 128, 255]);
  });

  it('reads colour images channel by channel, and bytes as bytes', () => {
    const values = new Float32Array(8 * 8 * 3).fill(0);
    values.set([255, 0, 0]);
    const px = imagePixels(values, [8, 8, 3])!;
    expect([...px.rgba.slice(0, 4)]).toEqual([255, 0, 0, 255]);
  });

  it('stretches standardised values and unrolls a flat 784 to 28 × 28', () => {
    const values = Float32Array.from({ length: 784 }, (_, i) => (i === 0 ? -2 : 2));
    const px = imagePixels(values, [784])!;
    expect(px.width).toBe(28);
    expect(px.rgba[0]).toBe(0);
    expect(px.rgba[4]).toBe(255);
  });

  it('refuses what is not a picture', () => {
    expect(imagePixels(new Float32Array(4), [4])).toBeNull();
    expect(imagePixels(new Float32Array(10), [8, 8])).toBeNull();
  });
});
