/**
 * Resuming a past run from the run list: fetch the project it trained, hand
 * the run to the training store (which follows it from then on) and show the
 * Train view, where its progress and curves appear.
 */
import type { RunSummary } from '../../../shared/ipc/services';
import { useTrainingStore } from '../training/use-training';
import { useViewStore } from '../views/store';
import { useRunsStore } from './use-runs';

/** Rejects, with a message for the person, when the run's project cannot be read; the run's own failures show in the Train view. */
export async function resumePastRun(run: RunSummary): Promise<void> {
  const project = await useRunsStore.getState().projectOf(run.runId);
  useViewStore.getState().show('train');
  await useTrainingStore.getState().resumeRun(run.runId, project, run.history);
}
