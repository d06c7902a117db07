/**
 * Decoding PNG (pngjs) and JPEG (jpeg-js) files and fitting them to the
 * model's input:
 *   - colour: transparent pixels are composited over black (so a digit drawn
 *     on a transparent canvas reads like MNIST); greyscale is the luma
 *     0.299 R + 0.587 G + 0.114 B (ITU-R BT.601, what PIL's convert("L") uses);
 *   - size: area averaging. Each output pixel is the mean of the source
 *     pixels its footprint covers, weighted by the covered fraction (like
 *     OpenCV's INTER_AREA). Shrinking averages away detail instead of
 *     aliasing; enlarging repeats pixels with a blend at the seams.
 * Values come out in [0, 1], height × width × channels (channels last).
 */
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { DataError } from './errors';

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** 8-bit RGBA, row by row. */
  readonly data: Uint8Array;
}

const isPng = (b: Uint8Array) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
const isJpeg = (b: Uint8Array) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

/** Decodes PNG or JPEG bytes (recognised by content) to RGBA. `path` names the file in errors. */
export function decodeImage(bytes: Uint8Array, path: string): RgbaImage {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (isPng(bytes)) {
      const png = pngjs.PNG.sync.read(buffer);
      return { width: png.width, height: png.height, data: png.data };
    }
    if (isJpeg(bytes)) {
      const image = jpeg.decode(buffer, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
      return { width: image.width, height: image.height, data: image.data };
    }
  } catch (e) {
    throw new DataError(`${path} could not be decoded (${e instanceof Error ? e.message : String(e)}). The file is damaged or only named like an image: open it in an image viewer, or remove it.`);
  }
  throw new DataError(`${path} is neither a PNG nor a JPEG file. Convert it to PNG or JPEG, or remove it from the folder.`);
}

/** RGBA bytes to floats in [0, 1] with 1 (luma) or 3 (RGB) channels. */
export function toChannels(image: RgbaImage, channels: 1 | 3): Float32Array {
  const n = image.width * image.height;
  const out = new Float32Array(n * channels);
  for (let p = 0; p < n; p++) {
    const a = image.data[p * 4 + 3]! / 255;
    const r = (image.data[p * 4]! / 255) * a;
    const g = (image.data[p * 4 + 1]! / 255) * a;
    const b = (image.data[p * 4 + 2]! / 255) * a;
    if (channels === 1) out[p] = 0.299 * r + 0.587 * g + 0.114 * b;
    else out.set([r, g, b], p * 3);
  }
  return out;
}

/** For each output index, the source indices it covers and their weights (summing to 1). */
function areaWeights(inSize: number, outSize: number): { index: number[]; weight: number[] }[] {
  const scale = inSize / outSize;
  return Array.from({ length: outSize }, (_, o) => {
    const lo = o * scale;
    const hi = (o + 1) * scale;
    const index: number[] = [];
    const weight: number[] = [];
    for (let i = Math.floor(lo); i < Math.min(inSize, Math.ceil(hi)); i++) {
      const w = Math.min(hi, i + 1) - Math.max(lo, i);
      if (w > 1e-9) {
        index.push(i);
        weight.push(w / scale);
      }
    }
    return { index, weight };
  });
}

/** Resizes an h × w × c image to height × width × c by area averaging (separable: rows, then columns). */
export function resizeArea(src: Float32Array, w: number, h: number, c: number, width: number, height: number): Float32Array {
  if (w === width && h === height) return src;
  const cols = areaWeights(w, width);
  const rows = areaWeights(h, height);
  const mid = new Float32Array(h * width * c);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < width; x++) {
      const { index, weight } = cols[x]!;
      for (let k = 0; k < c; k++) {
        let s = 0;
        for (let j = 0; j < index.length; j++) s += src[(y * w + index[j]!) * c + k]! * weight[j]!;
        mid[(y * width + x) * c + k] = s;
      }
    }
  }
  const out = new Float32Array(height * width * c);
  for (let y = 0; y < height; y++) {
    const { index, weight } = rows[y]!;
    for (let x = 0; x < width * c; x++) {
      let s = 0;
      for (let j = 0; j < index.length; j++) s += mid[index[j]! * width * c + x]! * weight[j]!;
      out[y * width * c + x] = s;
    }
  }
  return out;
}
