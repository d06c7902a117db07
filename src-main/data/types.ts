/**
 * Datasets as the engine consumes them: whole splits in memory, samples
 * along the first axis. Readers and built-ins produce these; the trainer
 * uploads them to the device once.
 */
export interface TensorData {
  readonly data: Float32Array | Int32Array;
  /** [count, ...per-sample shape] */
  readonly shape: readonly number[];
}

export interface Split {
  readonly x: TensorData;
  readonly y: TensorData;
}

export type Task = 'classification' | 'binary' | 'regression' | 'sequence';

export interface DatasetInfo {
  readonly name: string;
  readonly task: Task;
  /** Class names for classification; their index is the label. */
  readonly classes?: readonly string[];
  /** Where the data came from, for the learner and for reproducibility. */
  readonly source: string;
  /** Labels are class ids (int32) rather than one-hot or real values. */
  readonly sparseLabels: boolean;
  /** Names of the input features, one per value of a flat sample (CSV columns after encoding). */
  readonly features?: readonly string[];
  /** What was done to the raw values, so new inputs can be treated the same way at inference. */
  readonly preprocessing?: Preprocessing;
}

/** A categorical CSV column: `values[i]` is encoded as i (label) or as the i-th one-hot slot. */
export interface CategoricalColumn {
  readonly column: string;
  readonly encoding: 'one-hot' | 'label';
  readonly values: readonly string[];
}

export interface Preprocessing {
  /** Raw values were multiplied by this (1/255 for byte pixels). */
  readonly scale?: number;
  /** Zero pixels added on every side of each image. */
  readonly pad?: number;
  /** Images were resized and converted to this [height, width, channels]. */
  readonly image?: readonly [number, number, number];
  /** x' = (x - mean) / std for the listed flat feature indices; fitted on the training split only. */
  readonly standardize?: { readonly features: readonly number[]; readonly mean: readonly number[]; readonly std: readonly number[] };
  readonly categorical?: readonly CategoricalColumn[];
}

export interface Dataset {
  readonly info: DatasetInfo;
  readonly train: Split;
  readonly validation?: Split;
  readonly test?: Split;
}

export const count = (split: Split) => split.x.shape[0]!;
