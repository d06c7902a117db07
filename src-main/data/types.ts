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
}

export interface Dataset {
  readonly info: DatasetInfo;
  readonly train: Split;
  readonly validation?: Split;
  readonly test?: Split;
}

export const count = (split: Split) => split.x.shape[0]!;
