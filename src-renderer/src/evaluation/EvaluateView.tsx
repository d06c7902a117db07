/**
 * Evaluation of the last training run: the headline scores, the confusion
 * matrix, per-class scores, the decision boundary for two-input models (live
 * while training), a playground to try the model, and the samples it got
 * wrong.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { SplitName } from '../../../shared/ipc/services';
import { datasetKey } from '../training/dataset-store';
import { builtinDataset, kindOfShape } from '../training/datasets';
import { trainingService, useDatasetStore, useTrainingStore } from '../training/use-training';
import { useViewStore } from '../views/store';
import { ClassScores } from './ClassScores';
import { ConfusionMatrix } from './ConfusionMatrix';
import { DecisionBoundary } from './DecisionBoundary';
import { EvaluationSummary } from './EvaluationSummary';
import { MistakesGallery } from './MistakesGallery';
import { modelShapes } from './model-shapes';
import { Playground } from './Playground';
import { RegressionChart } from './RegressionChart';
import { SplitPicker } from './SplitPicker';
import { useEvaluationStore } from './use-evaluation';
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

export function EvaluateView() {
  const runId = useTrainingStore((s) => s.runId);
  const status = useTrainingStore((s) => s.status);
  const project = useTrainingStore((s) => s.project);
  const done = useTrainingStore((s) => s.result);
  const epochCount = useTrainingStore((s) => s.epochs.length);
  const evaluated = useEvaluationStore((s) => (s.runId === runId ? s : null));
  const finished = status === 'done' || status === 'stopped';
  const splits = useMemo<SplitName[]>(() => (done ? [...(done.test ? (['test'] as const) : []), ...(done.validation ? (['validation'] as const) : []), 'train'] : ['train']), [done]);
  const [chosen, setChosen] = useState<SplitName | null>(null);
  const split = chosen && splits.includes(chosen) ? chosen : splits[0]!;

  const ref = project?.dataset;
  const described = useDatasetStore((s) => (ref ? s.described[datasetKey(ref)] : undefined));
  useEffect(() => {
    if (ref) void useDatasetStore.getState().describe(ref, { samples: builtinDataset(ref.name)?.kind === 'points' ? 256 : 24 });
  }, [ref]);
  useEffect(() => {
    if (runId && finished) void useEvaluationStore.getState().load(runId, split);
  }, [runId, finished, split]);

  const shapes = useMemo(() => (project ? modelShapes(project) : null), [project]);
  const description = described?.status === 'ready' ? described.description : null;
  const points = useMemo(() => {
    if (!description || description.inputShape.length !== 1 || description.inputShape[0] !== 2) return null;
    const p = new Float32Array(description.samples.length * 2);
    description.samples.forEach((s, i) => p.set([s.x[0]!, s.x[1]!], i * 2));
    return { points: p, labels: description.samples.map((s) => s.y) };
  }, [description]);

  if (!runId || !project || !shapes) {
    if (status === 'starting') return <Empty>Training is starting…</Empty>;
    if (status === 'failed') return <Empty>Training failed, so there is nothing to evaluate. The Train view says why.</Empty>;
    return (
      <Empty>
        <h2 className="panel__title">Nothing to evaluate yet</h2>
        <p className="hint">Train the model first. Its scores, its mistakes and a playground to try it on your own drawings appear here once training ends.</p>
      </Empty>
    );
  }

  const fromLogits = project.training?.fromLogits ?? false;
  const kind = builtinDataset(ref?.name)?.kind ?? kindOfShape(description?.inputShape ?? shapes.input ?? []);
  const result = evaluated?.split === split ? evaluated.result : null;
  const report = result?.report;
  const classes = result?.classes ?? description?.classes ?? [];
  const regression = description?.task === 'regression' || (result !== null && !report);
  const training = status === 'running' || status === 'starting' || status === 'stopping';

  return (
    <div className="evaluate-view" data-testid="evaluateview">
      <header className="evaluate-view__head">
        <div>
          <h2 className="evaluate-view__title">{project.name}</h2>
          <p className="hint">
            Trained on {builtinDataset(ref?.name)?.title ?? ref?.name ?? 'its dataset'}
            {training ? ' — training is still going; the scores appear when it ends.' : ''}
          </p>
        </div>
        <span className="evaluate-view__spacer" />
        {finished && <SplitPicker splits={splits} value={split} onPick={setChosen} />}
      </header>
      {evaluated?.status === 'failed' && (
        <p className="callout callout--error" role="alert" data-testid="evaluation-error">
          {evaluated.error}
        </p>
      )}
      {finished && !result && evaluated?.status === 'loading' && <p className="hint">Evaluating the model…</p>}
      {result && <EvaluationSummary result={result} />}
      <div className="evaluate-grid">
        {report && (
          <section className="panel" aria-labelledby="confusion-title">
            <h2 id="confusion-title" className="panel__title">
              Confusion matrix
            </h2>
            <ConfusionMatrix matrix={report.confusion} classes={classes} />
          </section>
        )}
        {report && (
          <section className="panel" aria-labelledby="scores-title">
            <h2 id="scores-title" className="panel__title">
              Scores by class
            </h2>
            <ClassScores report={report} classes={classes} />
          </section>
        )}
        {result && regression && (
          <section className="panel" aria-labelledby="regression-title">
            <h2 id="regression-title" className="panel__title">
              Predicted against true
            </h2>
            <RegressionChart result={result} />
          </section>
        )}
        {points && !regression && (
          <section className="panel" aria-labelledby="boundary-title">
            <h2 id="boundary-title" className="panel__title">
              Decision boundary
            </h2>
            <DecisionBoundary service={trainingService} runId={runId} version={`${epochCount}:${status}`} training={training} points={points.points} labels={points.labels} classes={classes} fromLogits={fromLogits} />
          </section>
        )}
        {finished && shapes.input && shapes.output && (
          <section className="panel" aria-labelledby="playground-title" data-testid="playground">
            <h2 id="playground-title" className="panel__title">
              Playground
            </h2>
            <Playground
              service={trainingService}
              runId={runId}
              datasetName={ref?.name ?? ''}
              kind={kind}
              inputShape={shapes.input}
              outputShape={shapes.output}
              classes={classes}
              fromLogits={fromLogits}
              regression={regression}
              {...(description?.features ? { features: description.features } : {})}
              {...(description?.samples[0] ? { example: description.samples[0].x } : {})}
            />
          </section>
        )}
        {result && report && (
          <section className="panel panel--wide" aria-labelledby="mistakes-title" data-testid="mistakes">
            <h2 id="mistakes-title" className="panel__title">
              Mistakes
            </h2>
            <MistakesGallery result={result} fromLogits={fromLogits} kind={kind} {...(description?.features ? { features: description.features } : {})} />
          </section>
        )}
      </div>
    </div>
  );
}
