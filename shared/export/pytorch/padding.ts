/**
 * Keras's "same" padding in PyTorch. Keras (following TensorFlow) pads
 * max((out − 1)·s + (k − 1)·d + 1 − in, 0) in all, the smaller half before,
 * so an even kernel or a stride above 1 may pad one more cell after than
 * before. PyTorch modules pad both sides alike, so:
 *
 *   both sides equal         → the module's own padding=p
 *   lopsided, stride 1 conv  → padding="same" (PyTorch splits it as Keras does)
 *   lopsided otherwise       → F.pad(x, …) before a module with no padding
 */
import { pyIntOrTuple } from './python';

export type Pads = [before: number, after: number][];

/** Keras's padding per spatial axis, [before, after], as the engine computes it. */
export function kerasPads(padding: string, inSize: readonly number[], outSize: readonly number[], window: readonly number[], strides: readonly number[], dilations?: readonly number[]): Pads {
  return inSize.map((n, i) => {
    if (padding !== 'same') return [0, 0];
    const total = Math.max((outSize[i]! - 1) * strides[i]! + (window[i]! - 1) * (dilations?.[i] ?? 1) + 1 - n, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  });
}

export const symmetric = (pads: Pads) => pads.every(([b, a]) => b === a);

/** F.pad's argument: (before, after) pairs from the last axis to the first, as F.pad wants them. */
export function fPadArg(pads: Pads): string {
  return `(${[...pads].reverse().flatMap(([b, a]) => [b, a]).join(', ')})`;
}

export interface PaddingPlan {
  /** The module's padding argument ("padding=1"), or none. */
  readonly arg?: string;
  /** Pads to apply with F.pad before the module, when the module cannot. */
  readonly explicit?: Pads;
}

/** For convolutions: PyTorch's padding="same" exists for stride 1 only. */
export function convPadding(pads: Pads, strides: readonly number[]): PaddingPlan {
  if (pads.every(([b, a]) => b === 0 && a === 0)) return {};
  if (symmetric(pads)) return { arg: `padding=${pyIntOrTuple(pads.map(([b]) => b))}` };
  if (strides.every((s) => s === 1)) return { arg: 'padding="same"' };
  return { explicit: pads };
}

/** For pooling: PyTorch also caps a pool's padding at half its window. */
export function poolPadding(pads: Pads, window: readonly number[]): PaddingPlan {
  if (pads.every(([b, a]) => b === 0 && a === 0)) return {};
  if (symmetric(pads) && pads.every(([b], i) => b <= window[i]! / 2)) return { arg: `padding=${pyIntOrTuple(pads.map(([b]) => b))}` };
  return { explicit: pads };
}
