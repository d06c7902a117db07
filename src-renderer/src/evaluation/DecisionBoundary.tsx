/**
 * The decision boundary of a two-input model, as TensorFlow Playground draws
 * it: the plane coloured by what the model predicts there, with the data on
 * top. It is redrawn after every epoch while training runs.
 */
import { useMemo } from 'react';
import type { TrainingService } from '../../../shared/ipc/services';
import { boundaryPixels, extentOf, GRID_SIZE } from './boundary';
import { ClassLegend } from './ClassLegend';
import { PlanePlot } from './PlanePlot';
import { useSurfaceColor } from './surface-color';
import { useBoundary } from './use-boundary';
import './boundary.css';

export interface DecisionBoundaryProps {
  readonly service: TrainingService;
  readonly runId: string | null;
  /** Changes whenever the model may have changed: the epoch count and the run's status. */
  readonly version: string;
  readonly training: boolean;
  readonly points: Float32Array;
  readonly labels: readonly number[];
  readonly classes: readonly string[];
  readonly fromLogits: boolean;
}

export function DecisionBoundary({ service, runId, version, training, points, labels, classes, fromLogits }: DecisionBoundaryProps) {
  const extent = useMemo(() => (points.length ? extentOf(points) : null), [points]);
  const { boundary, error } = useBoundary(service, runId, extent, version, training);
  // The colours are mixed into the theme's background.
  const background = useSurfaceColor();
  const picture = useMemo(
    () => (boundary ? { pixels: boundaryPixels(boundary.outputs, boundary.outputsPerPoint, fromLogits, background), gridSize: GRID_SIZE } : null),
    [boundary, fromLogits, background],
  );
  if (!extent) return <p className="hint">Loading the data points…</p>;
  return (
    <div className="boundary" data-testid="decision-boundary" data-version={boundary?.version ?? ''}>
      <PlanePlot points={points} labels={labels} extent={extent} boundary={picture} size={300} label="The decision boundary: the plane coloured by the class the model predicts, with the training points on top" testId="boundary-canvas" />
      <div className="boundary__side">
        <ClassLegend classes={classes} />
        <p className="hint">
          Each point is a training sample, coloured by its true class. The background shows what the model would answer there: strong colour where it is sure, pale where it hesitates.
          {training && ' It is redrawn after every epoch.'}
        </p>
        {error && (
          <p className="callout callout--info" data-testid="boundary-waiting">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
