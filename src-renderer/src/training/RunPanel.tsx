/** The Run column: the buttons, where training runs, the progress, how it ended, the live curves (and boundary, for 2-D data), and the project's earlier runs. */
import { RunList } from '../evaluation/RunList';
import { useViewStore } from '../views/store';
import { BackendNote } from './BackendNote';
import { LiveBoundary } from './LiveBoundary';
import { MetricChart } from './MetricChart';
import { RunOutcome } from './RunOutcome';
import { RunProgress } from './RunProgress';
import { secondMetric } from './series';
import { TrainControls } from './TrainControls';
import { useTrainingStore } from './use-training';

export function RunPanel() {
  const status = useTrainingStore((s) => s.status);
  const runId = useTrainingStore((s) => s.runId);
  const info = useTrainingStore((s) => s.info);
  const progress = useTrainingStore((s) => s.progress);
  const epochs = useTrainingStore((s) => s.epochs);
  const live = useTrainingStore((s) => s.live);
  const result = useTrainingStore((s) => s.result);
  const error = useTrainingStore((s) => s.error);
  const running = status === 'running' || status === 'stopping';
  return (
    <section className="panel panel--run" data-testid="run-panel" data-run-id={runId ?? undefined} aria-labelledby="run-title">
      <h2 id="run-title" className="panel__title">
        Training
      </h2>
      <TrainControls />
      {error && (
        <p className="callout callout--error" role="alert" data-testid="train-error">
          {error}
        </p>
      )}
      {info && <BackendNote info={info} />}
      {info && <RunProgress info={info} progress={progress} epochs={epochs} running={running} />}
      {result && <RunOutcome result={result} />}
      {result && result.reason !== 'stopped' && (
        <button type="button" className="button" data-testid="go-evaluate" onClick={() => useViewStore.getState().show('evaluate')}>
          See the evaluation →
        </button>
      )}
      {info && (
        <div className="charts">
          <MetricChart metric="loss" live={live} epochs={epochs} />
          <MetricChart metric={secondMetric(epochs)} live={live} epochs={epochs} />
        </div>
      )}
      {info && <LiveBoundary />}
      {status === 'idle' && <p className="hint">Press Train to start. The loss (how wrong the model is, lower is better) and the accuracy appear here as it learns, for the training data and, when there is some, for the validation data it never learns from.</p>}
      <section className="panel__section" aria-labelledby="earlier-runs-title" data-testid="earlier-runs">
        <h3 id="earlier-runs-title">Earlier runs</h3>
        <RunList variant="panel" onPicked={() => useViewStore.getState().show('evaluate')} />
      </section>
    </section>
  );
}
