/**
 * Resuming a past run from the run list: hand the run, with the project it
 * trained, to the training store (which follows it from then on) and show the
 * Train view, where its progress and curves appear.
 */
import type { RunSummary } from '../../../shared/ipc/services';
import { useTrainingStore } from '../training/use-training';
import { useViewStore } from '../views/store';

/** Rejects, with a message for the person, when the run's project cannot be read; the run's own failures show in the Train view. */
export async function resumePastRun(run: RunSummary): Promise<void> {
  const project = run.trained;
  if (!project) throw new Error(`The run "${run.runId}" has no readable project.nwproj, so it cannot be resumed.`);
  useViewStore.getState().show('train');
  await useTrainingStore.getState().resumeRun(run.runId, project, run.history);
}
