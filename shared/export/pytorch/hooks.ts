/**
 * The PyTorch export hook a layer type gives in its own file (shared/layers):
 * what nn.Module its layer becomes, how `forward` applies it, and how its
 * Keras weights become PyTorch's. The exporter (model.ts) walks the graph,
 * calls each layer's hook and writes the Python.
 *
 * Layout. Netwright and Keras keep channels last, (batch, height, width,
 * channels); PyTorch keeps them first. The generated model works the way
 * idiomatic PyTorch does: values that pass through convolutions, pooling and
 * BatchNormalization are channels-first, the rest (Dense, recurrent layers,
 * Flatten, Reshape) work in Keras's channels-last order. Each hook says which
 * layout it reads; where a value arrives in the other one the exporter moves
 * the channels (`x.movedim(1, -1)` or `x.movedim(-1, 1)`) and says so in a
 * comment. That is where Flatten's order is settled: Flatten reads
 * channels-last, so a CNN flattens (h, w, c) exactly as Keras does and the
 * next Dense layer's weights need no shuffling. Values with at most one axis
 * per sample have no layout.
 */
import type { Shape } from '../../layers/define';

export type Layout = 'channels_last' | 'channels_first';

/** A weight as a flat row-major array and its shape. */
export interface Tensor {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/** Helpers the model file defines once, at the top, when some layer asks for them (see prelude.ts). */
export type HelperName = 'Step' | 'KerasRecurrent' | 'keras_avg_pool';

export interface PytorchContext {
  /** Per-sample input shapes, in Keras's (channels-last) order. */
  readonly inputs: readonly Shape[];
  /** Per-sample output shape, in Keras's order. */
  readonly output: Shape;
  /** The layout each input arrives in. A layer that works in either keeps it, so nothing moves. */
  readonly arriving: readonly Layout[];
  /** Python applying the Keras activation `name` to the expression `x`, whose layout is `layout`. */
  activation(x: string, name: string, layout: Layout): string;
  /** A Python expression for an activation as a module (nn.Tanh(), Step()…), for recurrent helpers. */
  activationModule(name: string): string;
  /** Asks for a helper from the model file's prelude and returns its Python name. */
  helper(name: HelperName): string;
}

export interface PytorchLayer {
  /** The layout the layer reads its inputs in. */
  readonly layout: Layout;
  /** The layout of its output; `layout` when left out. */
  readonly outputLayout?: Layout;
  /** The module built in __init__, e.g. "nn.Conv2d(3, 8, kernel_size=(3, 3))"; none for layers without state. */
  readonly module?: string;
  /** More __init__ statements after the module's, given its attribute (e.g. "self.bn"). */
  init?(attr: string): string[];
  /** The forward expression, given the module's attribute and the input expressions (already in `layout`). */
  forward(attr: string, inputs: readonly string[]): string;
  /** The module's state_dict entries, relative to it ("weight", "bias_ih_l0"), from the Keras weights by name. */
  weights?(keras: (name: string) => Tensor): Record<string, Tensor>;
  /** A comment for the reader where the code is not obvious. */
  readonly note?: string;
  /** The comment when an input had to change layout, where the generic one says too little (Flatten). */
  readonly movedNote?: string;
}

/**
 * The hook itself: given the shapes and the layer's parameter values, its
 * PyTorch form. Layers without weights or state may leave `module` out.
 */
export type PytorchHook<P> = (ctx: PytorchContext, p: P) => PytorchLayer;

/**
 * A Keras axis (counted from 1; -1 is the last) as a torch dim of a value
 * with `rank` axes per sample, held in `layout`: channels-first moves the last
 * Keras axis to dim 1 and shifts the others up by one. The last axis of a
 * channels-last value is written -1, as PyTorch code usually does.
 */
export function torchDim(axis: number, rank: number, layout: Layout): number {
  const a = axis < 0 ? axis + rank + 1 : axis;
  if (layout === 'channels_last' || rank < 2) return a === rank ? -1 : a;
  return a === rank ? 1 : a + 1;
}

/** Whether a value with this per-sample shape has a layout at all (two axes or more). */
export const hasLayout = (shape: Shape) => shape.length >= 2;

/** A per-sample shape as PyTorch holds it in `layout`. */
export function torchShape(shape: Shape, layout: Layout): Shape {
  return layout === 'channels_first' && hasLayout(shape) ? [shape.at(-1)!, ...shape.slice(0, -1)] : shape;
}
