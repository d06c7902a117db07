/**
 * The past runs the Evaluate view lists, which one it shows, and each picked
 * run's own project (the model as it was trained, which may differ from the
 * canvas). The list comes from TrainingService.runs(); a newer request wins
 * over an older one still on its way.
 *
 * A run's project comes from TrainingService.weights(), the one call that
 * returns it today; it also carries the weights, which the view does not
 * need, so a lighter call can replace it without changing this store's shape.
 */
import { create } from 'zustand';
import type { Project } from '../../../shared/graph/schema';
import type { RunSummary, TrainingService } from '../../../shared/ipc/services';
import { errorText } from '../training/store';

export type RunProject = { readonly status: 'loading' } | { readonly status: 'ready'; readonly project: Project } | { readonly status: 'failed'; readonly error: string };

export interface RunsState {
  readonly status: 'idle' | 'loading' | 'ready' | 'failed';
  /** Newest first. Kept while a refresh is on its way, so the list does not flicker. */
  readonly runs: readonly RunSummary[];
  readonly error: string | null;
  /** The past run the Evaluate view shows; null follows the run this window trains. */
  readonly selected: string | null;
  /** By run id: each picked run's project, as it was trained. */
  readonly projects: Readonly<Record<string, RunProject>>;
}

export interface RunsActions {
  refresh(): Promise<void>;
  /** Shows a past run (and fetches its project), or, with null, the run this window trains. */
  select(runId: string | null): void;
  /** The run's project, fetched once; rejects with a message for the person. */
  projectOf(runId: string): Promise<Project>;
}

export type RunsStore = RunsState & RunsActions;

export const createRunsStore = (service: TrainingService) =>
  create<RunsStore>()((set, get) => {
    let asked = 0;
    const pending = new Map<string, Promise<Project>>();
    const put = (runId: string, p: RunProject) => set({ projects: { ...get().projects, [runId]: p } });

    return {
      status: 'idle',
      runs: [],
      error: null,
      selected: null,
      projects: {},

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
        if (runId) get().projectOf(runId).catch(() => {}); // the failure is kept in `projects` for the view
      },

      projectOf(runId) {
        const known = get().projects[runId];
        if (known?.status === 'ready') return Promise.resolve(known.project);
        const waiting = pending.get(runId);
        if (waiting) return waiting;
        put(runId, { status: 'loading' });
        const fetching = service.weights(runId).then(
          ({ project }) => {
            put(runId, { status: 'ready', project });
            return project;
          },
          (error: unknown) => {
            const text = `This run cannot be opened: ${errorText(error)}`;
            put(runId, { status: 'failed', error: text });
            throw new Error(text);
          },
        );
        const settled = fetching.finally(() => pending.delete(runId));
        pending.set(runId, settled);
        return settled;
      },
    };
  });
