/**
 * The decision boundary of a model with two inputs, as TensorFlow Playground
 * draws it: ask the model about every point of a grid over the data, then
 * colour each cell by the class it predicts, strongly where it is sure and
 * faintly where it hesitates, so the boundary shows as the pale band between.
 */
import { classColor, rgb } from './class-colors';
import { argmax, toProbabilities } from './probabilities';

export interface Extent {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

/** Cells along each side of the grid: 64 × 64 = 4,096 points per refresh. */
export const GRID_SIZE = 64;

/**
 * The square around the points with a margin, so the boundary shows beyond
 * the data (the four XOR corners sit inside, not on the edge).
 */
export function extentOf(points: ArrayLike<number>, margin = 0.2): Extent {
  let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity;
  for (let i = 0; i + 1 < points.length; i += 2) {
    xMin = Math.min(xMin, points[i]!);
    xMax = Math.max(xMax, points[i]!);
    yMin = Math.min(yMin, points[i + 1]!);
    yMax = Math.max(yMax, points[i + 1]!);
  }
  if (!Number.isFinite(xMin)) return { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
  const half = Math.max(xMax - xMin, yMax - yMin, 1e-6) / 2;
  const pad = half * (1 + 2 * margin);
  const cx = (xMin + xMax) / 2;
  const cy = (yMin + yMax) / 2;
  return { xMin: cx - pad, xMax: cx + pad, yMin: cy - pad, yMax: cy + pad };
}

/**
 * The centre of every cell as model inputs, [size × size, 2], row by row from
 * the top (largest y), so row r of the grid is row r of the picture.
 */
export function gridInputs(extent: Extent, size = GRID_SIZE): Float32Array {
  const out = new Float32Array(size * size * 2);
  const dx = (extent.xMax - extent.xMin) / size;
  const dy = (extent.yMax - extent.yMin) / size;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const i = (r * size + c) * 2;
      out[i] = extent.xMin + (c + 0.5) * dx;
      out[i + 1] = extent.yMax - (r + 0.5) * dy;
    }
  }
  return out;
}

/** Where a data point lands on a canvas of `width` × `height` pixels. */
export function toPixel(extent: Extent, x: number, y: number, width: number, height: number): [number, number] {
  return [((x - extent.xMin) / (extent.xMax - extent.xMin)) * width, ((extent.yMax - y) / (extent.yMax - extent.yMin)) * height];
}

/**
 * The grid's colours as RGBA pixels, one per cell: the predicted class's
 * colour mixed into `background` by how sure the model is (probability 1/k,
 * a coin toss among k classes, gives the background; 1 gives 60% colour).
 */
export function boundaryPixels(outputs: ArrayLike<number>, outputsPerPoint: number, fromLogits: boolean, background: string, size = GRID_SIZE): Uint8ClampedArray {
  const pixels = new Uint8ClampedArray(size * size * 4);
  const bg = rgb(background);
  for (let i = 0; i < size * size; i++) {
    const row = Array.from({ length: outputsPerPoint }, (_, k) => outputs[i * outputsPerPoint + k] ?? 0);
    const p = toProbabilities(row, fromLogits);
    const k = argmax(p);
    const sure = Math.max(0, (p[k]! - 1 / p.length) / (1 - 1 / p.length));
    const color = rgb(classColor(k));
    const mix = 0.6 * sure;
    for (let ch = 0; ch < 3; ch++) pixels[i * 4 + ch] = Math.round(bg[ch]! * (1 - mix) + color[ch]! * mix);
    pixels[i * 4 + 3] = 255;
  }
  return pixels;
}
