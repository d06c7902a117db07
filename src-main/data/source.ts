/**
 * What a built-in dataset or a file reader gets and gives back. loadDataset
 * (load.ts) builds the context, calls the source, then applies the shared
 * steps: test and validation splits, standardisation, reshaping to the
 * model's input.
 */
import type { DataPaths } from './locations';
import type { Dataset } from './types';

export interface SourceContext {
  readonly seed: number;
  readonly inputShape?: readonly number[];
  readonly paths: DataPaths;
  /** Whether MNIST-style datasets may be fetched when no local copy exists. */
  readonly download: boolean;
  /** Replaces the download locations (tests point this at a local server). */
  readonly mirrors?: readonly string[];
  readonly progress: (message: string) => void;
}

export interface SourceResult {
  readonly dataset: Dataset;
  /** Flat feature indices to standardise with statistics from the training split. */
  readonly standardize?: readonly number[];
}

export interface Builtin {
  readonly name: string;
  /** One line for the dataset picker. */
  readonly summary: string;
  load(options: Readonly<Record<string, unknown>> | undefined, context: SourceContext): SourceResult | Promise<SourceResult>;
}
