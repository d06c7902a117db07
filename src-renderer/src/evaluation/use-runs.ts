/**
 * The app's run list, on the same TrainingService as the Train view. When
 * this window starts (or resumes) a run, the Evaluate view goes back to
 * following it, and the list is read again whenever a run starts or ends, so
 * it shows that run and how it finished.
 */
import { trainingService, useTrainingStore } from '../training/use-training';
import { createRunsStore } from './runs-store';

export const useRunsStore = createRunsStore(trainingService);

const ENDED = new Set(['done', 'stopped', 'failed']);

useTrainingStore.subscribe((now, before) => {
  const runs = useRunsStore.getState();
  const newRun = now.runId !== null && now.runId !== before.runId;
  if (newRun) runs.select(null);
  // Only once the list has been asked for: the connection to the services opens on first use.
  const ended = now.status !== before.status && ENDED.has(now.status);
  if (runs.status !== 'idle' && (newRun || ended)) void runs.refresh();
});
