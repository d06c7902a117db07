/**
 * Turns a drawing into the kind of picture MNIST is made of, because a model
 * only recognises what looks like its training data. MNIST's digits are
 * white on black, scaled so the ink fits a 20×20 box, and placed in a 28×28
 * frame with the ink's centre of mass in the middle. A digit drawn small in
 * a corner of the pad gets the same treatment, so it is read as well as one
 * drawn large and centred.
 */

/** Ink below this brightness counts as background when finding the digit's box. */
const INK = 0.05;

export interface Gray {
  /** Brightness from 0 (background) to 1 (ink), row by row. */
  readonly data: Float32Array;
  readonly width: number;
  readonly height: number;
}

function inkBox(g: Gray): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = g.width, y0 = g.height, x1 = -1, y1 = -1;
  for (let y = 0; y < g.height; y++) {
    for (let x = 0; x < g.width; x++) {
      if (g.data[y * g.width + x]! > INK) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/**
 * Area-averaging resample of the region [sx0, sx0 + sw) × [sy0, sy0 + sh) of
 * `g` into a `w` × `h` picture: each output pixel is the mean of 4 × 4 sample
 * points spread over the source area it covers.
 */
export function resample(g: Gray, sx0: number, sy0: number, sw: number, sh: number, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  const n = 4;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          const sx = Math.floor(sx0 + ((x + (i + 0.5) / n) / w) * sw);
          const sy = Math.floor(sy0 + ((y + (j + 0.5) / n) / h) * sh);
          if (sx >= 0 && sy >= 0 && sx < g.width && sy < g.height) sum += g.data[sy * g.width + sx]!;
        }
      }
      out[y * w + x] = sum / (n * n);
    }
  }
  return out;
}

/** The centre of mass of a picture's brightness, in pixels; the middle when it is blank. */
export function centreOfMass(data: Float32Array, width: number, height: number): [number, number] {
  let total = 0, cx = 0, cy = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = data[y * width + x]!;
      total += v;
      cx += v * (x + 0.5);
      cy += v * (y + 0.5);
    }
  }
  return total > 0 ? [cx / total, cy / total] : [width / 2, height / 2];
}

/** A drawing as a 28 × 28 MNIST-style picture (values 0 to 1, white ink on black). */
export function toDigitInput(g: Gray, size = 28, box = 20): Float32Array {
  const ink = inkBox(g);
  if (!ink) return new Float32Array(size * size);
  const bw = ink.x1 - ink.x0;
  const bh = ink.y1 - ink.y0;
  const scale = box / Math.max(bw, bh);
  const w = Math.max(1, Math.round(bw * scale));
  const h = Math.max(1, Math.round(bh * scale));
  const digit = resample(g, ink.x0, ink.y0, bw, bh, w, h);
  // Place the digit so its centre of mass lands on the frame's centre, clamped inside the frame.
  const [mx, my] = centreOfMass(digit, w, h);
  const ox = Math.min(size - w, Math.max(0, Math.round(size / 2 - mx)));
  const oy = Math.min(size - h, Math.max(0, Math.round(size / 2 - my)));
  const out = new Float32Array(size * size);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[(y + oy) * size + x + ox] = Math.min(1, digit[y * w + x]!);
  return out;
}

/**
 * An image's brightness (0 to 1) from RGBA pixels. Photos and scans are
 * usually dark on light, MNIST is light on dark: a picture whose border is
 * mostly light is inverted.
 */
export function grayFromRgba(rgba: Uint8ClampedArray, width: number, height: number): Gray {
  const data = new Float32Array(width * height);
  for (let i = 0; i < data.length; i++) {
    const a = rgba[i * 4 + 3]! / 255;
    // Transparent pixels are background.
    data[i] = (a * (0.299 * rgba[i * 4]! + 0.587 * rgba[i * 4 + 1]! + 0.114 * rgba[i * 4 + 2]!)) / 255;
  }
  let border = 0, count = 0;
  for (let x = 0; x < width; x++) {
    border += data[x]! + data[(height - 1) * width + x]!;
    count += 2;
  }
  for (let y = 0; y < height; y++) {
    border += data[y * width]! + data[y * width + width - 1]!;
    count += 2;
  }
  if (border / count > 0.5) for (let i = 0; i < data.length; i++) data[i] = 1 - data[i]!;
  return { data, width, height };
}
