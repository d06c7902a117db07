/** Brightness over a range, channel tiles of a feature map, the sequence heatmap and the bar strip. */
import { describe, expect, it } from 'vitest';
import { barPixels, brightness, channelTiles, heatmapPixels, MAX_BARS, MAX_TILES, rangeOf, type Pixels } from './preview-pixels';

/** The red channel of every pixel: the grey level, for grey pictures. */
const greys = (p: Pixels) => Array.from({ length: p.width * p.height }, (_, i) => p.rgba[i * 4]!);

describe('rangeOf and brightness', () => {
  it('takes every step-th value from start, skipping NaN', () => {
    expect(rangeOf([5, 1, -3, 7, NaN, 2], 1, 2)).toEqual({ lo: 1, hi: 7 });
    expect(rangeOf([NaN])).toEqual({ lo: 0, hi: 0 });
  });
  it('maps the range onto 0–255 and clamps what lies outside', () => {
    const r = { lo: -1, hi: 1 };
    expect([-1, 0, 1, 5, -5].map((v) => brightness(v, r))).toEqual([0, 128, 255, 255, 0]);
  });
  it('draws a flat range black: nothing varies', () => {
    expect(brightness(3, { lo: 3, hi: 3 })).toBe(0);
  });
});

describe('channelTiles', () => {
  // 2 × 2 × 2, channels last: channel 0 is 0, 1, 2, 3; channel 1 is 0, 10, 20, 30.
  const values = Float32Array.from([0, 0, 1, 10, 2, 20, 3, 30]);
  it('gives one tile per channel, each over its own range by default', () => {
    const { tiles, hidden } = channelTiles(values, [2, 2, 2], false);
    expect(hidden).toBe(0);
    expect(tiles.map((t) => t.range)).toEqual([{ lo: 0, hi: 3 }, { lo: 0, hi: 30 }]);
    expect(greys(tiles[0]!.pixels)).toEqual([0, 85, 170, 255]);
    expect(greys(tiles[1]!.pixels)).toEqual([0, 85, 170, 255]);
    expect(tiles[0]!.pixels).toMatchObject({ width: 2, height: 2 });
  });
  it('over one range shared by all channels, faint channels stay faint', () => {
    const { tiles } = channelTiles(values, [2, 2, 2], true);
    expect(greys(tiles[0]!.pixels)).toEqual([0, 9, 17, 26]);
    expect(greys(tiles[1]!.pixels)).toEqual([0, 85, 170, 255]);
  });
  it('keeps rows and columns apart in a wide map', () => {
    // 1 × 3 × 1: one row of three.
    const { tiles } = channelTiles(Float32Array.from([0, 1, 2]), [1, 3, 1], false);
    expect(tiles[0]!.pixels).toMatchObject({ width: 3, height: 1 });
    expect(greys(tiles[0]!.pixels)).toEqual([0, 128, 255]);
  });
  it(`shows at most ${MAX_TILES} channels and counts the rest`, () => {
    const { tiles, hidden } = channelTiles(new Float32Array(4 * 40), [2, 2, 40], false);
    expect(tiles).toHaveLength(MAX_TILES);
    expect(hidden).toBe(40 - MAX_TILES);
  });
});

describe('heatmapPixels', () => {
  it('draws one row per step and one column per feature, over the range of all', () => {
    const { range, pixels } = heatmapPixels(Float32Array.from([0, 1, 2, 3, 4, 5]), [2, 3]);
    expect(range).toEqual({ lo: 0, hi: 5 });
    expect(pixels).toMatchObject({ width: 3, height: 2 });
    expect(greys(pixels)).toEqual([0, 51, 102, 153, 204, 255]);
  });
});

describe('barPixels', () => {
  /** For each column, the rows it colours (alpha 255). */
  const filled = (p: Pixels) => Array.from({ length: p.width }, (_, x) => Array.from({ length: p.height }, (_, y) => y).filter((y) => p.rgba[(y * p.width + x) * 4 + 3] === 255));
  it('grows bars up from zero for positive values and down for negative ones', () => {
    const { range, pixels } = barPixels(Float32Array.from([1, -1, 0.5]), 5);
    expect(range).toEqual({ lo: -1, hi: 1 });
    // Rows 0–4 span 1 down to −1; zero is row 2.
    expect(filled(pixels)).toEqual([[0, 1, 2], [2, 3, 4], [1, 2]]);
    expect(Array.from(pixels.rgba.slice(0, 3))).toEqual([59, 110, 245]);
  });
  it('always holds zero in its range', () => {
    expect(barPixels(Float32Array.from([2, 3]), 4).range).toEqual({ lo: 0, hi: 3 });
  });
  it(`folds long vectors into ${MAX_BARS} columns without losing a spike`, () => {
    const values = new Float32Array(MAX_BARS * 4);
    values[401] = 10;
    const { pixels } = barPixels(values, 11);
    expect(pixels.width).toBe(MAX_BARS);
    expect(filled(pixels)[100]).toHaveLength(11);
    expect(filled(pixels)[99]).toEqual([]);
  });
});
