/**
 * What the run list says about each past run, worked out from its
 * RunSummary alone: the open project's runs apart from the others, newest
 * first; the final figures from the last epoch of its history; whether it can
 * be evaluated or resumed, and if not, why; and which splits it can be
 * evaluated on.
 */
import type { EpochRecord, RunStatus, RunSummary, SplitName } from '../../../shared/ipc/services';

export interface RunGroups {
  /** Runs of the project that is open (matched by name). */
  readonly thisProject: readonly RunSummary[];
  readonly others: readonly RunSummary[];
}

/** Newest first; a run with no start time (a folder left by a crash) goes last, by id. */
export function byNewest(a: RunSummary, b: RunSummary): number {
  if (a.started !== b.started) {
    if (!a.started) return 1;
    if (!b.started) return -1;
    return a.started < b.started ? 1 : -1;
  }
  return b.runId.localeCompare(a.runId);
}

export function groupRuns(runs: readonly RunSummary[], projectName: string | null): RunGroups {
  const sorted = [...runs].sort(byNewest);
  const mine = (r: RunSummary) => projectName !== null && r.project === projectName;
  return { thisProject: sorted.filter(mine), others: sorted.filter((r) => !mine(r)) };
}

export const STATUS_TEXT: Readonly<Record<RunStatus, string>> = {
  running: 'Training',
  completed: 'Completed',
  early_stopping: 'Stopped early',
  stopped: 'Stopped',
  interrupted: 'Interrupted',
  error: 'Failed',
};

/** The last epoch's figures: what the model scored when the run ended. */
export type FinalFigures = Pick<EpochRecord, 'loss' | 'accuracy' | 'valLoss' | 'valAccuracy' | 'mae'>;

export function finalFigures(run: RunSummary): FinalFigures | null {
  const last = run.history.at(-1);
  if (!last) return null;
  const { loss, accuracy, valLoss, valAccuracy, mae } = last;
  return { loss, accuracy, ...(valLoss !== undefined ? { valLoss } : {}), ...(valAccuracy !== undefined ? { valAccuracy } : {}), ...(mae !== undefined ? { mae } : {}) };
}

/** The training loss, epoch by epoch, for the sparkline. */
export const lossCurve = (run: RunSummary): number[] => run.history.map((e) => e.loss).filter(Number.isFinite);

/** "12 / 20 epochs", or "12 epochs" when the plan is unknown or was met. */
export function epochsText(run: RunSummary): string {
  const planned = run.plannedEpochs;
  const unit = (n: number) => `epoch${n === 1 ? '' : 's'}`;
  const n = (v: number) => v.toLocaleString();
  return planned !== undefined && planned !== run.epochs ? `${n(run.epochs)} / ${n(planned)} ${unit(planned)}` : `${n(run.epochs)} ${unit(run.epochs)}`;
}

/** The start time in the person's own locale, the year only when it is not this one; a plain word when the run never recorded one. */
export function startedText(iso: string, locale?: string, now = new Date()): string {
  const at = new Date(iso);
  if (!iso || Number.isNaN(at.getTime())) return 'Unknown time';
  const year = at.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' as const };
  return at.toLocaleString(locale, { day: 'numeric', month: 'short', ...year, hour: '2-digit', minute: '2-digit' });
}

/**
 * Whether a run can be evaluated: it needs a checkpoint, which the session
 * writes at the end of each epoch (so a run with no epoch in its history has
 * none), and it must not be training elsewhere. `liveRunId` is the run this
 * window trains, which is shown live instead.
 */
export function unavailableReason(run: RunSummary, liveRunId: string | null): string | null {
  if (run.runId === liveRunId) return null;
  if (run.status === 'running') return 'Still training. It can be evaluated once it ends.';
  if (run.history.length === 0) {
    return run.status === 'error' ? 'It failed before its first epoch ended, so there is no trained model to evaluate.' : 'No checkpoint: it stopped before its first epoch ended, so there is no trained model to evaluate.';
  }
  if (!run.trained) return 'Its folder has no readable project.nwproj (a run made by `netwright train` keeps only its history), so its model cannot be rebuilt here.';
  return null;
}

/** A stopped or interrupted run with a checkpoint and epochs left to train can carry on. */
export function canResume(run: RunSummary): boolean {
  return (run.status === 'stopped' || run.status === 'interrupted') && run.history.length > 0 && run.trained !== undefined && run.epochs < (run.plannedEpochs ?? Infinity);
}

/**
 * The splits a past run can be evaluated on, best first: its dataset's test
 * split, the validation data it was checked against every epoch (its history
 * then has validation figures), and always the training data.
 */
export function pastSplits(run: RunSummary, hasTestSplit: boolean): SplitName[] {
  const validated = run.history.some((e) => e.valLoss !== undefined);
  return [...(hasTestSplit ? (['test'] as const) : []), ...(validated ? (['validation'] as const) : []), 'train'];
}

/** Where a run trained, in a word or two. */
export function backendName(backend: string | undefined): string | null {
  if (!backend) return null;
  return backend === 'reference' ? 'CPU' : backend === 'webgpu' ? 'WebGPU' : backend;
}
