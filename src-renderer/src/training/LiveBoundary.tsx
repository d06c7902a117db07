/**
 * The decision boundary beside the curves while a two-input model trains, as
 * TensorFlow Playground shows it: the plane coloured by the model's answer,
 * redrawn after every epoch from the weights of that moment, with the hidden
 * neurons' pictures folded beneath (the first layers only, small: the column
 * is narrow).
 */
import { useMemo, useState } from 'react';
import { DecisionBoundary } from '../evaluation/DecisionBoundary';
import { NeuronMaps } from '../evaluation/NeuronMaps';
import { planePoints } from '../evaluation/plane-points';
import { datasetKey } from './dataset-store';
import { trainingService, useDatasetStore, useTrainingStore } from './use-training';

export function LiveBoundary() {
  const runId = useTrainingStore((s) => s.runId);
  const status = useTrainingStore((s) => s.status);
  const project = useTrainingStore((s) => s.project);
  const epochCount = useTrainingStore((s) => s.epochs.length);
  const ref = project?.dataset;
  // The Data column has already described the dataset the run trains on.
  const described = useDatasetStore((s) => (ref ? s.described[datasetKey(ref)] : undefined));
  const description = described?.status === 'ready' ? described.description : null;
  const points = useMemo(() => planePoints(description), [description]);
  const [neuronsOpen, setNeuronsOpen] = useState(true);
  if (!runId || !project || !points || !description) return null;
  const training = status === 'running' || status === 'starting' || status === 'stopping';
  const version = `${epochCount}:${status}`;
  return (
    <section className="panel__section" aria-labelledby="live-boundary-title" data-testid="live-boundary">
      <h3 id="live-boundary-title">
        What the model answers now
      </h3>
      <DecisionBoundary service={trainingService} runId={runId} version={version} training={training} points={points.points} labels={points.labels} classes={description.classes ?? []} fromLogits={project.training?.fromLogits ?? false} />
      <details className="neuron-maps-fold" open={neuronsOpen} onToggle={(e) => setNeuronsOpen(e.currentTarget.open)} data-testid="live-neurons">
        <summary>Neurons</summary>
        {/* Closed, it asks for nothing. */}
        {neuronsOpen && <NeuronMaps service={trainingService} runId={runId} version={version} training={training} points={points.points} maxLayers={2} tileSize={36} />}
      </details>
    </section>
  );
}
