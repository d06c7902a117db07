/**
 * The Keras export hook a layer type may give in its own file. Netwright's
 * layer types and parameter names are Keras's, so most layers need nothing:
 * the exporter writes `layers.<type>(…)` with every parameter that differs
 * from its default. A hook says what that cannot know:
 *
 * - `positional`: parameters Keras requires (it has no default for them),
 *   written first and without their name, as Keras code usually reads:
 *   `layers.Dense(128, activation="relu")`;
 * - `args`: the whole argument list, for parameters stored differently
 *   (ZeroPadding2D's four paddings) or wrapped layers (Bidirectional).
 */
import type { LayerDef } from '../../layers/define';

export interface KerasContext {
  /** A parameter value as Python: tuples for sizes, None for null, the `step` function for that activation. */
  value(value: unknown): string;
  /** The constructor of another layer, e.g. the LSTM a Bidirectional wraps (no name). */
  construct(def: LayerDef, values: Readonly<Record<string, unknown>>): string;
}

export interface KerasHook<P> {
  readonly positional?: readonly string[];
  /** The arguments of `layers.<type>(…)`, without `name=`. */
  args?(p: P, k: KerasContext): string[];
  /**
   * Another Keras layer class and its arguments (without `name=`), for a
   * layer type Keras has no class of that name for (an OnnxOp becomes a
   * Lambda). It throws, with a sentence saying why, when there is none.
   */
  layer?(p: P, k: KerasContext): { readonly type: string; readonly args: readonly string[] };
}
