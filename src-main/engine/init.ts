/**
 * Weight initialisers, with Keras's definitions and defaults (Constant with
 * its value, the rest by name). Both backends start from the same numbers:
 * weights are made here on the CPU, seeded, and uploaded.
 *
 * Fans follow Keras: for a kernel (...receptive field, fan_in_channels,
 * fan_out_channels), fan_in = receptive × in and fan_out = receptive × out.
 */
import type { Initializer } from '../../shared/layers/define';
import { numel, type Plan, type TensorInfo } from './plan/types';
import { Random } from './random';

export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  const receptive = shape.slice(0, -2).reduce((n, d) => n * d, 1);
  return { fanIn: shape.at(-2)! * receptive, fanOut: shape.at(-1)! * receptive };
}

/** Keras's truncated normal: redraw values beyond two standard deviations. */
function truncatedNormal(rng: Random, std: number): number {
  for (;;) {
    const v = rng.normal();
    if (Math.abs(v) <= 2) return v * std;
  }
}

function orthogonal(rng: Random, rows: number, cols: number): Float32Array {
  // Gram–Schmidt on a random normal matrix, as Keras's Orthogonal does via QR.
  const n = Math.max(rows, cols);
  const m = Math.min(rows, cols);
  const q: number[][] = [];
  for (let i = 0; i < m; i++) {
    let v = Array.from({ length: n }, () => rng.normal());
    for (const u of q) {
      const dot = v.reduce((s, x, k) => s + x * u[k]!, 0);
      v = v.map((x, k) => x - dot * u[k]!);
    }
    const norm = Math.hypot(...v) || 1;
    q.push(v.map((x) => x / norm));
  }
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = rows <= cols ? q[r]![c]! : q[c]![r]!;
  return out;
}

export function initialise(init: Initializer, shape: readonly number[], rng: Random): Float32Array {
  const size = shape.reduce((n, d) => n * d, 1);
  const out = new Float32Array(size);
  const { fanIn, fanOut } = fans(shape);
  const uniform = (limit: number) => out.forEach((_, i) => (out[i] = (rng.next() * 2 - 1) * limit));
  const normal = (std: number) => out.forEach((_, i) => (out[i] = truncatedNormal(rng, std)));
  // Keras scales the truncated normal's std by 1/0.8796… so the variance matches.
  const TRUNC = 0.87962566103423978;
  // A constant draws nothing, as zeros and ones don't, so the weights after it get the same numbers.
  if (typeof init !== 'string') return out.fill(init.value);
  switch (init) {
    case 'zeros': break;
    case 'ones': out.fill(1); break;
    case 'glorot_uniform': uniform(Math.sqrt(6 / (fanIn + fanOut))); break;
    case 'glorot_normal': normal(Math.sqrt(2 / (fanIn + fanOut)) / TRUNC); break;
    case 'he_uniform': uniform(Math.sqrt(6 / fanIn)); break;
    case 'he_normal': normal(Math.sqrt(2 / fanIn) / TRUNC); break;
    case 'lecun_uniform': uniform(Math.sqrt(3 / fanIn)); break;
    case 'lecun_normal': normal(Math.sqrt(1 / fanIn) / TRUNC); break;
    case 'random_uniform': uniform(0.05); break;
    case 'orthogonal': {
      const cols = shape.at(-1) ?? 1;
      out.set(orthogonal(rng, size / cols, cols));
      break;
    }
    case 'unit_forget_bias': {
      // LSTM bias (i, f, c, o blocks): the forget block starts at 1.
      const units = size / 4;
      out.fill(1, units, 2 * units);
      break;
    }
  }
  return out;
}

/**
 * The starting contents of every tensor that has any (initialised weights,
 * literal values), drawn in plan order from one seeded generator. Every
 * backend starts from these, so runs from the same seed agree.
 */
export function initialValues(plan: Plan, seed: number): Map<number, Float32Array | Int32Array> {
  const rng = new Random(seed);
  const values = new Map<number, Float32Array | Int32Array>();
  for (const t of plan.tensors) {
    if (t.viewOf !== undefined) continue;
    if (t.role === 'param' && t.init) {
      values.set(t.id, initialise(t.init, t.shape, rng));
    } else if (t.values) {
      values.set(t.id, literalValues(t));
    }
  }
  return values;
}

/** A tensor's literal contents (`values`; a single value fills it). */
export function literalValues(t: TensorInfo): Float32Array | Int32Array {
  const data = t.dtype === 'i32' ? new Int32Array(numel(t.shape)) : new Float32Array(numel(t.shape));
  if (t.values?.length === 1) data.fill(t.values[0]!);
  else if (t.values) data.set(t.values);
  return data;
}
