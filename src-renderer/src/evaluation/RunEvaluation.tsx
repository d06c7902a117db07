/**
 * The evaluation of one run: the headline scores, the confusion matrix,
 * per-class scores, the decision boundary and each hidden neuron's picture
 * for two-input models (live while training), a playground to try the model,
 * and the samples it got wrong.
 * The run is either the one this window trains or a past one picked from the
 * run list; either way its own project says what data and model it had.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Project } from '../../../shared/graph/schema';
import type { RunSummary, SplitName } from '../../../shared/ipc/services';
import { useProjectStore } from '../project/store';
import { datasetKey } from '../training/dataset-store';
import { builtinDataset, describeSamples, kindOfShape } from '../training/datasets';
import type { DoneEvent } from '../training/store';
import { trainingService, useDatasetStore } from '../training/use-training';
import { ClassScores } from './ClassScores';
import { ConfusionMatrix } from './ConfusionMatrix';
import { DecisionBoundary } from './DecisionBoundary';
import { EvaluationSummary } from './EvaluationSummary';
import { MistakesGallery } from './MistakesGallery';
import { modelDifference } from './model-difference';
import { modelShapes } from './model-shapes';
import { NeuronMaps } from './NeuronMaps';
import { epochsText, pastSplits, startedText, STATUS_TEXT } from './past-runs';
import { planePoints } from './plane-points';
import { Playground } from './Playground';
import { RegressionChart } from './RegressionChart';
import { SplitPicker } from './SplitPicker';
import { useEvaluationStore } from './use-evaluation';

export interface Subject {
  readonly runId: string;
  /** The project the run trained: its dataset, loss and model. */
  readonly project: Project;
  /** How the live run ended (which splits it has); null while it trains, and for a past run. */
  readonly done: DoneEvent | null;
  readonly finished: boolean;
  readonly training: boolean;
  /** Changes whenever the run's model may have changed, so the decision boundary redraws. */
  readonly version: string;
  /** Set when the run was picked from the run list. */
  readonly past?: RunSummary;
}

/** The live run's splits, from how it ended. */
const liveSplits = (done: DoneEvent | null): SplitName[] => (done ? [...(done.test ? (['test'] as const) : []), ...(done.validation ? (['validation'] as const) : []), 'train'] : ['train']);

/** What to tell the person when the run's model is not the one on the canvas. */
function differenceNote(open: Project | null, trained: Project, past: RunSummary | undefined): string | null {
  if (!open) return null;
  if (past && past.project !== open.name) return `This run belongs to the project “${past.project}”, not the one that is open. Its own model is the one evaluated here.`;
  return modelDifference(open, trained);
}

function RunHeading({ subject }: { subject: Subject }) {
  const { past, project, training } = subject;
  const ref = project.dataset;
  const lastCheckpoint = past && past.status !== 'completed' && past.status !== 'early_stopping';
  return (
    <div>
      <h2 className="evaluate-view__title">{project.name}</h2>
      {past && (
        <p className="hint" data-testid="evaluated-run" data-run-id={past.runId}>
          Run of {startedText(past.started)} · {STATUS_TEXT[past.status]} · {epochsText(past)}
          {lastCheckpoint ? ' — the model as of its last checkpoint' : ''}
        </p>
      )}
      <p className="hint">
        Trained on {builtinDataset(ref?.name)?.title ?? ref?.name ?? 'its dataset'}
        {training ? ' — training is still going; the scores appear when it ends.' : ''}
      </p>
    </div>
  );
}

export function RunEvaluation({ subject }: { subject: Subject }) {
  const { runId, project, done, finished, training, past } = subject;
  const evaluated = useEvaluationStore((s) => (s.runId === runId ? s : null));
  const open = useProjectStore((s) => s.project);
  const note = useMemo(() => differenceNote(open, project, past), [open, project, past]);

  const ref = project.dataset;
  const described = useDatasetStore((s) => (ref ? s.described[datasetKey(ref)] : undefined));
  useEffect(() => {
    if (ref) void useDatasetStore.getState().describe(ref, { samples: describeSamples(ref) });
  }, [ref]);

  // A past run's splits depend on its dataset (has it a test split?), so they wait for its description.
  const splits = useMemo<SplitName[] | null>(() => {
    if (!past) return liveSplits(done);
    if (described?.status === 'ready') return pastSplits(past, (described.description.counts.test ?? 0) > 0);
    return described?.status === 'failed' || !ref ? pastSplits(past, false) : null;
  }, [past, done, described, ref]);
  const [chosen, setChosen] = useState<SplitName | null>(null);
  const split = chosen && splits?.includes(chosen) ? chosen : (splits?.[0] ?? null);
  useEffect(() => {
    if (finished && split) void useEvaluationStore.getState().load(runId, split);
  }, [runId, finished, split]);

  const shapes = useMemo(() => modelShapes(project), [project]);
  const description = described?.status === 'ready' ? described.description : null;
  const points = useMemo(() => planePoints(description), [description]);

  const fromLogits = project.training?.fromLogits ?? false;
  const kind = builtinDataset(ref?.name)?.kind ?? kindOfShape(description?.inputShape ?? shapes.input ?? []);
  const result = evaluated?.split === split ? evaluated.result : null;
  const report = result?.report;
  const classes = result?.classes ?? description?.classes ?? [];
  const regression = description?.task === 'regression' || (result !== null && !report);

  return (
    <div className="evaluate-view" data-testid="evaluateview" data-run-id={runId}>
      <header className="evaluate-view__head">
        <RunHeading subject={subject} />
        <span className="evaluate-view__spacer" />
        {finished && splits && split && <SplitPicker splits={splits} value={split} onPick={setChosen} />}
      </header>
      {note && (
        <p className="callout callout--warning" data-testid="run-differs">
          {note}
        </p>
      )}
      {described?.status === 'failed' && (
        <p className="callout callout--error" role="alert" data-testid="evaluation-data-error">
          The run’s dataset could not be read: {described.error}
        </p>
      )}
      {evaluated?.status === 'failed' && (
        <p className="callout callout--error" role="alert" data-testid="evaluation-error">
          {evaluated.error}
        </p>
      )}
      {finished && !result && evaluated?.status !== 'failed' && <p className="hint">{past ? 'Rebuilding the model from its checkpoint and evaluating it…' : 'Evaluating the model…'}</p>}
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
            <DecisionBoundary service={trainingService} runId={runId} version={subject.version} training={training} points={points.points} labels={points.labels} classes={classes} fromLogits={fromLogits} />
            <h3 className="neuron-maps__title">Hidden neurons</h3>
            <NeuronMaps service={trainingService} runId={runId} version={subject.version} training={training} points={points.points} />
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
