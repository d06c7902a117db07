/**
 * The plan: what one training (or inference) step runs, as a flat list of
 * kernel launches over tensors with static shapes. The compiler's IR says
 * what the model computes; the plan says how, step by step, including the
 * backward pass, the loss and the optimizer update.
 *
 * A plan is data. Backends (the reference backend on the CPU, the WebGPU
 * executor) run the same plan, so they can be checked against each other
 * launch by launch.
 */
import type { Initializer } from '../../../shared/layers/define';
import type { Kernel } from './kernels';

export type DType = 'f32' | 'i32';

export type TensorRole =
  | 'input' //   a batch of model inputs, gathered from the dataset each step
  | 'target' //  a batch of targets
  | 'param' //   a weight (trainable or not), packed into the parameter buffer
  | 'grad' //    the gradient of a trainable weight, packed alongside the parameters
  | 'state' //   persistent non-weight state: optimizer moments, running statistics
  | 'temp' //    an intermediate value, live for part of the step
  | 'const' //   a small literal
  | 'metric'; // loss and metric accumulators, read back every few steps

export interface TensorInfo {
  readonly id: number;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly role: TensorRole;
  /** For params: "<node>/<weight>"; for others, a readable label. */
  readonly name: string;
  readonly init?: Initializer;
  readonly trainable?: boolean;
  /** Initial contents; a single value fills the tensor. */
  readonly values?: readonly number[];
  /** A view of another tensor with the same element count (reshape): no copy. */
  readonly viewOf?: number;
}

export type Phase = 'forward' | 'loss' | 'backward' | 'update';

export interface Step {
  readonly kernel: Kernel;
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly arg: Readonly<Record<string, unknown>>;
  /** The canvas node this launch belongs to, for errors and profiling. */
  readonly origin: string;
  readonly phase: Phase;
}

export interface Plan {
  readonly batch: number;
  readonly tensors: readonly TensorInfo[];
  readonly steps: readonly Step[];
  /** Model inputs, in the IR's order. */
  readonly inputs: readonly number[];
  /** Model outputs (predictions), in the IR's order. */
  readonly outputs: readonly number[];
  /** Present in training plans. */
  readonly training?: {
    readonly targets: readonly number[];
    /** Per-sample loss, shape [batch]. */
    readonly loss: number;
    /** Accumulators [loss sum, correct, samples, |error| sum, error² sum], reset by the host when read. */
    readonly metrics: number;
    /** Trainable params and their gradients, in packing order. */
    readonly params: readonly { readonly param: number; readonly grad: number }[];
  };
}

export const numel = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);
