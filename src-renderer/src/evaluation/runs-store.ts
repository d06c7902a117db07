/**
 * The past runs the Evaluate view lists, and which one it shows. The list
 * comes from TrainingService.runs(), each run with the project it trained
 * (which may differ from the canvas); a newer request wins over an older one
 * still on its way.
 */
import { create } from 'zustand';
import type { RunSummary, TrainingService } from '../../../shared/ipc/services';
import { errorText } from '../training/store';

export interface RunsState {
  readonly status: 'idle' | 'loading' | 'ready' | 'failed';
  /** Newest first. Kept while a refresh is on its way, so the list does not flicker. */
  readonly runs: readonly RunSummary[];
  readonly error: string | null;
  /** The past run the Evaluate view shows; null follows the run this window trains. */
  readonly selected: string | null;
}

export interface RunsActions {
  refresh(): Promise<void>;
  /** Shows a past run, or, with null, the run this window trains. */
  select(runId: string | null): void;
}

export type RunsStore = RunsState & RunsActions;

export const createRunsStore = (service: TrainingService) =>
  create<RunsStore>()((set) => {
    let asked = 0;

    return {
      status: 'idle',
      runs: [],
      error: null,
      selected: null,

      async refresh() {
        const request = ++asked;
        set({ status: 'loading' });
        try {
          const runs = await service.runs();
          if (request === asked) set({ status: 'ready', runs, error: null });
        } catch (error) {
          if (request === asked) set({ status: 'failed', error: `The list of past runs could not be read: ${errorText(error)}` });
        }
      },

      select(runId) {
        set({ selected: runId });
      },
    };
  });
