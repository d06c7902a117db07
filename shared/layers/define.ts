/**
 * What a layer type is. Everything about one layer type lives in one file in
 * this folder and is built with `defineLayer`: parameters, the learner's text,
 * the shape rule, the weights (from which parameter counts follow), the
 * lowering to IR and the PyTorch and Keras export hooks.
 *
 * Shapes here are per sample: the batch dimension is left out, as in Keras's
 * `input_shape`. Layouts are channels-last, as in Keras.
 */
import type { ErrorCode } from '../compiler/catalogue';
import type { KerasHook } from '../export/keras/hooks';
import type { PytorchContext, PytorchLayer } from '../export/pytorch/hooks';
import type { DType, IRBuilder, IRValue } from '../ir/graph';
import type { Op } from '../ir/ops';
import type { Initializer } from './initializers';
import type { ParamSpecs, ParamValues } from './params';

export type Shape = readonly number[];

export type LayerCategory = 'core' | 'convolution' | 'pooling' | 'normalization' | 'recurrent' | 'merging' | 'activation';

export interface LayerDoc {
  /** One line: what the layer does. */
  readonly summary: string;
  /** The formula, in plain text with Unicode maths, e.g. "y = f(x·W + b)". */
  readonly formula: string;
  /** When a learner should reach for it. */
  readonly whenToUse: string;
}

/** How a weight starts (initializers.ts): a Keras name, or a constant with its value. */
export type { Initializer } from './initializers';

export interface WeightSpec {
  /** Keras's weight name: kernel, bias, recurrent_kernel, gamma, beta, moving_mean… */
  readonly name: string;
  readonly shape: Shape;
  readonly init: Initializer;
  readonly trainable: boolean;
}

/** Thrown by a shape rule; the compiler turns it into a catalogued error on the node. */
export class ShapeRuleError extends Error {
  override readonly name = 'ShapeRuleError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fix?: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

/** What a layer's `lower` gets to build IR with. */
export interface LowerContext {
  readonly ir: IRBuilder;
  /** The IR value of one of this layer's weights, by its WeightSpec name. */
  weight(name: string): IRValue;
  /** Emits an op; `shape` is per sample, the batch dimension is added. */
  emit(op: Op, src: readonly IRValue[], shape: Shape, arg?: Record<string, unknown>, dtype?: DType): IRValue;
  /** Applies a named activation (the `activation` parameter). 'linear' returns x. */
  activation(x: IRValue, name: string): IRValue;
  /** Per-sample shape of a value (its IR shape without the batch dimension). */
  shapeOf(x: IRValue): Shape;
  /**
   * Lowering for the ONNX exporter: an OnnxOp node becomes the `onnx` IR op
   * that keeps the operation as it was, rather than the IR ops the engine runs.
   */
  readonly keepOnnxOps: boolean;
}

/** What kind of numbers a value holds: decimals, or whole-number token ids. */
export type DataKind = 'float' | 'int';

export interface LayerDef<S extends ParamSpecs = ParamSpecs> {
  /** The Keras class name, e.g. "Conv2D". */
  readonly type: string;
  readonly category: LayerCategory;
  readonly params: S;
  readonly doc: LayerDoc;
  /** How many inputs it takes. Input has 0; merge layers take 2 or more. */
  readonly arity: { readonly min: number; readonly max: number };
  /** Per-sample output shape, or a ShapeRuleError. */
  inferShape(inputs: readonly Shape[], p: ParamValues<S>): Shape;
  /** The weights it creates, in Keras's order. Parameter counts are derived from these. */
  weights?(inputs: readonly Shape[], p: ParamValues<S>): WeightSpec[];
  /**
   * PyTorch's parameter count where it differs from Keras's (e.g. LSTM's two
   * bias vectors), with a note saying why. Non-trainable buffers are not counted.
   */
  pytorchParams?(inputs: readonly Shape[], p: ParamValues<S>): { count: number; note: string };
  /**
   * Why the engine cannot run this layer with these inputs, or undefined when
   * it can. The layer still has its shape, so it is drawn, edited and exported
   * to ONNX; the compiler reports the reason as an error (NW032) except when
   * lowering for the ONNX exporter.
   */
  cannotRun?(inputs: readonly Shape[], p: ParamValues<S>, kinds: readonly DataKind[]): string | undefined;
  lower(ctx: LowerContext, inputs: readonly IRValue[], p: ParamValues<S>): IRValue;
  /** PyTorch export: the module, how forward applies it, and its weights (shared/export/pytorch/hooks.ts). */
  pytorch?(ctx: PytorchContext, p: ParamValues<S>): PytorchLayer;
  /** Keras export, where the generic `layers.<type>(param=value, …)` is not enough (shared/export/keras/hooks.ts). */
  readonly keras?: KerasHook<ParamValues<S>>;
}

export function defineLayer<const S extends ParamSpecs>(def: LayerDef<S>): LayerDef<S> {
  return Object.freeze(def);
}
