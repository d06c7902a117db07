/** Plain typed-array tensors for the reference backend. */
export interface RefTensor {
  readonly data: Float32Array | Int32Array;
  readonly shape: readonly number[];
}

/** Per-launch values that change every step without changing the plan. */
export interface StepEnv {
  /** 1-based count of optimizer updates, including this one. */
  readonly step: number;
  readonly learningRate: number;
  readonly seed: number;
}

/**
 * A launch's arguments. Each kernel reads its own fields (see plan/kernels.ts);
 * they are plain JSON, so they are typed loosely here rather than per kernel.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KernelArg = Readonly<Record<string, any>>;

export type RefKernel = (inputs: readonly RefTensor[], outputs: readonly RefTensor[], arg: KernelArg, env: StepEnv) => void;

export const size = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);

export function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** Index into `shape` (right-aligned, size-1 axes broadcast) for a flat index of `outShape`. */
export function broadcastIndex(flat: number, outShape: readonly number[], shape: readonly number[]): number {
  const offset = outShape.length - shape.length;
  const inStrides = strides(shape);
  let index = 0;
  for (let i = outShape.length - 1; i >= 0; i--) {
    const coord = flat % outShape[i]!;
    flat = Math.floor(flat / outShape[i]!);
    const k = i - offset;
    if (k >= 0 && shape[k] !== 1) index += coord * inStrides[k]!;
  }
  return index;
}
