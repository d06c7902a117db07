/**
 * The activation functions, usable both as the `activation` parameter of
 * Dense, Conv and recurrent layers and as layers of their own. Each entry says
 * which IR op computes it and what a learner should know about it.
 */
import type { Op } from '../ir/ops';

export interface ActivationInfo {
  readonly op: Op | null; // null: identity
  readonly arg?: Readonly<Record<string, unknown>>;
  readonly formula: string;
  readonly summary: string;
}

export const ACTIVATIONS = {
  linear: { op: null, formula: 'f(x) = x', summary: 'No activation: the output is the weighted sum itself. Used for regression outputs and for logits.' },
  step: { op: 'step', formula: 'f(x) = 1 if x > 0, else 0', summary: 'The Heaviside step of the original perceptron. Its output is a hard yes/no decision.' },
  sigmoid: { op: 'sigmoid', formula: 'f(x) = 1 / (1 + e^(−x))', summary: 'Squashes any number into (0, 1). Used for probabilities in binary classification.' },
  hard_sigmoid: { op: 'hard_sigmoid', formula: 'f(x) = relu6(x + 3) / 6', summary: 'A cheap, piecewise-linear approximation of the sigmoid.' },
  tanh: { op: 'tanh', formula: 'f(x) = (e^x − e^(−x)) / (e^x + e^(−x))', summary: 'Squashes into (−1, 1) and is centred on zero; the classic choice inside recurrent networks.' },
  relu: { op: 'relu', formula: 'f(x) = max(0, x)', summary: 'Keeps positive values and zeroes the rest. The default for hidden layers of deep networks.' },
  leaky_relu: { op: 'leaky_relu', arg: { alpha: 0.2 }, formula: 'f(x) = x if x > 0, else 0.2·x', summary: 'Like ReLU but lets a small gradient through for negative inputs, so neurons do not die.' },
  elu: { op: 'elu', arg: { alpha: 1 }, formula: 'f(x) = x if x > 0, else e^x − 1', summary: 'A smooth ReLU whose negative side saturates at −1.' },
  selu: { op: 'selu', formula: 'f(x) = 1.0507·(x if x > 0, else 1.6733·(e^x − 1))', summary: 'Scaled ELU that keeps activations normalised in deep plain stacks (use lecun_normal initialisation).' },
  gelu: { op: 'gelu', arg: { approximate: false }, formula: 'f(x) = x·Φ(x)', summary: 'Weighs inputs by how likely they are to be positive; common in transformers.' },
  swish: { op: 'swish', formula: 'f(x) = x·sigmoid(x)', summary: 'A smooth, self-gated ReLU alternative (also called SiLU).' },
  silu: { op: 'swish', formula: 'f(x) = x·sigmoid(x)', summary: 'The same function as swish, under PyTorch\'s name.' },
  softplus: { op: 'softplus', formula: 'f(x) = ln(1 + e^x)', summary: 'A smooth version of ReLU that is always positive.' },
  softsign: { op: 'softsign', formula: 'f(x) = x / (1 + |x|)', summary: 'Squashes into (−1, 1) more gently than tanh.' },
  softmax: { op: 'softmax', arg: { axis: -1 }, formula: 'f(x)ᵢ = e^(xᵢ) / Σⱼ e^(xⱼ)', summary: 'Turns a vector of scores into probabilities that sum to 1. Used on the output of a classifier.' },
  log_softmax: { op: 'log_softmax', arg: { axis: -1 }, formula: 'f(x)ᵢ = xᵢ − ln Σⱼ e^(xⱼ)', summary: 'The logarithm of softmax, computed stably.' },
} as const satisfies Record<string, ActivationInfo>;

export type ActivationName = keyof typeof ACTIVATIONS;

export const ACTIVATION_NAMES = Object.keys(ACTIVATIONS) as ActivationName[];
