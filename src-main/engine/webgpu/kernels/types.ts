/**
 * What a WebGPU kernel generator is: a pure function from one plan step (its
 * tensors have static shapes) and the device's capabilities to one or more
 * compute programs. Shapes are baked into the WGSL as constants, so the
 * executor caches pipelines by shader text and never passes sizes at run time.
 */
import type { Step, TensorInfo } from '../../plan/types';

/** What the device allows and prefers, read once from its limits and adapter. */
export interface DeviceCaps {
  /** A CPU rasteriser (llvmpipe…): barrier-free, register-blocked kernels win there. */
  readonly software: boolean;
  readonly maxStorageBuffersPerShaderStage: number;
  readonly maxStorageBufferBindingSize: number;
  readonly maxComputeWorkgroupStorageSize: number;
  readonly maxComputeInvocationsPerWorkgroup: number;
  readonly maxComputeWorkgroupSizeX: number;
  readonly maxComputeWorkgroupsPerDimension: number;
  readonly minStorageBufferOffsetAlignment: number;
}

/**
 * Where a binding's memory comes from:
 * - `in`/`out`: the step's i-th input or output tensor;
 * - `packed`: a range of words of the packed params, grads or optimizer state
 *   (the optimizer updates every trainable weight in one launch);
 * - `env`: the per-step uniform (step count, learning rate, seed; see prelude).
 */
export type BindingSource =
  | { readonly kind: 'in'; readonly index: number }
  | { readonly kind: 'out'; readonly index: number }
  | { readonly kind: 'packed'; readonly pool: 'params' | 'grads' | 'state'; readonly word: number; readonly words: number }
  | { readonly kind: 'env' }
  /** A buffer the executor supplies by name, for its own programs (the batch gather's dataset and order). */
  | { readonly kind: 'buffer'; readonly key: string };

export type ElementType = 'f32' | 'i32' | 'u32' | 'vec4<f32>' | 'vec4<u32>';

export interface ProgramBinding {
  /**
   * The WGSL variable name. Use it for nothing else in the code: when two
   * bindings resolve to the same memory, the launch keeps one and renames the
   * other's uses (see bindProgram in launches.ts).
   */
  readonly name: string;
  readonly source: BindingSource;
  /** The array's element type (ignored for `env`). */
  readonly type?: ElementType;
  /** What the kernel needs; a read binding may become read_write where it shares a buffer with a written one. */
  readonly access?: 'read' | 'read_write';
}

/** One compute dispatch. The composer adds the prelude and the binding declarations to `code`. */
export interface KernelProgram {
  readonly label: string;
  readonly bindings: readonly ProgramBinding[];
  /** Constants, helpers and `@compute ... fn main(...)`. */
  readonly code: string;
  readonly workgroups: readonly [number, number, number];
}

export interface KernelContext {
  readonly step: Step;
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  readonly caps: DeviceCaps;
  /** Words in the packed trainable prefix of params, of grads, and of each optimizer state slot. */
  readonly packedWords: number;
}

export type KernelGenerator = (ctx: KernelContext) => KernelProgram | readonly KernelProgram[];

export class KernelError extends Error {
  override readonly name = 'KernelError';
  constructor(readonly origin: string, message: string) {
    super(message);
  }
}

/** Shorthands for bindings. */
export const input = (name: string, index: number, type: ElementType = 'f32'): ProgramBinding => ({ name, source: { kind: 'in', index }, type, access: 'read' });
export const output = (name: string, index: number, type: ElementType = 'f32'): ProgramBinding => ({ name, source: { kind: 'out', index }, type, access: 'read_write' });
export const env: ProgramBinding = { name: 'env', source: { kind: 'env' } };
