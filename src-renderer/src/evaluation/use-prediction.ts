/**
 * The model's answer for the playground's current input: asked whenever the
 * input changes, one request at a time, and only the newest input is sent
 * when the person draws faster than the model answers.
 */
import { useEffect, useRef, useState } from 'react';
import type { Tensor, TrainingService } from '../../../shared/ipc/services';
import { errorText } from '../training/store';
import { LatestRequest } from './latest-request';

interface Ask {
  readonly runId: string;
  readonly input: Tensor;
}

export function usePrediction(service: TrainingService, runId: string | null, input: Tensor | null): { outputs: Float32Array | null; error: string | null } {
  const [outputs, setOutputs] = useState<Float32Array | null>(null);
  const [error, setError] = useState<string | null>(null);
  const requests = useRef<LatestRequest<Ask, Float32Array> | null>(null);
  requests.current ??= new LatestRequest(
    (ask) => service.predict(ask.runId, ask.input),
    (_ask, outcome) => {
      if (outcome.ok) {
        setOutputs(outcome.value);
        setError(null);
      } else setError(errorText(outcome.error));
    },
  );

  useEffect(() => () => requests.current?.close(), []);
  useEffect(() => {
    requests.current!.want(runId && input ? { runId, input } : null);
    if (!input) setOutputs(null);
  }, [runId, input]);

  return { outputs, error };
}
