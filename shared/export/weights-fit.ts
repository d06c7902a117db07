/**
 * Whether a set of weights fits a compiled model: every weight the model
 * needs (its IR params, trainable weights and running statistics alike) is
 * there, with as many values as its shape holds, and with that shape where
 * the weights' source says what it was. Extra weights are fine: a checkpoint
 * may hold more than an export writes.
 *
 * `netwright export` checks checkpoints and sidecar files with it; the app
 * checks whether a trained run's (or an imported file's) weights still fit
 * the graph on screen after edits.
 */
import type { IRGraph } from '../ir/graph';

export type WeightsMisfit =
  | { readonly kind: 'missing'; readonly name: string }
  | { readonly kind: 'size'; readonly name: string; readonly values: number; readonly needs: number; readonly shape: readonly number[] }
  | { readonly kind: 'shape'; readonly name: string; readonly was: readonly number[]; readonly shape: readonly number[] };

/** Each weight the model needs, by IR name ("<layer>/<weight>"), with its shape. */
export function paramShapes(ir: IRGraph): Map<string, readonly number[]> {
  const shapes = new Map<string, readonly number[]>();
  for (const node of ir.nodes) if (node.op === 'param') shapes.set(String(node.arg['name']), node.shape);
  return shapes;
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * The first weight that does not fit, or null when all do. `shapes` gives the
 * shape each weight had where it came from, so a kernel of the right size but
 * transposed dimensions ([8, 2] where [2, 8] is needed) is caught too.
 */
export function weightsMisfit(ir: IRGraph, weights: ReadonlyMap<string, ArrayLike<number>>, shapes?: ReadonlyMap<string, readonly number[]>): WeightsMisfit | null {
  for (const [name, shape] of paramShapes(ir)) {
    const data = weights.get(name);
    if (!data) return { kind: 'missing', name };
    const needs = shape.reduce((n, d) => n * d, 1);
    if (data.length !== needs) return { kind: 'size', name, values: data.length, needs, shape };
    const was = shapes?.get(name);
    if (was && !sameShape(was, shape)) return { kind: 'shape', name, was, shape };
  }
  return null;
}

/** What does not fit, in a phrase: `"hidden/kernel" has 16 values, the model now needs 32 ([2, 16])`. */
export function misfitText(misfit: WeightsMisfit): string {
  switch (misfit.kind) {
    case 'missing':
      return `there is no "${misfit.name}"`;
    case 'size':
      return `"${misfit.name}" has ${misfit.values} values, the model now needs ${misfit.needs} ([${misfit.shape.join(', ')}])`;
    case 'shape':
      return `"${misfit.name}" is [${misfit.was.join(', ')}], the model now needs [${misfit.shape.join(', ')}]`;
  }
}
