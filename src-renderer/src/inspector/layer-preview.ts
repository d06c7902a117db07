/**
 * What the inspector's "Output on a sample" shows, worked out without the
 * DOM: which view suits a layer's output shape, the numbers beside it (range,
 * mean, share of zeros), the top classes of a probability output, and
 * whether the layers up to the chosen one are small enough to run on the CPU
 * reference backend while the person edits.
 */
import type { ProjectNode } from '../../../shared/graph';
import type { Compiled } from '../project/compiled';
import { formatSi } from './format';

/** maps: H × W × C feature maps; sequence: time × features; vector: one value per unit; numbers: anything else. */
export type PreviewView = 'maps' | 'sequence' | 'vector' | 'numbers';

/** The view for one sample's output shape (no batch axis): the rank decides, channels last. */
export function previewView(shape: readonly number[]): PreviewView {
  switch (shape.length) {
    case 3:
      return 'maps';
    case 2:
      return 'sequence';
    case 1:
      return 'vector';
    default:
      return 'numbers';
  }
}

export interface OutputStats {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** The share of values that are exactly 0, from 0 to 1: ReLUs that never fire show up here. */
  readonly zeros: number;
  /** Values that are NaN or infinite: left out of min, max and mean. */
  readonly nonFinite: number;
}

export function outputStats(values: ArrayLike<number>): OutputStats {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let zeros = 0;
  let nonFinite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    if (v === 0) zeros++;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const finite = values.length - nonFinite;
  return finite === 0
    ? { count: values.length, min: NaN, max: NaN, mean: NaN, zeros: 0, nonFinite }
    : { count: values.length, min, max, mean: sum / finite, zeros: zeros / values.length, nonFinite };
}

/** A value for the stats line: three significant figures, exponents for the very large and very small. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(2);
  return String(Number(v.toPrecision(3)));
}

export type ProbabilityKind = 'softmax' | 'sigmoid';

/** Whether a layer outputs probabilities: a softmax layer, or any layer whose activation is softmax or sigmoid. */
export function probabilityKind(node: Pick<ProjectNode, 'type' | 'params'>): ProbabilityKind | null {
  if (node.type === 'Softmax') return 'softmax';
  const activation = node.params['activation'];
  return activation === 'softmax' || activation === 'sigmoid' ? activation : null;
}

export interface ClassScore {
  readonly index: number;
  readonly name: string;
  readonly p: number;
}

export interface TopClasses {
  /** Most likely first. */
  readonly top: readonly ClassScore[];
  /** How many classes are not in `top`, and their probability together (softmax only: sigmoids do not add up). */
  readonly others: number;
  readonly rest: number;
  /** The probabilities' sum as the layer output it (softmax: about 1), or null where they are independent. */
  readonly sum: number | null;
}

/**
 * The `k` most likely classes of one probability output. `classes` names
 * them where the dataset does and the count matches. A single sigmoid unit
 * is a yes/no answer: the probability of class 1, so class 0 gets 1 − p.
 */
export function topClasses(values: ArrayLike<number>, kind: ProbabilityKind, classes: readonly string[] | undefined, k = 5): TopClasses {
  const single = kind === 'sigmoid' && values.length === 1;
  const ps = single ? [1 - values[0]!, values[0]!] : Array.from(values);
  const names = classes && classes.length === ps.length ? classes : undefined;
  const scores = ps.map((p, index) => ({ index, name: names?.[index] ?? String(index), p }));
  const top = [...scores].sort((a, b) => b.p - a.p || a.index - b.index).slice(0, k);
  const adds = kind === 'softmax' || single;
  const sum = adds ? ps.reduce((s, p) => s + p, 0) : null;
  const shown = top.reduce((s, c) => s + c.p, 0);
  return { top, others: ps.length - top.length, rest: sum === null ? 0 : Math.max(0, sum - shown), sum };
}

/**
 * What the reference backend runs in about a third of a second on one core
 * (it does roughly 0.7 GFLOP/s on convolutions): enough for LeNet, a small
 * VGG or ResNet, not for ImageNet-sized models.
 */
export const MAX_PREVIEW_FLOPS = 200e6;
/** Fresh weights are made for the whole model, and the weights cross to the probe's worker: 100 MB of float32. */
export const MAX_PREVIEW_PARAMS = 25e6;

/** Why the layers up to `layer` are too large to preview on the CPU, or null when they are not. */
export function tooLarge(compiled: Compiled, feeding: ReadonlySet<string>): string | null {
  let flops = 0;
  for (const id of feeding) flops += compiled.costs.layers.get(id)?.flops ?? 0;
  if (flops > MAX_PREVIEW_FLOPS) {
    return `The layers up to this one take ${formatSi(flops)}FLOPs per sample: too large to preview on the CPU (the preview runs up to ${formatSi(MAX_PREVIEW_FLOPS)}FLOPs).`;
  }
  const params = compiled.result.totals.total;
  if (params > MAX_PREVIEW_PARAMS) {
    return `The model has ${formatSi(params)} parameters: too large to preview on the CPU (the preview runs up to ${formatSi(MAX_PREVIEW_PARAMS)}).`;
  }
  return null;
}

/** An error from the probe as a sentence: capitalised, ending in a full stop. */
export function sentence(text: string): string {
  const t = text.trim();
  if (!t) return 'Something went wrong.';
  const s = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}
