/**
 * Small helpers shared by the shape rules of layer files: checking ranks,
 * convolution and pooling arithmetic, and merge compatibility. Each throws a
 * ShapeRuleError with a catalogued code and a sentence that names the shapes.
 */
import { ShapeRuleError, type Shape } from './define';

export function fmt(shape: Shape): string {
  return `(${['batch', ...shape].join(', ')})`;
}

/** Requires the input to have exactly `rank` dimensions per sample. */
export function expectRank(shape: Shape, rank: number, layer: string, meaning: string): void {
  if (shape.length !== rank) {
    throw new ShapeRuleError('NW020', `${layer} expects data shaped ${meaning}, but it receives ${fmt(shape)}.`);
  }
}

export function expectMinRank(shape: Shape, rank: number, layer: string, meaning: string): void {
  if (shape.length < rank) {
    throw new ShapeRuleError('NW020', `${layer} expects data with at least ${meaning}, but it receives ${fmt(shape)}.`);
  }
}

/** Requires a sequence shaped (timesteps, features). */
export function expectSequence(shape: Shape, layer: string): void {
  if (shape.length !== 2) {
    throw new ShapeRuleError('NW023', `${layer} reads a sequence shaped (batch, timesteps, features), but it receives ${fmt(shape)}.`);
  }
}

export type Padding = 'valid' | 'same';

/** Output length along one axis of a convolution or pooling window (Keras rules). */
export function windowOutput(size: number, window: number, stride: number, padding: Padding, dilation = 1): number {
  const effective = (window - 1) * dilation + 1;
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - effective) / stride) + 1;
}

/** Output sizes along the spatial axes, or a ShapeRuleError naming the axis that shrinks to nothing. */
export function windowOutputs(
  layer: string, spatial: readonly number[], window: readonly number[], strides: readonly number[], padding: Padding,
  dilation: readonly number[] = window.map(() => 1), param = 'kernel_size',
): number[] {
  return spatial.map((size, i) => {
    const out = windowOutput(size, window[i]!, strides[i]!, padding, dilation[i]!);
    if (out < 1) {
      const effective = (window[i]! - 1) * dilation[i]! + 1;
      throw new ShapeRuleError('NW022', `${layer}'s window of ${effective} does not fit in an input of size ${size} on spatial axis ${i + 1} with "valid" padding.`, undefined, param);
    }
    return out;
  });
}

/** Output length of a transposed convolution (Keras's deconv_output_length). */
export function transposeOutput(size: number, kernel: number, stride: number, padding: Padding, outputPadding: number | null): number {
  if (outputPadding === null) return padding === 'valid' ? size * stride + Math.max(kernel - stride, 0) : size * stride;
  const pad = padding === 'same' ? Math.floor(kernel / 2) : 0;
  return (size - 1) * stride + kernel - 2 * pad + outputPadding;
}

/** Merge layers (Add, Multiply…) need equal shapes, as Keras requires. */
export function expectSameShapes(inputs: readonly Shape[], layer: string): Shape {
  const first = inputs[0]!;
  for (let i = 1; i < inputs.length; i++) {
    const s = inputs[i]!;
    if (s.length !== first.length || s.some((d, k) => d !== first[k])) {
      throw new ShapeRuleError('NW021', `${layer} needs inputs of the same shape, but input 1 is ${fmt(first)} and input ${i + 1} is ${fmt(s)}.`);
    }
  }
  return first;
}

export function product(shape: Shape): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** Resolves a possibly negative axis against a per-sample rank, where axis 0 is the batch. */
export function normaliseAxis(axis: number, rank: number, layer: string): number {
  const full = rank + 1;
  const a = axis < 0 ? axis + full : axis;
  if (a < 1 || a >= full) {
    throw new ShapeRuleError('NW025', `${layer} uses axis ${axis}, but its input only has axes 1 to ${rank} (axis 0 is the batch).`, undefined, 'axis');
  }
  return a;
}
