/**
 * The Evaluate view: the runs on the left, the evaluation of one on the
 * right. It follows the run this window trains, live, until the person picks
 * a past run from the list; training again goes back to following.
 */
import type { ReactNode } from 'react';
import { useTrainingStore } from '../training/use-training';
import { useViewStore } from '../views/store';
import { RunEvaluation, type Subject } from './RunEvaluation';
import { RunList } from './RunList';
import { useRunsStore } from './use-runs';
import '../training/panels.css';
import './evaluate.css';

function Empty({ children }: { children: ReactNode }) {
  return (
    <div className="evaluate-empty" data-testid="evaluate-empty">
      <div className="panel">
        {children}
        <button type="button" className="button button--primary" onClick={() => useViewStore.getState().show('train')}>
          Go to Train
        </button>
      </div>
    </div>
  );
}

/** The run this window trains, if it has one to show. */
function useLiveSubject(): Subject | null {
  const runId = useTrainingStore((s) => s.runId);
  const status = useTrainingStore((s) => s.status);
  const project = useTrainingStore((s) => s.project);
  const done = useTrainingStore((s) => s.result);
  const epochCount = useTrainingStore((s) => s.epochs.length);
  if (!runId || !project) return null;
  return {
    runId,
    project,
    done,
    finished: status === 'done' || status === 'stopped',
    training: status === 'running' || status === 'starting' || status === 'stopping',
    version: `${epochCount}:${status}`,
  };
}

/** The past run picked from the list, with the project it trained. */
function PastRun({ runId }: { runId: string }) {
  const run = useRunsStore((s) => s.runs.find((r) => r.runId === runId));
  const listing = useRunsStore((s) => s.status === 'loading');
  if (!run) return <p className="evaluate-view hint">{listing ? 'Opening the run…' : 'This run is no longer in the runs folder.'}</p>;
  if (!run.trained) {
    return (
      <div className="evaluate-view">
        <p className="callout callout--error" role="alert" data-testid="run-open-error">
          This run cannot be opened: its project.nwproj is missing or unreadable.
        </p>
      </div>
    );
  }
  return <RunEvaluation subject={{ runId, project: run.trained, done: null, finished: true, training: false, version: runId, past: run }} />;
}

function NothingYet() {
  const status = useTrainingStore((s) => s.status);
  const runs = useRunsStore((s) => s.runs.length);
  if (status === 'starting') return <Empty>Training is starting…</Empty>;
  if (status === 'failed') return <Empty>Training failed, so there is nothing to evaluate. The Train view says why.</Empty>;
  return (
    <Empty>
      <h2 className="panel__title">Nothing to evaluate yet</h2>
      <p className="hint">
        Train the model first. Its scores, its mistakes and a playground to try it on your own drawings appear here once training ends.
        {runs > 0 ? ' Or pick one of the past runs on the left.' : ''}
      </p>
    </Empty>
  );
}

export function EvaluateView() {
  const live = useLiveSubject();
  const selected = useRunsStore((s) => s.selected);
  return (
    <div className="evaluate-layout">
      <aside className="evaluate-layout__runs" aria-labelledby="runs-title">
        <h2 id="runs-title" className="panel__title">
          Runs
        </h2>
        <RunList variant="sidebar" />
      </aside>
      <div className="evaluate-layout__main">{selected ? <PastRun key={selected} runId={selected} /> : live ? <RunEvaluation key={live.runId} subject={live} /> : <NothingYet />}</div>
    </div>
  );
}
