/**
 * Keeps a decision-boundary picture up to date: asks the model about the grid
 * whenever `version` changes (each finished epoch, and the end of the run),
 * one request at a time, the newest wish winning. While a run trains, the
 * service answers between chunks of steps with the weights of that moment,
 * so the picture moves as the model learns. If it refuses (an error), it is
 * not asked again every epoch: the picture waits for the run to end.
 */
import { useEffect, useRef, useState } from 'react';
import type { TrainingService } from '../../../shared/ipc/services';
import { errorText } from '../training/store';
import { GRID_SIZE, gridInputs, type Extent } from './boundary';
import { LatestRequest } from './latest-request';

export interface BoundaryOutputs {
  /** The model's outputs for every grid cell, row by row from the top. */
  readonly outputs: Float32Array;
  readonly outputsPerPoint: number;
  /** The `version` they were computed for. */
  readonly version: string;
}

interface Ask {
  readonly runId: string;
  readonly extent: Extent;
  readonly version: string;
}

const CELLS = GRID_SIZE * GRID_SIZE;

export function useBoundary(service: TrainingService, runId: string | null, extent: Extent | null, version: string, training: boolean): { boundary: BoundaryOutputs | null; error: string | null } {
  const [boundary, setBoundary] = useState<BoundaryOutputs | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState(false);
  const trainingNow = useRef(training);
  trainingNow.current = training;
  const requests = useRef<LatestRequest<Ask, Float32Array> | null>(null);
  requests.current ??= new LatestRequest(
    (ask) => service.predict(ask.runId, { data: gridInputs(ask.extent), shape: [CELLS, 2] }),
    (ask, outcome) => {
      if (outcome.ok) {
        setBoundary({ outputs: outcome.value, outputsPerPoint: Math.max(1, Math.round(outcome.value.length / CELLS)), version: ask.version });
        setError(null);
      } else {
        setError(errorText(outcome.error));
        if (trainingNow.current) setRefused(true);
      }
    },
  );

  useEffect(() => () => requests.current?.close(), []);
  useEffect(() => {
    if (!training) setRefused(false);
  }, [training]);
  useEffect(() => {
    if (!runId || !extent) setBoundary(null);
    requests.current!.want(runId && extent && !(refused && training) ? { runId, extent, version } : null);
  }, [runId, extent, version, refused, training]);

  return { boundary, error };
}
