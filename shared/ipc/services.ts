/**
 * The services the renderer asks of main (in web mode, of the web server),
 * declared once. Main implements them (src-main/services); the renderer
 * reaches them through one generic proxy (src-renderer/src/compute/services.ts)
 * over a message port: a WebSocket in web mode, an Electron MessagePort on the
 * desktop. No per-method glue exists on either side, so a method added here
 * is a method implemented there and called here, nothing else.
 *
 * Conventions (style.md, "Layers and boundaries"): every method returns a
 * Promise; events are `onX(listener)` and return an unsubscribe function;
 * errors reject with an Error whose `name` and `message` came across the
 * boundary. Typed arrays cross as typed arrays.
 */
import type { DatasetRef, Project } from '../graph/schema';
import type { ClassificationReport } from '../metrics/classification';

export type SplitName = 'train' | 'validation' | 'test';

/** Where training runs: the WebGPU engine, the CPU reference backend, or WebGPU when there is an adapter. */
export type BackendChoice = 'auto' | 'webgpu' | 'reference';

/** Values with a shape: samples along the first axis. */
export interface Tensor {
  readonly data: Float32Array;
  /** [count, ...per-sample shape] */
  readonly shape: readonly number[];
}

// ---------------------------------------------------------------- training

/** Overrides of the project's own training settings, for one run. */
export interface TrainOptions {
  /** Default 'auto': WebGPU when the compute worker finds an adapter, else the reference backend (and the start event says so). */
  readonly backend?: BackendChoice;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  readonly seed?: number;
  /** Fraction of the training data held out for validation, when the dataset has no validation split. */
  readonly validationSplit?: number;
  /** Steps between progress events (default 50, or every step of a short epoch). */
  readonly progressEvery?: number;
}

export interface ResumeOptions {
  readonly backend?: BackendChoice;
  /** The run's new total of epochs (to train on past the planned end). */
  readonly epochs?: number;
}

export interface EpochRecord {
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy: number;
  readonly valLoss?: number;
  readonly valAccuracy?: number;
  readonly mae?: number;
  readonly rmse?: number;
  readonly samplesPerSec: number;
  readonly learningRate: number;
  readonly seconds: number;
}

export interface Evaluation {
  readonly loss: number;
  readonly accuracy?: number;
  readonly report?: ClassificationReport;
  readonly mae?: number;
  readonly rmse?: number;
}

/** What a training run reports, in order: start, progress and epoch (repeated), then done or error. */
export type TrainingEvent =
  | {
      readonly event: 'start';
      /** 'webgpu' or 'reference'. */
      readonly backend: string;
      /** The adapter in words, e.g. "google · swiftshader", or "CPU (reference)". */
      readonly adapter: string;
      readonly epochs: number;
      readonly stepsPerEpoch: number;
      readonly batchSize: number;
      readonly params: number;
      readonly resumedFrom?: number;
      /** Set when training fell back to the reference backend: why, in a sentence for the person. */
      readonly note?: string;
    }
  | { readonly event: 'progress'; readonly epoch: number; readonly step: number; readonly stepsPerEpoch: number; readonly loss: number; readonly accuracy: number; readonly samplesPerSec: number; readonly etaSeconds: number }
  | ({ readonly event: 'epoch' } & EpochRecord)
  | {
      readonly event: 'done';
      readonly backend: string;
      readonly adapter: string;
      readonly reason: 'completed' | 'early_stopping' | 'stopped';
      /** Epochs trained in total, resumed ones included. */
      readonly epochs: number;
      readonly test?: Evaluation;
      /** The final model on its training data (when there is no test split). */
      readonly train?: Evaluation;
      readonly validation?: Evaluation;
      /** The checkpoint's weights file on the machine that trains. */
      readonly weights: string;
    }
  /** The run failed: `name` is the error's class (DataError, TrainingError, …), `message` says what to fix. */
  | { readonly event: 'error'; readonly name: string; readonly message: string };

export interface EvaluationResult {
  readonly split: SplitName;
  /** The model's outputs, one row per sample: [count, ...outputShape] flattened. */
  readonly outputs: Float32Array;
  readonly outputShape: readonly number[];
  /** True class ids (classification), or the targets (regression), one per sample, flat. */
  readonly labels: Float32Array | Int32Array;
  /** Predicted class ids (classification only). */
  readonly predicted?: Int32Array;
  /** Class names, by id; "0", "1", … when the dataset names none; empty for regression. */
  readonly classes: readonly string[];
  readonly loss: number;
  readonly accuracy?: number;
  readonly report?: ClassificationReport;
  readonly mae?: number;
  readonly rmse?: number;
  /** The samples themselves, for the gallery of mistakes. */
  readonly inputs?: Tensor;
}

export type RunStatus = 'running' | 'completed' | 'early_stopping' | 'stopped' | 'error' | 'interrupted';

export interface RunSummary {
  readonly runId: string;
  readonly project: string;
  /** ISO time the run started. */
  readonly started: string;
  readonly status: RunStatus;
  readonly backend?: string;
  /** Epochs finished, and planned. */
  readonly epochs: number;
  readonly plannedEpochs?: number;
  readonly history: readonly EpochRecord[];
  /** The run's folder on the machine that trains (history.json, checkpoint/, project.nwproj). */
  readonly folder: string;
  /** The project it trained (its project.nwproj), which may differ from the canvas; absent when unreadable. */
  readonly trained?: Project;
}

export interface TrainingService {
  /** Starts a run and resolves with its id at once; its events follow through onEvent. */
  start(project: Project, options?: TrainOptions): Promise<string>;
  /** Asks a run to stop after the current chunk of steps; it saves a checkpoint and sends done with reason 'stopped'. */
  stop(runId: string): Promise<void>;
  /** Continues a stopped (or finished) run from its checkpoint, under the same id. */
  resume(runId: string, options?: ResumeOptions): Promise<void>;
  onEvent(listener: (runId: string, event: TrainingEvent) => void): () => void;
  /** The trained model's outputs and metrics on one split of the run's dataset. */
  evaluate(runId: string, split: SplitName): Promise<EvaluationResult>;
  /**
   * The trained model's outputs for new inputs (the playground), in the same
   * units as the dataset's samples after preprocessing (pixels 0–1, say).
   * `inputs.shape` is [count, ...the model's input shape]; the result is [count, ...outputShape] flattened.
   * While the run trains, it answers at the next pause between chunks of
   * steps with the weights as they are then (the live decision boundary).
   */
  predict(runId: string, inputs: Tensor): Promise<Float32Array>;
  /**
   * The run's weights as of its last checkpoint (the final ones once it has
   * ended), for exports. Refused for a run that has not finished an epoch.
   */
  weights(runId: string): Promise<RunWeights>;
  /** Past and current runs, newest first. */
  runs(): Promise<RunSummary[]>;
}

export interface RunWeights {
  readonly runId: string;
  /** The project the run trained: the architecture these weights fit. */
  readonly project: Project;
  /** The epoch they are from (the best one when early stopping restored it). */
  readonly epoch: number;
  /** Trainable weights and running statistics by IR name ("<layer>/<weight>"), flat. */
  readonly weights: ReadonlyMap<string, Float32Array>;
}

// ---------------------------------------------------------------- data

export type Task = 'classification' | 'binary' | 'regression' | 'sequence';

export interface SamplePreview {
  /** One sample's values, flat, in the order of `inputShape`. */
  readonly x: Float32Array;
  /** Its class id, or the (first) target value for regression. */
  readonly y: number;
}

export interface DescribeOptions {
  /** The model's input shape, so samples come reshaped as the model sees them. */
  readonly inputShape?: readonly number[];
  readonly validationSplit?: number;
  readonly seed?: number;
  /** How many samples to preview (default 16, at most 256). */
  readonly samples?: number;
}

export interface DatasetDescription {
  readonly name: string;
  readonly task: Task;
  /** Where the data came from, in words. */
  readonly source: string;
  readonly classes?: readonly string[];
  readonly features?: readonly string[];
  /** One sample's shape. */
  readonly inputShape: readonly number[];
  readonly counts: { readonly train: number; readonly validation?: number; readonly test?: number };
  /** Training samples per class, in the order of `classes`. */
  readonly classBalance?: readonly number[];
  /** The first few training samples. */
  readonly samples: readonly SamplePreview[];
}

export interface BuiltinDataset {
  /** What a project's dataset.name says: "xor", "mnist", … */
  readonly name: string;
  /** One line for the dataset picker. */
  readonly summary: string;
}

/** One file of an import: its path inside what was chosen ("iris.csv", or "cats/1.png" in a folder), and its bytes. */
export interface UploadFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** What the person chose on their computer: some files (a CSV table, or NPY or IDX inputs with their labels), or one folder. */
export type ImportKind = 'files' | 'folder';

export type DataUpload =
  | { readonly kind: 'files'; readonly files: readonly UploadFile[] }
  /** `name` is the folder's own name; the files' paths are inside it. */
  | { readonly kind: 'folder'; readonly name: string; readonly files: readonly UploadFile[] };

/** The most one import may carry, in bytes: it travels in one message and is held in memory on both sides. */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

export interface DataService {
  describe(ref: DatasetRef, options?: DescribeOptions): Promise<DatasetDescription>;
  /** The built-in datasets, for a picker. */
  builtins(): Promise<BuiltinDataset[]>;
  /**
   * Copies data from the person's computer into the workspace's data/ folder,
   * atomically and under a name not taken yet, and answers the dataset that
   * names it. Rejects, saying why, when the files cannot make a dataset.
   */
  importData(upload: DataUpload): Promise<DatasetRef>;
}

// ---------------------------------------------------------------- files

export interface FileEntry {
  /** Relative to the workspace folder, with '/' separators. */
  readonly path: string;
  readonly name: string;
  readonly kind: 'file' | 'folder';
  readonly size: number;
  /** ms since the epoch. */
  readonly modified: number;
}

/** The most a file opened through the FileService may hold, in bytes: it travels in one message and is held in memory on both sides. */
export const MAX_OPEN_BYTES = 512 * 1024 * 1024;

/** The workspace folder's files. Paths are relative to it and never leave it. */
export interface FileService {
  list(folder?: string): Promise<FileEntry[]>;
  /** A text file's contents. */
  open(path: string): Promise<string>;
  /** A file's bytes (an ONNX model), refused above MAX_OPEN_BYTES. */
  openBytes(path: string): Promise<Uint8Array>;
  /** Writes atomically (a crash never leaves half a file), creating folders as needed. */
  save(path: string, text: string): Promise<void>;
  /** The same for bytes (a project's weights), refused above MAX_OPEN_BYTES. */
  saveBytes(path: string, bytes: Uint8Array): Promise<void>;
  /** Makes a folder (and any above it); refused where a file of that name is. */
  makeFolder(path: string): Promise<void>;
}

// ---------------------------------------------------------------- all of them

export interface Services {
  readonly training: TrainingService;
  readonly data: DataService;
  readonly files: FileService;
}

export type ServiceName = keyof Services;
