/**
 * Activation functions and their derivatives as WGSL expressions, mirroring
 * reference/kernels/activation-math.ts one for one (straight-through step,
 * erf-based gelu…). Shared by `unary`, `unary_grad` and the matmul epilogue.
 * Constants (alpha, factor) are baked into the expression.
 */
import type { KernelArg } from '../../reference/tensor';
import { f32 } from './prelude';

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

type Expr = (x: string, a: KernelArg) => string;
type Deriv = (x: string, y: string, a: KernelArg) => string;

const alpha = (a: KernelArg) => f32(Number(a['alpha'] ?? 0));

const FNS: Record<string, { f: Expr; df: Deriv }> = {
  neg: { f: (x) => `(-${x})`, df: () => '-1.0' },
  exp: { f: (x) => `exp(${x})`, df: (_x, y) => y },
  log: { f: (x) => `log(${x})`, df: (x) => `(1.0 / ${x})` },
  sqrt: { f: (x) => `sqrt(${x})`, df: (_x, y) => `(0.5 / ${y})` },
  square: { f: (x) => `(${x} * ${x})`, df: (x) => `(2.0 * ${x})` },
  abs: { f: (x) => `abs(${x})`, df: (x) => `sign(${x})` },
  scale: { f: (x, a) => `(${x} * ${f32(Number(a['factor']))})`, df: (_x, _y, a) => f32(Number(a['factor'])) },
  // Straight-through: the gradient passes as if step were the identity (the perceptron rule).
  step: { f: (x) => `select(0.0, 1.0, ${x} > 0.0)`, df: () => '1.0' },
  sigmoid: { f: (x) => `nw_sigmoid(${x})`, df: (_x, y) => `(${y} * (1.0 - ${y}))` },
  hard_sigmoid: { f: (x) => `(clamp(${x} + 3.0, 0.0, 6.0) / 6.0)`, df: (_x, y) => `select(0.0, 1.0 / 6.0, ${y} > 0.0 && ${y} < 1.0)` },
  tanh: { f: (x) => `nw_tanh(${x})`, df: (_x, y) => `(1.0 - ${y} * ${y})` },
  relu: { f: (x) => `max(${x}, 0.0)`, df: (_x, y) => `select(0.0, 1.0, ${y} > 0.0)` },
  leaky_relu: { f: (x, a) => `select(${alpha(a)} * ${x}, ${x}, ${x} > 0.0)`, df: (_x, y, a) => `select(${alpha(a)}, 1.0, ${y} > 0.0)` },
  elu: { f: (x, a) => `select(${alpha(a)} * (exp(${x}) - 1.0), ${x}, ${x} > 0.0)`, df: (_x, y, a) => `select(${y} + ${alpha(a)}, 1.0, ${y} > 0.0)` },
  selu: {
    f: (x) => `(${f32(SELU_SCALE)} * select(${f32(SELU_ALPHA)} * (exp(${x}) - 1.0), ${x}, ${x} > 0.0))`,
    df: (_x, y) => `select(${y} + ${f32(SELU_SCALE * SELU_ALPHA)}, ${f32(SELU_SCALE)}, ${y} > 0.0)`,
  },
  gelu: {
    f: (x, a) => (a['approximate']
      ? `(0.5 * ${x} * (1.0 + nw_tanh(${f32(SQRT_2_OVER_PI)} * (${x} + 0.044715 * ${x} * ${x} * ${x}))))`
      : `(0.5 * ${x} * (1.0 + nw_erf(${x} * ${f32(Math.SQRT1_2)})))`),
    df: (x, _y, a) => (a['approximate']
      ? `nw_gelu_tanh_grad(${x})`
      : `(0.5 * (1.0 + nw_erf(${x} * ${f32(Math.SQRT1_2)})) + ${x} * exp(-0.5 * ${x} * ${x}) * ${f32(1 / Math.sqrt(2 * Math.PI))})`),
  },
  swish: { f: (x) => `(${x} * nw_sigmoid(${x}))`, df: (x) => `(nw_sigmoid(${x}) * (1.0 + ${x} * (1.0 - nw_sigmoid(${x}))))` },
  softplus: { f: (x) => `nw_softplus(${x})`, df: (x) => `nw_sigmoid(${x})` },
  softsign: { f: (x) => `(${x} / (1.0 + abs(${x})))`, df: (_x, y) => `((1.0 - abs(${y})) * (1.0 - abs(${y})))` },
};

export const isActivation = (fn: string) => fn in FNS;

/** f(x) as a WGSL expression. */
export function activationExpr(fn: string, x: string, arg: KernelArg): string {
  const entry = FNS[fn];
  if (!entry) throw new Error(`no WGSL for the function "${fn}"`);
  return entry.f(x, arg);
}

/** f'(x) as a WGSL expression, given x and y = f(x). */
export function derivativeExpr(fn: string, x: string, y: string, arg: KernelArg): string {
  const entry = FNS[fn];
  if (!entry) throw new Error(`no WGSL for the derivative of "${fn}"`);
  return entry.df(x, y, arg);
}
