/**
 * A layer's output as pictures for the inspector's preview: each channel of
 * a feature map as a greyscale tile, a sequence as a time × features
 * heatmap, a vector as a strip of bars. Values are mapped to brightness over
 * a range: each channel's own (so faint channels still show their pattern),
 * or one shared by all (so channels can be compared).
 */
import type { Pixels } from '../training/pixels';

export type { Pixels };

/** Channels shown as tiles at most; the rest are counted. */
export const MAX_TILES = 32;

export interface Range {
  readonly lo: number;
  readonly hi: number;
}

/** The smallest and largest finite values of `values[start], values[start + step], …` (`count` of them). */
export function rangeOf(values: ArrayLike<number>, start = 0, step = 1, count = Math.ceil((values.length - start) / step)): Range {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0, at = start; i < count; i++, at += step) {
    const v = values[at]!;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo > hi ? { lo: 0, hi: 0 } : { lo, hi };
}

/** A value's brightness from 0 to 255 over `range`. A flat range (a channel that is all one value) is black: nothing varies. */
export function brightness(v: number, { lo, hi }: Range): number {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(v)) return 0;
  return Math.round((Math.min(hi, Math.max(lo, v)) - lo) / span * 255);
}

/** `width × height` grey pixels; `at(p)` is the value of pixel p, row by row. */
function greyPixels(width: number, height: number, range: Range, at: (p: number) => number): Pixels {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const g = brightness(at(p), range);
    rgba[p * 4] = g;
    rgba[p * 4 + 1] = g;
    rgba[p * 4 + 2] = g;
    rgba[p * 4 + 3] = 255;
  }
  return { width, height, rgba };
}

export interface Tile {
  readonly channel: number;
  readonly range: Range;
  readonly pixels: Pixels;
}

/**
 * The first `MAX_TILES` channels of an H × W × C output (channels last), one
 * tile each, over each channel's own range or, with `shared`, over the range
 * of all of them.
 */
export function channelTiles(values: ArrayLike<number>, [height, width, channels]: readonly [number, number, number], shared: boolean): { tiles: Tile[]; hidden: number } {
  const all = shared ? rangeOf(values, 0, 1, height * width * channels) : null;
  const tiles: Tile[] = [];
  for (let c = 0; c < Math.min(channels, MAX_TILES); c++) {
    const range = all ?? rangeOf(values, c, channels, height * width);
    tiles.push({ channel: c, range, pixels: greyPixels(width, height, range, (p) => values[p * channels + c]!) });
  }
  return { tiles, hidden: Math.max(0, channels - MAX_TILES) };
}

/** A time × features output as a heatmap: one row per step, one column per feature, over the range of all. */
export function heatmapPixels(values: ArrayLike<number>, [steps, features]: readonly [number, number]): { range: Range; pixels: Pixels } {
  const range = rangeOf(values, 0, 1, steps * features);
  return { range, pixels: greyPixels(features, steps, range, (p) => values[p]!) };
}

/** Columns in a bar strip at most: longer vectors share columns, each showing the lowest and highest of its values. */
export const MAX_BARS = 256;
const POSITIVE = [59, 110, 245];
const NEGATIVE = [214, 93, 48];

/**
 * A vector as bars `height` pixels high, up from a zero line for positive
 * values (blue) and down from it for negative ones (orange). Where there are
 * more values than MAX_BARS, each column spans the lowest to the highest of
 * the values it stands for, so no spike is lost.
 */
export function barPixels(values: ArrayLike<number>, height: number): { range: Range; pixels: Pixels } {
  const n = values.length;
  const width = Math.max(1, Math.min(n, MAX_BARS));
  const data = rangeOf(values);
  // Bars grow from zero, so the range always holds it.
  const range = { lo: Math.min(0, data.lo), hi: Math.max(0, data.hi) };
  const span = range.hi - range.lo || 1;
  const row = (v: number) => Math.round(((range.hi - v) / span) * (height - 1));
  const zero = row(0);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let x = 0; x < width; x++) {
    const { lo, hi } = rangeOf(values, Math.floor((x * n) / width), 1, Math.max(1, Math.floor(((x + 1) * n) / width) - Math.floor((x * n) / width)));
    const top = row(Math.max(0, hi));
    const bottom = row(Math.min(0, lo));
    for (let y = top; y <= bottom; y++) {
      const colour = y < zero || (y === zero && hi > 0) ? POSITIVE : NEGATIVE;
      const at = (y * width + x) * 4;
      rgba.set(colour, at);
      rgba[at + 3] = y === zero && hi <= 0 && lo >= 0 ? 90 : 255;
    }
  }
  return { range, pixels: { width, height, rgba } };
}
