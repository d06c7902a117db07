/**
 * Reference loss, metrics and optimizer kernels, with Keras's definitions:
 * losses are averaged over the batch (and over the rows or elements within a
 * sample), so `dPrediction` already carries the 1/N factor.
 */
import type { RefKernel } from '../tensor';

const EPS = 1e-7; // Keras's backend epsilon
const clip = (p: number) => Math.min(Math.max(p, EPS), 1 - EPS);
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/** Elementwise losses: value and derivative in the prediction. */
const ELEMENTWISE: Record<string, (p: number, t: number, fromLogits: boolean) => [number, number]> = {
  mean_squared_error: (p, t) => [(p - t) ** 2, 2 * (p - t)],
  mean_absolute_error: (p, t) => [Math.abs(p - t), Math.sign(p - t)],
  huber: (p, t) => {
    const d = p - t;
    return Math.abs(d) <= 1 ? [0.5 * d * d, d] : [Math.abs(d) - 0.5, Math.sign(d)];
  },
  log_cosh: (p, t) => {
    const d = p - t;
    return [d + softplus(-2 * d) - Math.LN2, Math.tanh(d)];
  },
  // Keras's hinge maps 0/1 targets to −1/+1.
  hinge: (p, t) => {
    const s = t === 0 || t === 1 ? 2 * t - 1 : t;
    return 1 - s * p > 0 ? [1 - s * p, -s] : [0, 0];
  },
  binary_crossentropy: (p, t, fromLogits) => {
    if (fromLogits) return [Math.max(p, 0) - p * t + Math.log1p(Math.exp(-Math.abs(p))), sigmoid(p) - t];
    const q = clip(p);
    return [-(t * Math.log(q) + (1 - t) * Math.log(1 - q)), p <= EPS || p >= 1 - EPS ? 0 : (q - t) / (q * (1 - q))];
  },
};

/** Losses over the class axis (the last one): one value per row. */
function rowLoss(fn: string, z: Float32Array | Int32Array, zo: number, t: (c: number) => number, C: number, fromLogits: boolean, grad: Float32Array, scale: number): number {
  if (fn === 'kl_divergence') {
    let loss = 0;
    for (let c = 0; c < C; c++) {
      const tc = Math.min(Math.max(t(c), EPS), 1);
      const pc = Math.min(Math.max(z[zo + c]!, EPS), 1);
      loss += tc * Math.log(tc / pc);
      grad[zo + c] = (-tc / pc) * scale;
    }
    return loss;
  }
  if (fromLogits) {
    let max = -Infinity;
    for (let c = 0; c < C; c++) max = Math.max(max, z[zo + c]!);
    let sum = 0;
    for (let c = 0; c < C; c++) sum += Math.exp(z[zo + c]! - max);
    const lse = max + Math.log(sum);
    let loss = 0;
    let tsum = 0;
    for (let c = 0; c < C; c++) tsum += t(c);
    for (let c = 0; c < C; c++) {
      loss -= t(c) * (z[zo + c]! - lse);
      grad[zo + c] = (Math.exp(z[zo + c]! - lse) * tsum - t(c)) * scale;
    }
    return loss;
  }
  // Probabilities: Keras renormalises them to sum to 1, then clips.
  let sum = 0;
  for (let c = 0; c < C; c++) sum += z[zo + c]!;
  let loss = 0;
  for (let c = 0; c < C; c++) {
    const p = Math.min(Math.max(z[zo + c]! / sum, EPS), 1 - EPS);
    loss -= t(c) * Math.log(p);
  }
  let tsum = 0;
  for (let c = 0; c < C; c++) tsum += t(c);
  for (let c = 0; c < C; c++) grad[zo + c] = (-t(c) / Math.max(z[zo + c]!, EPS) + tsum / sum) * scale;
  return loss;
}

export const loss: RefKernel = ([pred, target], [perSample, dPred], arg) => {
  const fn: string = arg['fn'];
  const N = pred!.shape[0]!;
  const perRow = pred!.data.length / N;
  const grad = dPred!.data as Float32Array;
  perSample!.data.fill(0);
  if (fn in ELEMENTWISE) {
    const f = ELEMENTWISE[fn]!;
    const scale = 1 / pred!.data.length;
    for (let i = 0; i < pred!.data.length; i++) {
      const [v, d] = f(pred!.data[i]!, target!.data[i]!, arg['fromLogits']);
      perSample!.data[Math.floor(i / perRow)]! += v / perRow;
      grad[i] = d * scale;
    }
    return;
  }
  const C = pred!.shape.at(-1)!;
  const rows = pred!.data.length / C;
  const rowsPerSample = rows / N;
  const scale = 1 / rows;
  for (let r = 0; r < rows; r++) {
    const t = arg['sparse'] ? (c: number) => (c === target!.data[r] ? 1 : 0) : (c: number) => target!.data[r * C + c]!;
    const v = rowLoss(fn === 'kl_divergence' ? fn : 'crossentropy', pred!.data, r * C, t, C, arg['fromLogits'], grad, scale);
    perSample!.data[Math.floor(r / rowsPerSample)]! += v / rowsPerSample;
  }
};

/**
 * Accumulates [loss sum, correct, samples, |error| sum, error² sum] over
 * steps; the host resets it when it reads it. Accuracy is argmax against the
 * label for classification, and a 0.5 threshold (0 for logits) for one output.
 */
export const metrics: RefKernel = ([perSample, pred, target], [acc], arg) => {
  const N = pred!.shape[0]!;
  const C = pred!.shape.at(-1)!;
  const a = acc!.data;
  for (let n = 0; n < N; n++) a[0]! += perSample!.data[n]!;
  a[2]! += N;
  const rows = pred!.data.length / C;
  const rowsPerSample = rows / N;
  if (arg['task'] === 'regression') {
    // A row counts as correct when every output rounds to its target: exact for 0/1 outputs such as a perceptron's.
    const perSampleValues = pred!.data.length / N;
    for (let n = 0; n < N; n++) {
      let hit = true;
      for (let j = 0; j < perSampleValues; j++) {
        const d = pred!.data[n * perSampleValues + j]! - target!.data[n * perSampleValues + j]!;
        a[3]! += Math.abs(d) / perSampleValues;
        a[4]! += (d * d) / perSampleValues;
        hit &&= Math.abs(d) < 0.5;
      }
      if (hit) a[1]! += 1;
    }
    return;
  }
  for (let r = 0; r < rows; r++) {
    let hit: boolean;
    if (arg['task'] === 'binary') {
      const threshold = arg['fromLogits'] ? 0 : 0.5;
      hit = true;
      for (let c = 0; c < C; c++) hit &&= pred!.data[r * C + c]! > threshold === target!.data[r * C + c]! > 0.5;
    } else {
      let best = 0;
      for (let c = 1; c < C; c++) if (pred!.data[r * C + c]! > pred!.data[r * C + best]!) best = c;
      let label = 0;
      if (arg['task'] === 'sparse') label = target!.data[r]!;
      else for (let c = 1; c < C; c++) if (target!.data[r * C + c]! > target!.data[r * C + label]!) label = c;
      hit = best === label;
    }
    if (hit) a[1]! += 1 / rowsPerSample;
  }
};

/**
 * One update over every trainable weight. Inputs: params…, grads…; outputs:
 * the optimizer's state slots (slot-major). Hyperparameters and defaults are
 * Keras's.
 */
export const optimizer: RefKernel = (inputs, state, arg, env) => {
  const count: number = arg['count'];
  const lr = env.learningRate;
  const t = env.step;
  for (let i = 0; i < count; i++) {
    const p = inputs[i]!.data as Float32Array;
    const g = inputs[count + i]!.data;
    const s0 = state[i]?.data as Float32Array | undefined;
    const s1 = state[count + i]?.data as Float32Array | undefined;
    for (let k = 0; k < p.length; k++) {
      let grad = g[k]!;
      if (arg['l2']) grad += 2 * arg['l2'] * p[k]!;
      if (arg['l1']) grad += arg['l1'] * Math.sign(p[k]!);
      switch (arg['type']) {
        case 'sgd': {
          if (arg['weightDecay']) grad += arg['weightDecay'] * p[k]!;
          if (!arg['momentum']) {
            p[k]! -= lr * grad;
            break;
          }
          const v = arg['momentum'] * s0![k]! - lr * grad;
          s0![k] = v;
          p[k]! += arg['nesterov'] ? arg['momentum'] * v - lr * grad : v;
          break;
        }
        case 'adagrad': {
          s0![k]! += grad * grad;
          p[k]! -= (lr * grad) / (Math.sqrt(s0![k]!) + (arg['epsilon'] ?? 1e-7));
          break;
        }
        case 'rmsprop': {
          const rho = arg['rho'] ?? 0.9;
          s0![k] = rho * s0![k]! + (1 - rho) * grad * grad;
          p[k]! -= (lr * grad) / (Math.sqrt(s0![k]!) + (arg['epsilon'] ?? 1e-7));
          break;
        }
        case 'adam':
        case 'adamw': {
          const b1 = arg['beta1'] ?? 0.9;
          const b2 = arg['beta2'] ?? 0.999;
          if (arg['type'] === 'adamw') p[k]! -= lr * (arg['weightDecay'] ?? 0.004) * p[k]!;
          s0![k] = b1 * s0![k]! + (1 - b1) * grad;
          s1![k] = b2 * s1![k]! + (1 - b2) * grad * grad;
          const lrT = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
          p[k]! -= (lrT * s0![k]!) / (Math.sqrt(s1![k]!) + (arg['epsilon'] ?? 1e-7));
          break;
        }
      }
    }
  }
};
