/**
 * Weights from earlier sessions. A project opened after its training ended
 * (another day, a reloaded page) has no weights in the store, though its runs
 * folder keeps them: this finds the newest ended run of a project with the
 * same name whose model needs exactly the weights the open graph needs (names
 * and shapes, read from the project the run trained, so nothing is fetched to
 * decide), and fetches that run's weights.
 */
import { compile } from '../../../shared/compiler';
import { paramShapes } from '../../../shared/export/weights-fit';
import type { Project } from '../../../shared/graph';
import type { IRGraph } from '../../../shared/ir/graph';
import type { RunSummary, TrainingService } from '../../../shared/ipc/services';
import { startedOf } from './follow-training';
import { knownWeights, type KnownWeights, type WeightsOrigin } from './model-weights';

const sameShapes = (a: ReadonlyMap<string, readonly number[]>, b: ReadonlyMap<string, readonly number[]>) =>
  a.size === b.size && [...a].every(([name, shape]) => {
    const other = b.get(name);
    return other !== undefined && other.length === shape.length && other.every((d, i) => d === shape[i]);
  });

/** Whether a past run trained a model whose weights the graph `ir` of `project` can carry. */
export function runFits(run: RunSummary, project: Project, ir: IRGraph): boolean {
  if (!run.trained || run.trained.name !== project.name || run.status === 'running' || run.history.length === 0) return false;
  const trained = compile(run.trained, { keepOnnxOps: true }).ir;
  return trained !== undefined && sameShapes(paramShapes(trained), paramShapes(ir));
}

/** The run's last recorded accuracy: validation when it was validated, else training. */
function lastAccuracy(run: RunSummary): Extract<WeightsOrigin, { kind: 'run' }>['accuracy'] {
  const last = run.history.at(-1);
  if (last?.valAccuracy !== undefined) return { split: 'validation', value: last.valAccuracy };
  return last ? { split: 'train', value: last.accuracy } : undefined;
}

/** The newest earlier run's weights that fit, for document `documentKey`; null when no run fits. */
export async function recallRunWeights(service: Pick<TrainingService, 'runs' | 'weights'>, project: Project, ir: IRGraph, documentKey: number): Promise<KnownWeights | null> {
  // runs() lists newest first.
  const run = (await service.runs()).find((r) => runFits(r, project, ir));
  if (!run) return null;
  const trained = await service.weights(run.runId);
  const accuracy = lastAccuracy(run);
  const origin: WeightsOrigin = { kind: 'run', runId: run.runId, started: startedOf(run.runId) ?? Date.parse(run.started), epoch: trained.epoch, ...(accuracy ? { accuracy } : {}) };
  return knownWeights(documentKey, origin, trained.weights, trained.project);
}
