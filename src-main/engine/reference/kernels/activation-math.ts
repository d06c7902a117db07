/**
 * Activation functions and their derivatives, as the reference backend
 * computes them. Functions in OUTPUT_DERIVABLE (plan/fuse.ts) must compute
 * their derivative from y alone, since fused launches do not keep x.
 */
import type { KernelArg as Arg } from '../tensor';

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function erf(x: number): number {
  // Abramowitz–Stegun 7.1.26 is too coarse for gradient checks; use a series/continued fraction split.
  const t = Math.abs(x);
  if (t < 2.5) {
    let sum = t;
    let term = t;
    for (let n = 1; n < 60; n++) {
      term *= (-t * t) / n;
      sum += term / (2 * n + 1);
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc continued fraction for large |x|
  let f = 0;
  for (let n = 60; n >= 1; n--) f = n / 2 / (t + f);
  const erfc = Math.exp(-t * t) / Math.sqrt(Math.PI) / (t + f);
  return Math.sign(x) * (1 - erfc);
}

export const UNARY_FNS: Record<string, { f(x: number, a: Arg): number; df(x: number, y: number, a: Arg): number }> = {
  neg: { f: (x) => -x, df: () => -1 },
  exp: { f: (x) => Math.exp(x), df: (_x, y) => y },
  log: { f: (x) => Math.log(x), df: (x) => 1 / x },
  sqrt: { f: (x) => Math.sqrt(x), df: (_x, y) => 0.5 / y },
  square: { f: (x) => x * x, df: (x) => 2 * x },
  abs: { f: (x) => Math.abs(x), df: (x) => Math.sign(x) },
  scale: { f: (x, a) => x * a['factor'], df: (_x, _y, a) => a['factor'] },
  // Straight-through: the gradient passes as if step were the identity. For a
  // single step layer trained on MSE this is exactly the perceptron rule,
  // w ← w + η·(t − y)·x.
  step: { f: (x) => (x > 0 ? 1 : 0), df: () => 1 },
  sigmoid: { f: sigmoid, df: (_x, y) => y * (1 - y) },
  hard_sigmoid: { f: (x) => Math.min(Math.max(x + 3, 0), 6) / 6, df: (_x, y) => (y > 0 && y < 1 ? 1 / 6 : 0) },
  tanh: { f: Math.tanh, df: (_x, y) => 1 - y * y },
  relu: { f: (x) => (x > 0 ? x : 0), df: (_x, y) => (y > 0 ? 1 : 0) },
  leaky_relu: { f: (x, a) => (x > 0 ? x : a['alpha'] * x), df: (_x, y, a) => (y > 0 ? 1 : a['alpha']) },
  elu: { f: (x, a) => (x > 0 ? x : a['alpha'] * (Math.exp(x) - 1)), df: (_x, y, a) => (y > 0 ? 1 : y + a['alpha']) },
  selu: { f: (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * (Math.exp(x) - 1)), df: (_x, y) => (y > 0 ? SELU_SCALE : y + SELU_SCALE * SELU_ALPHA) },
  gelu: {
    f: (x, a) => (a['approximate'] ? 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))) : 0.5 * x * (1 + erf(x / Math.SQRT2))),
    df: (x, _y, a) => {
      if (a['approximate']) {
        const u = Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3);
        const t = Math.tanh(u);
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * Math.sqrt(2 / Math.PI) * (1 + 3 * 0.044715 * x * x);
      }
      return 0.5 * (1 + erf(x / Math.SQRT2)) + (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI);
    },
  },
  swish: { f: (x) => x * sigmoid(x), df: (x) => sigmoid(x) * (1 + x * (1 - sigmoid(x))) },
  softplus: { f: (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))), df: (x) => sigmoid(x) },
  softsign: { f: (x) => x / (1 + Math.abs(x)), df: (_x, y) => (1 - Math.abs(y)) ** 2 },
};
