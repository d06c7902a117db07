/**
 * A sample's values as RGBA pixels for a thumbnail: greyscale for [h, w] or
 * [h, w, 1], colour for [h, w, 3]. Values from 0 to 1 are read as they are;
 * anything brighter is taken as 0–255 bytes, and values below 0 (standardised
 * data) are stretched to fit.
 */
export interface Pixels {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray;
}

export function imagePixels(values: ArrayLike<number>, shape: readonly number[]): Pixels | null {
  const [height, width] = shape.length === 1 ? squareSide(shape[0]!) : [shape[0]!, shape[1]!];
  const channels = shape.length === 3 ? shape[2]! : 1;
  if (!height || !width || (channels !== 1 && channels !== 3) || values.length < height * width * channels) return null;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < height * width * channels; i++) {
    lo = Math.min(lo, values[i]!);
    hi = Math.max(hi, values[i]!);
  }
  const [from, span] = lo >= 0 && hi <= 1 ? [0, 1] : lo >= 0 && hi <= 255 ? [0, 255] : [lo, hi - lo || 1];
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) {
      const v = values[p * channels + (channels === 3 ? c : 0)]!;
      rgba[p * 4 + c] = Math.round(((v - from) / span) * 255);
    }
    rgba[p * 4 + 3] = 255;
  }
  return { width, height, rgba };
}

/** A flat sample of 784 values is a 28 × 28 picture; other flat lengths are not pictures. */
function squareSide(n: number): [number, number] {
  const side = Math.round(Math.sqrt(n));
  return side * side === n && side >= 8 ? [side, side] : [0, 0];
}
