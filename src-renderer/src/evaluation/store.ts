/**
 * The evaluation the Evaluate view shows: one split of one finished run,
 * asked of the TrainingService (outputs, labels, classes, the classification
 * report and the samples themselves). Asking again for the same run and split
 * reuses the answer; a newer request wins over an older one still on its way.
 */
import { create } from 'zustand';
import type { EvaluationResult, SplitName, TrainingService } from '../../../shared/ipc/services';
import { errorText } from '../training/store';

export interface EvaluationState {
  readonly runId: string | null;
  readonly split: SplitName | null;
  readonly status: 'idle' | 'loading' | 'ready' | 'failed';
  readonly result: EvaluationResult | null;
  readonly error: string | null;
}

export interface EvaluationActions {
  load(runId: string, split: SplitName): Promise<void>;
  clear(): void;
}

export type EvaluationStore = EvaluationState & EvaluationActions;

const EMPTY: EvaluationState = { runId: null, split: null, status: 'idle', result: null, error: null };

export const createEvaluationStore = (service: TrainingService) =>
  create<EvaluationStore>()((set, get) => ({
    ...EMPTY,

    async load(runId, split) {
      const s = get();
      if (s.runId === runId && s.split === split && (s.status === 'ready' || s.status === 'loading')) return;
      set({ runId, split, status: 'loading', result: null, error: null });
      const current = () => get().runId === runId && get().split === split;
      try {
        const result = await service.evaluate(runId, split);
        if (current()) set({ status: 'ready', result });
      } catch (error) {
        if (current()) set({ status: 'failed', error: errorText(error) });
      }
    },

    clear() {
      set(EMPTY);
    },
  }));
