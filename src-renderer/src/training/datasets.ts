/**
 * The built-in datasets the picker offers, with a title and one sentence for
 * the learner, and what kind of data each is, which decides how its samples
 * are previewed and whether a decision boundary can be drawn. The data itself
 * comes from the DataService; this list only introduces it.
 */
import type { DatasetRef } from '../../../shared/graph';

/** points: two numbers per sample, drawn as dots in the plane (and a decision boundary). */
export type DataKind = 'points' | 'table' | 'image' | 'sequence';

export interface BuiltinDataset {
  readonly name: string;
  readonly title: string;
  readonly summary: string;
  readonly kind: DataKind;
  readonly group: 'Logic gates' | 'Points in the plane' | 'Tables' | 'Images' | 'Sequences';
}

export const BUILTIN_DATASETS: readonly BuiltinDataset[] = [
  { name: 'and', title: 'AND', summary: 'The AND truth table: 1 only when both inputs are 1.', kind: 'points', group: 'Logic gates' },
  { name: 'or', title: 'OR', summary: 'The OR truth table: 1 when either input is 1.', kind: 'points', group: 'Logic gates' },
  { name: 'nand', title: 'NAND', summary: 'The NAND truth table: 0 only when both inputs are 1.', kind: 'points', group: 'Logic gates' },
  { name: 'xor', title: 'XOR', summary: 'The XOR truth table: 1 when the inputs differ. No single straight line separates it.', kind: 'points', group: 'Logic gates' },
  { name: 'spirals', title: 'Spirals', summary: 'Two interleaved spiral arms. Only a network with hidden layers can untangle them.', kind: 'points', group: 'Points in the plane' },
  { name: 'circles', title: 'Circles', summary: 'A small circle inside a larger one. No straight line separates them.', kind: 'points', group: 'Points in the plane' },
  { name: 'moons', title: 'Moons', summary: 'Two interlocking half-moons, separated by a curved boundary.', kind: 'points', group: 'Points in the plane' },
  { name: 'blobs', title: 'Blobs', summary: 'Round clusters of points, one per class. A single layer can separate them.', kind: 'points', group: 'Points in the plane' },
  { name: 'iris', title: 'Iris flowers', summary: "Fisher's 150 iris flowers: four measurements in cm, three species.", kind: 'table', group: 'Tables' },
  { name: 'sine', title: 'Sine wave', summary: 'Points on a noisy sine wave: predict y from x. A regression task: the answer is a number, not a class.', kind: 'table', group: 'Tables' },
  { name: 'mnist', title: 'MNIST digits', summary: 'Handwritten digits 0–9, 28×28 pixels each.', kind: 'image', group: 'Images' },
  { name: 'fashion-mnist', title: 'Fashion-MNIST', summary: 'Photos of clothes in ten classes, 28×28 pixels each.', kind: 'image', group: 'Images' },
  { name: 'reverse-words', title: 'Reverse words', summary: 'Short words and the same words backwards, one letter per time step.', kind: 'sequence', group: 'Sequences' },
];

export function builtinDataset(name: string | undefined): BuiltinDataset | undefined {
  if (!name) return undefined;
  const key = name.trim().toLowerCase().replace(/[\s_]+/g, '-');
  return BUILTIN_DATASETS.find((d) => d.name === key);
}

/**
 * How many samples to ask the data service to describe: enough points to
 * draw a 2-D dataset, a page of pictures otherwise. One figure for every
 * view, since the dataset store keeps the first answer for a dataset.
 */
export const describeSamples = (ref: Pick<DatasetRef, 'name'>): number => (builtinDataset(ref.name)?.kind === 'points' ? 256 : 24);

/**
 * How to show a dataset's samples when it is not a built-in (an import): from
 * the shape of one sample. Two numbers are a point; a square grid, or a grid
 * with a channel axis, is an image; a flat row is a table.
 */
export function kindOfShape(shape: readonly number[]): DataKind {
  if (shape.length === 1) return shape[0] === 2 ? 'points' : 'table';
  // [time, features] is also two axes; images from the readers are square ([28, 28]) or carry channels.
  if (shape.length === 2 && shape[0] === shape[1] && shape[0]! >= 8) return 'image';
  if (shape.length === 3 && [1, 3].includes(shape[2]!)) return 'image';
  return 'sequence';
}
