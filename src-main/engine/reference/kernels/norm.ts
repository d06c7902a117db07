/**
 * Reference kernels for normalisation and dropout: batch_norm, layer_norm,
 * their gradients, and dropout.
 *
 * Both normalisations compute, for each group of elements sharing statistics,
 *
 *   mean = Σx / M,  var = Σ(x − mean)² / M  (biased: divided by M, not M − 1),
 *   invStd = 1 / √(var + ε),  x̂ = (x − mean)·invStd,  y = γ·x̂ + β,
 *
 * and differ only in which elements form a group and which index γ and β:
 *
 *   batch_norm: one group per channel (the `axis`), over every other axis,
 *               batch included; γ, β, mean and invStd are indexed by channel.
 *   layer_norm: one group per position of the axes NOT in `axes` (one per
 *               sample, or per sample and timestep); γ and β are indexed by
 *               position within the normalised `axes`.
 *
 * The gradient of y = γ·x̂ + β for one group of M elements, with g = dy·γ:
 *
 *   dx = invStd/M · (M·g − Σg − x̂·Σ(g·x̂)),   dγ = Σ dy·x̂,   dβ = Σ dy
 *
 * (the two sums removing the parts of g that only moved the mean and the
 * variance); dγ and dβ sum over every element that used that γ or β.
 *
 * The reference computes in float64 (JavaScript numbers) and stores float32.
 */
import type { Kernel } from '../../plan/kernels';
import { counterUniform } from '../../random';
import type { RefKernel, RefTensor, StepEnv } from '../tensor';

/**
 * For each flat element of `shape`, its flat index over the axes kept (not in
 * `axes`) and over the axes in `axes`, both row-major: an element's group and
 * its position within the group.
 */
export function splitIndex(shape: readonly number[], axes: readonly number[]): { kept: Int32Array; within: Int32Array; keptSize: number; withinSize: number } {
  const n = shape.reduce((p, d) => p * d, 1);
  const kept = new Int32Array(n);
  const within = new Int32Array(n);
  let keptSize = 1;
  let withinSize = 1;
  for (let i = 0; i < n; i++) {
    let rest = i;
    let k = 0;
    let w = 0;
    let kStride = 1;
    let wStride = 1;
    for (let a = shape.length - 1; a >= 0; a--) {
      const coord = rest % shape[a]!;
      rest = Math.floor(rest / shape[a]!);
      if (axes.includes(a)) {
        w += coord * wStride;
        wStride *= shape[a]!;
      } else {
        k += coord * kStride;
        kStride *= shape[a]!;
      }
    }
    kept[i] = k;
    within[i] = w;
    keptSize = kStride;
    withinSize = wStride;
  }
  return { kept, within, keptSize, withinSize };
}

/** Biased mean and variance of x per group (`group[i]` is element i's group). */
function moments(x: RefTensor, group: Int32Array, groups: number): { mean: Float64Array; variance: Float64Array } {
  const count = x.data.length / groups;
  const mean = new Float64Array(groups);
  const variance = new Float64Array(groups);
  for (let i = 0; i < x.data.length; i++) mean[group[i]!]! += x.data[i]!;
  for (let g = 0; g < groups; g++) mean[g]! /= count;
  // Two passes, so a large mean does not cancel away the variance.
  for (let i = 0; i < x.data.length; i++) variance[group[i]!]! += (x.data[i]! - mean[group[i]!]!) ** 2;
  for (let g = 0; g < groups; g++) variance[g]! /= count;
  return { mean, variance };
}

/** y = γ[param]·(x − mean[group])·invStd[group] + β[param]. */
function normalise(x: RefTensor, gamma: RefTensor, beta: RefTensor, y: RefTensor, mean: ArrayLike<number>, invStd: ArrayLike<number>, group: Int32Array, param: Int32Array): void {
  for (let i = 0; i < x.data.length; i++) {
    const g = group[i]!;
    y.data[i] = gamma.data[param[i]!]! * (x.data[i]! - mean[g]!) * invStd[g]! + beta.data[param[i]!]!;
  }
}

/** The backward pass shared by both normalisations (see the header). */
function normaliseGrad(dy: RefTensor, x: RefTensor, gamma: RefTensor, mean: RefTensor, invStd: RefTensor, dx: RefTensor, dgamma: RefTensor, dbeta: RefTensor, group: Int32Array, param: Int32Array): void {
  const groups = mean.data.length;
  const M = x.data.length / groups;
  const sumG = new Float64Array(groups);
  const sumGXhat = new Float64Array(groups);
  const xhat = (i: number) => (x.data[i]! - mean.data[group[i]!]!) * invStd.data[group[i]!]!;
  dgamma.data.fill(0);
  dbeta.data.fill(0);
  for (let i = 0; i < x.data.length; i++) {
    const g = dy.data[i]! * gamma.data[param[i]!]!;
    sumG[group[i]!]! += g;
    sumGXhat[group[i]!]! += g * xhat(i);
    dgamma.data[param[i]!]! += dy.data[i]! * xhat(i);
    dbeta.data[param[i]!]! += dy.data[i]!;
  }
  for (let i = 0; i < x.data.length; i++) {
    const k = group[i]!;
    const g = dy.data[i]! * gamma.data[param[i]!]!;
    dx.data[i] = (invStd.data[k]! / M) * (M * g - sumG[k]! - xhat(i) * sumGXhat[k]!);
  }
}

/** Every axis but the channel axis: batch_norm's statistics run over these. */
const allBut = (rank: number, axis: number) => Array.from({ length: rank }, (_, a) => a).filter((a) => a !== axis);

/**
 * (x, gamma[C], beta[C], movingMean[C], movingVar[C]) → (y) at inference,
 * → (y, mean[C], invStd[C], movingMean, movingVar) when training;
 * {axis, epsilon, momentum, training}.
 *
 * Training normalises with the batch's own biased variance and then moves the
 * moving statistics in place (they are inputs 3, 4 and outputs 3, 4, the same
 * tensors), following Keras 3:
 *
 *   moving = moving·momentum + batch·(1 − momentum), with the biased variance.
 *
 * PyTorch differs twice: its momentum is Keras's 1 − momentum, and it moves
 * running_var towards the unbiased variance (· M/(M − 1)). Inference
 * normalises with the moving statistics and changes nothing.
 */
const batch_norm: RefKernel = ([x, gamma, beta, movingMean, movingVar], [y, meanOut, invStdOut], arg) => {
  const axis: number = arg['axis'];
  const epsilon: number = arg['epsilon'];
  const { kept: channel, keptSize: C } = splitIndex(x!.shape, allBut(x!.shape.length, axis));
  const invStd = new Float64Array(C);
  if (!arg['training']) {
    for (let c = 0; c < C; c++) invStd[c] = 1 / Math.sqrt(movingVar!.data[c]! + epsilon);
    normalise(x!, gamma!, beta!, y!, movingMean!.data, invStd, channel, channel);
    return;
  }
  const momentum: number = arg['momentum'];
  const { mean, variance } = moments(x!, channel, C);
  for (let c = 0; c < C; c++) {
    invStd[c] = 1 / Math.sqrt(variance[c]! + epsilon);
    meanOut!.data[c] = mean[c]!;
    invStdOut!.data[c] = invStd[c]!;
    movingMean!.data[c] = movingMean!.data[c]! * momentum + mean[c]! * (1 - momentum);
    movingVar!.data[c] = movingVar!.data[c]! * momentum + variance[c]! * (1 - momentum);
  }
  normalise(x!, gamma!, beta!, y!, mean, invStd, channel, channel);
};

/** (dy, x, gamma, mean, invStd) → (dx, dgamma[C], dbeta[C]); {axis}. Uses the batch statistics of the forward launch. */
const batch_norm_grad: RefKernel = ([dy, x, gamma, mean, invStd], [dx, dgamma, dbeta], arg) => {
  const { kept: channel } = splitIndex(x!.shape, allBut(x!.shape.length, arg['axis']));
  normaliseGrad(dy!, x!, gamma!, mean!, invStd!, dx!, dgamma!, dbeta!, channel, channel);
};

/**
 * (x, gamma, beta) → (y) at inference, → (y, mean, invStd) when training;
 * {epsilon, axes}. gamma and beta have the shape of x's `axes` (ascending);
 * mean and invStd the shape of x without them.
 */
const layer_norm: RefKernel = ([x, gamma, beta], [y, meanOut, invStdOut], arg) => {
  const epsilon: number = arg['epsilon'];
  const { kept: group, within: param, keptSize: groups } = splitIndex(x!.shape, arg['axes']);
  const { mean, variance } = moments(x!, group, groups);
  const invStd = variance.map((v) => 1 / Math.sqrt(v + epsilon));
  meanOut?.data.set(mean);
  invStdOut?.data.set(invStd);
  normalise(x!, gamma!, beta!, y!, mean, invStd, group, param);
};

/** (dy, x, gamma, mean, invStd) → (dx, dgamma, dbeta); {axes}. */
const layer_norm_grad: RefKernel = ([dy, x, gamma, mean, invStd], [dx, dgamma, dbeta], arg) => {
  const { kept: group, within: param } = splitIndex(x!.shape, arg['axes']);
  normaliseGrad(dy!, x!, gamma!, mean!, invStd!, dx!, dgamma!, dbeta!, group, param);
};

/** The seed a dropout launch draws its mask from: the layer's own seed mixed with the run's. */
export const dropoutSeed = (arg: { seed: number }, env: StepEnv) => (arg.seed ^ env.seed) >>> 0;

/**
 * (x) → (y, mask); {rate, seed}. Element i is kept when
 * counterUniform(dropoutSeed, env.step, i) ≥ rate, so with probability
 * 1 − rate; mask[i] is then 1/(1 − rate), else 0, and y = x·mask. The mask
 * already carries the scale, so the gradient is one `binary` mul: dx = dy·mask.
 * The same (seed, step) gives the same mask, on any backend.
 */
const dropout: RefKernel = ([x], [y, mask], arg, env) => {
  const rate: number = arg['rate'];
  const seed = dropoutSeed(arg as { seed: number }, env);
  const kept = 1 / (1 - rate);
  for (let i = 0; i < x!.data.length; i++) {
    const m = counterUniform(seed, env.step, i) >= rate ? kept : 0;
    mask!.data[i] = m;
    y!.data[i] = x!.data[i]! * m;
  }
};

export const NORM_KERNELS: Partial<Record<Kernel, RefKernel>> = { batch_norm, batch_norm_grad, layer_norm, layer_norm_grad, dropout };
