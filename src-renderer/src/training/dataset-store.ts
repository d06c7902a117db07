/**
 * What the DataService said about each dataset the person looked at: its
 * task, classes, sizes, class balance and a few samples. Asked once per
 * dataset and kept, so switching back and forth in the picker is instant.
 */
import { create } from 'zustand';
import type { DatasetRef } from '../../../shared/graph/schema';
import type { DataService, DatasetDescription, DescribeOptions } from '../../../shared/ipc/services';
import { errorText } from './store';

export type Described =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly description: DatasetDescription }
  | { readonly status: 'failed'; readonly error: string };

export interface DatasetState {
  /** By datasetKey(ref). */
  readonly described: Readonly<Record<string, Described>>;
}

export interface DatasetActions {
  /** Asks the service about `ref` unless it was asked already (a failure may be asked again). */
  describe(ref: DatasetRef, options?: DescribeOptions): Promise<void>;
}

export type DatasetStore = DatasetState & DatasetActions;

export const datasetKey = (ref: DatasetRef): string => JSON.stringify([ref.name, ref.path ?? null, ref.options ?? null]);

export const createDatasetStore = (service: DataService) =>
  create<DatasetStore>()((set, get) => ({
    described: {},

    async describe(ref, options) {
      const key = datasetKey(ref);
      const known = get().described[key];
      if (known && known.status !== 'failed') return;
      const put = (d: Described) => set({ described: { ...get().described, [key]: d } });
      put({ status: 'loading' });
      try {
        put({ status: 'ready', description: await service.describe(ref, options) });
      } catch (error) {
        put({ status: 'failed', error: errorText(error) });
      }
    },
  }));
