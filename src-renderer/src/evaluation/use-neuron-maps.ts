/**
 * Keeps the neuron maps of a run up to date: whenever `version` changes (each
 * finished epoch, the end of the run) it reads the run's weights as of its
 * last checkpoint and probes its hidden layers over the boundary's grid in the
 * probe worker, one request at a time, the newest wish winning. Before the
 * first epoch ends there are no weights yet: the maps wait for the next
 * version. A model that cannot be probed is not asked again every epoch.
 */
import { useEffect, useRef, useState } from 'react';
import type { TrainingService } from '../../../shared/ipc/services';
import { probeLayers, type Probed } from '../compute/probe';
import { errorText } from '../training/store';
import { GRID_SIZE, gridInputs, type Extent } from './boundary';
import { LatestRequest } from './latest-request';
import { hiddenLayers, type NeuronLayer } from './neuron-maps';

export interface NeuronMapsData {
  readonly runId: string;
  /** Every hidden layer of the run's model; only the first `maxLayers` are probed. */
  readonly layers: readonly NeuronLayer[];
  /** Each probed layer's output over the grid, [cells, units], by layer id. */
  readonly outputs: ReadonlyMap<string, Probed>;
  /** The epoch the weights are from. */
  readonly epoch: number;
  /** The `version` they were computed for. */
  readonly version: string;
}

interface Ask {
  readonly runId: string;
  readonly extent: Extent;
  readonly version: string;
}

/** Why the maps are missing: 'waiting' for the first epoch's weights, or 'failed' with a sentence to show. */
export type NeuronMapsProblem = { readonly kind: 'waiting' | 'failed'; readonly text: string } | null;

/** A probe refusal, as a sentence: the probe's own messages are clauses ("the weight … has 3 values, …"). */
class ProbeRefused extends Error {}

async function probeRun(service: TrainingService, ask: Ask, maxLayers: number): Promise<Omit<NeuronMapsData, 'version'>> {
  const run = await service.weights(ask.runId);
  const layers = hiddenLayers(run.project);
  const probed = layers.slice(0, maxLayers).map((l) => l.id);
  try {
    const outputs = await probeLayers(run.project, probed, run.weights, { data: gridInputs(ask.extent), shape: [GRID_SIZE * GRID_SIZE, 2] });
    return { runId: ask.runId, layers, outputs, epoch: run.epoch };
  } catch (error) {
    throw new ProbeRefused(`The neurons cannot be drawn: ${errorText(error)}`);
  }
}

export function useNeuronMaps(service: TrainingService, runId: string | null, extent: Extent | null, version: string, training: boolean, maxLayers: number): { maps: NeuronMapsData | null; problem: NeuronMapsProblem } {
  const [maps, setMaps] = useState<NeuronMapsData | null>(null);
  const [problem, setProblem] = useState<NeuronMapsProblem>(null);
  const [refused, setRefused] = useState(false);
  const trainingNow = useRef(training);
  trainingNow.current = training;
  const requests = useRef<LatestRequest<Ask, Omit<NeuronMapsData, 'version'>> | null>(null);
  requests.current ??= new LatestRequest(
    (ask) => probeRun(service, ask, maxLayers),
    (ask, outcome) => {
      if (outcome.ok) {
        setMaps({ ...outcome.value, version: ask.version });
        setProblem(null);
        return;
      }
      const probe = outcome.error instanceof ProbeRefused;
      // The weights are read from the last checkpoint: while the first epoch runs there is none yet, and the next version will have one.
      setProblem({ kind: !probe && trainingNow.current ? 'waiting' : 'failed', text: errorText(outcome.error) });
      if (probe && trainingNow.current) setRefused(true);
    },
  );

  useEffect(() => () => requests.current?.close(), []);
  useEffect(() => {
    if (!training) setRefused(false);
  }, [training]);
  useEffect(() => setProblem(null), [runId]);
  useEffect(() => {
    if (!runId || !extent) setMaps(null);
    requests.current!.want(runId && extent && !(refused && training) ? { runId, extent, version } : null);
  }, [runId, extent, version, refused, training]);

  // Another run's maps (just picked in the run list) are not this one's, not even for a moment.
  return { maps: maps?.runId === runId ? maps : null, problem };
}
