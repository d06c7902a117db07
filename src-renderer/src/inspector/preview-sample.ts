/**
 * The input the layer preview runs: the first sample of the project's
 * dataset, as the Train view's dataset panel has it (already preprocessed as
 * training feeds it), or, where there is none or it does not fit the Input
 * layer, a made-up one, saying why.
 */
import type { DatasetRef } from '../../../shared/graph';
import type { DatasetDescription } from '../../../shared/ipc/services';
import type { Described } from '../training/dataset-store';
import { builtinDataset } from '../training/datasets';

export type PreviewSample =
  | { readonly status: 'loading'; readonly text: string }
  | {
      readonly status: 'ready';
      /** One sample, flat, in the order of the Input layer's shape. */
      readonly x: Float32Array;
      /** What it is: "sample 1 of MNIST digits, labelled 5", or "a made-up input". */
      readonly caption: string;
      /** Why a made-up input is used; absent for a real sample. */
      readonly note?: string;
    };

const size = (shape: readonly number[]) => shape.reduce((a, d) => a * d, 1);
const shapeText = (shape: readonly number[]) => shape.join(' × ');

/** The title the picker gives a dataset: "MNIST digits"; an import's own name. */
export const datasetTitle = (d: Pick<DatasetDescription, 'name'>): string => builtinDataset(d.name)?.title ?? d.name;

function labelText(d: DatasetDescription, y: number): string {
  if (d.task === 'regression') return `target ${Number(y.toPrecision(3))}`;
  if (d.task === 'sequence') return '';
  return `labelled ${d.classes?.[Math.round(y)] ?? String(y)}`;
}

/**
 * A smooth, even pattern from 0 to 1 (or all zeros for integer ids, the one
 * id every Embedding accepts): neutral enough to show what a layer does to
 * structure without suggesting any class.
 */
export function madeUpInput(shape: readonly number[], integer: boolean): Float32Array {
  const x = new Float32Array(size(shape));
  if (integer) return x;
  if (shape.length === 1) return x.map((_, i) => (shape[0]! > 1 ? i / (shape[0]! - 1) : 0.5));
  const [rows, cols] = [shape[0]!, shape[1]!];
  const rest = size(shape.slice(2));
  for (let i = 0; i < x.length; i++) {
    const cell = Math.floor(i / rest);
    const r = Math.floor(cell / cols);
    const c = cell % cols;
    x[i] = 0.5 + 0.25 * Math.sin((2 * Math.PI * r) / rows) + 0.25 * Math.cos((2 * Math.PI * c) / cols);
  }
  return x;
}

/** The input for a model whose Input layer takes `inputShape`, given what the dataset store has for the project's dataset. */
export function previewSample(ref: DatasetRef | undefined, described: Described | undefined, inputShape: readonly number[], integer: boolean): PreviewSample {
  const madeUp = (note: string): PreviewSample => ({ status: 'ready', x: madeUpInput(inputShape, integer), caption: 'a made-up input', note });
  if (!ref) return madeUp('This project has no dataset yet, so the preview runs on a made-up input. Choose one in the Train view to see real data.');
  if (!described || described.status === 'loading') return { status: 'loading', text: `Loading a sample of ${builtinDataset(ref.name)?.title ?? ref.name}…` };
  if (described.status === 'failed') return madeUp(`The dataset could not be loaded (${described.error.replace(/\.$/, '')}), so the preview runs on a made-up input.`);
  const d = described.description;
  const sample = d.samples[0];
  if (!sample) return madeUp(`${datasetTitle(d)} has no samples to show, so the preview runs on a made-up input.`);
  if (sample.x.length !== size(inputShape)) {
    return madeUp(`Each sample of ${datasetTitle(d)} is ${shapeText(d.inputShape)} values, but the Input layer takes ${shapeText(inputShape)}, so the preview runs on a made-up input.`);
  }
  const label = labelText(d, sample.y);
  return { status: 'ready', x: sample.x, caption: `sample 1 of ${datasetTitle(d)}${label ? `, ${label}` : ''}` };
}
