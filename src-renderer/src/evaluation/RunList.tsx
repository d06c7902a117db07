/**
 * The past runs, to pick one to evaluate or to resume one: the open
 * project's runs first, each with when it ran, how it ended, its epochs, its
 * final scores, its loss curve and where it trained. A run without a trained
 * model is listed but cannot be picked, and says why.
 */
import { useEffect, useState } from 'react';
import type { RunSummary } from '../../../shared/ipc/services';
import { useProjectStore } from '../project/store';
import { formatLoss, formatPercent } from '../training/series';
import { errorText } from '../training/store';
import { useTrainingStore } from '../training/use-training';
import { backendName, canResume, epochsText, finalFigures, groupRuns, lossCurve, startedText, STATUS_TEXT, unavailableReason } from './past-runs';
import { resumePastRun } from './resume-run';
import { Sparkline } from './Sparkline';
import { useRunsStore } from './use-runs';
import './run-list.css';

function Figures({ run }: { run: RunSummary }) {
  const f = finalFigures(run);
  if (!f) return null;
  const val = (v: number | undefined, format: (v: number) => string) => (v !== undefined ? <span className="muted"> · val. {format(v)}</span> : null);
  return (
    <span className="run-item__figures" data-testid="run-figures" title="At the last epoch: on the training data, and on the validation data (val.) when there is some">
      {f.mae !== undefined ? <span>Mean abs. error {formatLoss(f.mae)}</span> : <span>Accuracy {formatPercent(f.accuracy)}{val(f.valAccuracy, formatPercent)}</span>}
      <span>Loss {formatLoss(f.loss)}{val(f.valLoss, formatLoss)}</span>
    </span>
  );
}

interface ItemProps {
  readonly run: RunSummary;
  readonly live: boolean;
  readonly shown: boolean;
  /** Name the run's project: it is not the open one. */
  readonly named: boolean;
  /** Why it cannot be picked, or null. */
  readonly reason: string | null;
  /** Another run is training here, so this one cannot resume now. */
  readonly busy: boolean;
  onPick(run: RunSummary): void;
  onResume(run: RunSummary): void;
}

function RunItem({ run, live, shown, named, reason, busy, onPick, onResume }: ItemProps) {
  const started = startedText(run.started);
  const backend = backendName(run.backend);
  return (
    <li className={`run-item${shown ? ' run-item--shown' : ''}`} data-testid="run-item" data-run-id={run.runId} data-status={run.status} data-selectable={reason === null} data-shown={shown}>
      <button type="button" className="run-item__pick" disabled={reason !== null} aria-current={shown ? 'true' : undefined} onClick={() => onPick(run)}>
        <span className="run-item__head">
          <span className="run-item__when">{started}</span>
          <span className={`run-status run-status--${run.status}`}>{STATUS_TEXT[run.status]}</span>
        </span>
        {named && <span className="run-item__project">{run.project}</span>}
        <span className="run-item__body">
          <span className="run-item__facts">
            <span>
              {live && <span className="run-badge">Current</span>}
              {epochsText(run)}
              {backend ? ` · ${backend}` : ''}
            </span>
            <Figures run={run} />
          </span>
          <Sparkline values={lossCurve(run)} label={`Loss over ${run.history.length} epochs`} />
        </span>
      </button>
      {reason && (
        <p className="run-item__reason" data-testid="run-unavailable">
          {reason}
        </p>
      )}
      {canResume(run) && !live && (
        <button type="button" className="button run-item__resume" disabled={busy} title={busy ? 'Another run is training: stop it first.' : `Carry on from epoch ${run.epochs}`} data-testid="run-resume" onClick={() => onResume(run)}>
          Resume
        </button>
      )}
    </li>
  );
}

export interface RunListProps {
  /** sidebar: every run, grouped (the Evaluate view). panel: the open project's earlier runs only, a few (the Train view). */
  readonly variant: 'sidebar' | 'panel';
  /** After a run was picked (the Train view then shows the Evaluate view). */
  onPicked?(): void;
}

/** Rows the Train view's panel shows at most; the Evaluate view lists them all. */
const PANEL_ROWS = 5;

export function RunList({ variant, onPicked }: RunListProps) {
  const runs = useRunsStore((s) => s.runs);
  const status = useRunsStore((s) => s.status);
  const error = useRunsStore((s) => s.error);
  const selected = useRunsStore((s) => s.selected);
  const liveRunId = useTrainingStore((s) => s.runId);
  const liveStatus = useTrainingStore((s) => s.status);
  const projectName = useProjectStore((s) => s.project?.name ?? null);
  const [resumeError, setResumeError] = useState<string | null>(null);
  useEffect(() => void useRunsStore.getState().refresh(), []);

  const busy = liveStatus === 'starting' || liveStatus === 'running' || liveStatus === 'stopping';
  const shownId = selected ?? liveRunId;
  const groups = groupRuns(runs, projectName);
  const pick = (run: RunSummary) => {
    useRunsStore.getState().select(run.runId === liveRunId ? null : run.runId);
    onPicked?.();
  };
  const resume = (run: RunSummary) => {
    setResumeError(null);
    resumePastRun(run).catch((e: unknown) => setResumeError(errorText(e)));
  };
  const items = (list: readonly RunSummary[], named = false) => (
    <ul className="run-list__items">
      {list.map((run) => (
        <RunItem key={run.runId} run={run} live={run.runId === liveRunId} shown={variant === 'sidebar' && run.runId === shownId} named={named} reason={unavailableReason(run, liveRunId)} busy={busy} onPick={pick} onResume={resume} />
      ))}
    </ul>
  );

  const earlier = groups.thisProject.filter((r) => r.runId !== liveRunId);
  const empty = variant === 'sidebar' ? runs.length === 0 : earlier.length === 0;
  return (
    <div className={`run-list run-list--${variant}`} data-testid="run-list" data-status={status}>
      {error && (
        <p className="callout callout--error" role="alert" data-testid="run-list-error">
          {error}
        </p>
      )}
      {resumeError && (
        <p className="callout callout--error" role="alert" data-testid="run-resume-error">
          {resumeError}
        </p>
      )}
      {empty && status === 'ready' && <p className="hint">{variant === 'sidebar' ? 'No runs yet. Each time you train, the run is kept here to evaluate or compare later.' : 'No earlier runs of this project.'}</p>}
      {variant === 'panel' ? (
        <>
          {items(earlier.slice(0, PANEL_ROWS))}
          {earlier.length > PANEL_ROWS && <p className="hint">The Evaluate view lists all {earlier.length}.</p>}
        </>
      ) : (
        <>
          {groups.thisProject.length > 0 && (
            <section aria-label="Runs of this project">
              <h3 className="run-list__group">This project</h3>
              {items(groups.thisProject)}
            </section>
          )}
          {groups.others.length > 0 && (
            <section aria-label="Runs of other projects">
              <h3 className="run-list__group">Other projects</h3>
              {items(groups.others, true)}
            </section>
          )}
        </>
      )}
    </div>
  );
}
