/**
 * Keeps the weights of each training run as it ends (finished, or stopped
 * with a checkpoint), for the document that was open when it started, so
 * exports carry what the person trained. The weights are fetched once per
 * ending: a resumed run that ends again replaces its earlier ones.
 */
import type { StoreApi } from 'zustand';
import type { TrainingService } from '../../../shared/ipc/services';
import type { DoneEvent, TrainingState } from '../training/store';
import { knownWeights, type ModelWeightsStore, type WeightsOrigin } from './model-weights';

export interface TrainingFollower {
  /** Resolves once the weights of every run that has ended so far are in the store (or known to be missing). */
  settled(): Promise<void>;
  stop(): void;
}

interface RunStart {
  readonly documentKey: number;
  readonly started: number;
}

/** The trained model's accuracy on the most telling split it was measured on. */
function accuracyOf(result: DoneEvent | null): Extract<WeightsOrigin, { kind: 'run' }>['accuracy'] {
  for (const split of ['test', 'validation', 'train'] as const) {
    const value = result?.[split]?.accuracy;
    if (value !== undefined) return { split, value };
  }
  return undefined;
}

/**
 * When a run started, from its id: the TrainingService names runs by their
 * start, "2025-03-01T14-32-05-123Z-xor" (src-main/services/training.ts).
 * Undefined for ids of another form.
 */
export function startedOf(runId: string): number | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z/.exec(runId);
  return match ? Date.parse(`${match[1]}T${match[2]}:${match[3]}:${match[4]}.${match[5]}Z`) : undefined;
}

export function followTraining(
  training: Pick<StoreApi<TrainingState>, 'subscribe'>,
  service: Pick<TrainingService, 'weights'>,
  store: Pick<StoreApi<ModelWeightsStore>, 'getState'>,
  documentKey: () => number,
  now: () => number = Date.now,
): TrainingFollower {
  const runs = new Map<string, RunStart>();
  let starting: RunStart | null = null;
  const fetching = new Set<Promise<void>>();

  const keep = (runId: string, run: RunStart, result: DoneEvent | null) => {
    const accuracy = accuracyOf(result);
    const task = service.weights(runId).then(
      (trained) => {
        const origin: WeightsOrigin = { kind: 'run', runId, started: run.started, epoch: trained.epoch, ...(accuracy ? { accuracy } : {}) };
        store.getState().add(knownWeights(run.documentKey, origin, trained.weights, trained.project));
      },
      // A run stopped before its first epoch ended has no checkpoint: there are no trained weights to carry.
      () => undefined,
    );
    fetching.add(task);
    void task.finally(() => fetching.delete(task));
  };

  const stop = training.subscribe((s, before) => {
    if (s.status === 'starting' && before.status !== 'starting') starting = { documentKey: documentKey(), started: now() };
    if (s.runId && s.runId !== before.runId && !runs.has(s.runId)) {
      // A past run resumed from the Evaluate view has no 'starting': it belongs to the document open now.
      runs.set(s.runId, { documentKey: starting?.documentKey ?? documentKey(), started: startedOf(s.runId) ?? starting?.started ?? now() });
      starting = null;
    }
    const run = s.runId ? runs.get(s.runId) : undefined;
    if (run && s.status !== before.status && (s.status === 'done' || s.status === 'stopped')) keep(s.runId!, run, s.result);
  });

  return {
    settled: async () => {
      await Promise.all([...fetching]);
    },
    stop,
  };
}
