/**
 * Fitting a dataset's labels to what the model's loss expects: class ids for
 * sparse cross-entropy, one-hot rows for categorical cross-entropy, values
 * otherwise. A mismatch gets a message that names both shapes.
 */
import type { Split, TensorData } from '../data/types';
import type { TensorInfo } from '../engine/plan/types';

export class DataShapeError extends Error {
  override readonly name = 'DataShapeError';
}

const fmt = (s: readonly number[]) => `(${s.join(', ')})`;

function oneHot(labels: TensorData, classes: number): TensorData {
  const out = new Float32Array(labels.data.length * classes);
  for (let i = 0; i < labels.data.length; i++) {
    const c = labels.data[i]!;
    if (c < 0 || c >= classes) throw new DataShapeError(`a label is ${c}, but the model's output has only ${classes} classes (0 to ${classes - 1}). Make the last Dense layer's units match the number of classes.`);
    out[i * classes + c] = 1;
  }
  return { data: out, shape: [...labels.shape, classes] };
}

function argmax(rows: TensorData): TensorData {
  const classes = rows.shape.at(-1)!;
  const out = new Int32Array(rows.data.length / classes);
  for (let r = 0; r < out.length; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (rows.data[r * classes + c]! > rows.data[r * classes + best]!) best = c;
    out[r] = best;
  }
  return { data: out, shape: rows.shape.slice(0, -1) };
}

/** Returns the split with `y` converted to the plan's target tensor (per sample). */
export function fitTargets(split: Split, target: TensorInfo, inputs: readonly TensorInfo[]): Split {
  const per = target.shape.slice(1);
  const sample = split.y.shape.slice(1);
  const xShape = split.x.shape.slice(1);
  const modelIn = inputs[0]!.shape.slice(1);
  if (xShape.reduce((n, d) => n * d, 1) !== modelIn.reduce((n, d) => n * d, 1)) {
    throw new DataShapeError(`each sample of the dataset has shape ${fmt(xShape)}, but the model's Input expects ${fmt(modelIn)}. Set the Input layer's shape to [${xShape.join(', ')}].`);
  }
  const x = xShape.join() === modelIn.join() ? split.x : { data: split.x.data, shape: [split.x.shape[0]!, ...modelIn] };
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
  let y = split.y;
  if (target.dtype === 'i32') {
    if (!(split.y.data instanceof Int32Array)) y = same([...sample.slice(0, -1)], per) ? argmax(split.y) : y;
    if (!(y.data instanceof Int32Array)) y = { data: Int32Array.from(y.data), shape: y.shape };
  } else if (split.y.data instanceof Int32Array) {
    const classes = per.at(-1)!;
    // Class ids become one-hot rows, except for a single sigmoid output, which takes the 0/1 label itself.
    y = classes > 1 && same([...sample, classes], per) ? oneHot(split.y, classes) : { data: Float32Array.from(split.y.data), shape: split.y.shape };
  }
  // A single output per sample may be stored as (count) or (count, 1).
  if (!same(y.shape.slice(1), per) && y.shape.slice(1).reduce((n, d) => n * d, 1) === per.reduce((n, d) => n * d, 1)) y = { data: y.data, shape: [y.shape[0]!, ...per] };
  if (!same(y.shape.slice(1), per)) {
    throw new DataShapeError(`the dataset's targets have shape ${fmt(y.shape.slice(1))} per sample, but the model's output and loss need ${fmt(per)}. Check the last layer's units and the loss.`);
  }
  return { x, y };
}
