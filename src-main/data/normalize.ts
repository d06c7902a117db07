/**
 * Normalisation helpers. Statistics are always fitted on the training split
 * and then applied unchanged to validation and test, so nothing about the
 * held-out data leaks into training.
 */
import { product } from './tensor';
import type { TensorData } from './types';

export interface Standardization {
  readonly features: readonly number[];
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** Bytes 0–255 to floats in [0, 1]. */
export function scaleBytes(bytes: ArrayLike<number>): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i]! / 255;
  return out;
}

/** Mean and standard deviation (population) of each listed flat feature of x. A constant feature gets std 1. */
export function fitStandardization(x: TensorData, features: readonly number[]): Standardization {
  const n = x.shape[0]!;
  const per = product(x.shape.slice(1));
  const mean = features.map((f) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += x.data[i * per + f]!;
    return n > 0 ? s / n : 0;
  });
  const std = features.map((f, k) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (x.data[i * per + f]! - mean[k]!) ** 2;
    const sd = n > 0 ? Math.sqrt(s / n) : 0;
    return sd > 1e-12 ? sd : 1;
  });
  return { features, mean, std };
}

export function applyStandardization(x: TensorData, st: Standardization): TensorData {
  const n = x.shape[0]!;
  const per = product(x.shape.slice(1));
  const out = Float32Array.from(x.data);
  st.features.forEach((f, k) => {
    for (let i = 0; i < n; i++) out[i * per + f] = (out[i * per + f]! - st.mean[k]!) / st.std[k]!;
  });
  return { data: out, shape: x.shape };
}
