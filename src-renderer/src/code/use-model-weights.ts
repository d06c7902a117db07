/**
 * The app's weights store (model-weights.ts), following the app's training
 * runs from the moment the page loads, and the plan for the open document:
 * which weights its exports carry.
 */
import { useMemo } from 'react';
import { compile } from '../../../shared/compiler';
import type { Project } from '../../../shared/graph';
import type { IRGraph } from '../../../shared/ir/graph';
import { useProjectStore } from '../project/store';
import { trainingService, useTrainingStore } from '../training/use-training';
import { followTraining } from './follow-training';
import { recallRunWeights } from './recall-runs';
import { createModelWeightsStore, planWeights, type ModelWeightsState, type WeightsPlan } from './model-weights';

export const useModelWeights = createModelWeightsStore();

const follower = followTraining(useTrainingStore, trainingService, useModelWeights, () => useProjectStore.getState().documentKey);

/** Waits for the weights of runs that just ended, so an export made at once still carries them. */
export const trainedWeightsSettled = (): Promise<void> => follower.settled();

const recalled = new Map<number, Promise<void>>();

/**
 * Once per document that has no weights of its own: looks for an earlier
 * session's run of it (recall-runs.ts). Failures are quiet: exports then
 * carry fresh weights and say so.
 */
export function recallEarlierRuns(project: Project, documentKey: number): Promise<void> {
  const asked = recalled.get(documentKey);
  if (asked) return asked;
  const ir = exportGraph(project);
  if (!ir || useModelWeights.getState().known.some((k) => k.documentKey === documentKey)) return Promise.resolve();
  const recall = recallRunWeights(trainingService, project, ir, documentKey).then(
    (found) => {
      // Weights that arrived meanwhile (a run that just ended) are newer.
      if (found && !useModelWeights.getState().known.some((k) => k.documentKey === documentKey)) useModelWeights.getState().add(found);
    },
    () => undefined,
  );
  recalled.set(documentKey, recall);
  return recall;
}

let last: { project: Project; ir: IRGraph | null } | null = null;

/** The graph exports are built from (imported ONNX ops kept, as exports.ts compiles it), remembered for the last project. */
export function exportGraph(project: Project): IRGraph | null {
  if (last?.project === project) return last.ir;
  const ir = compile(project, { keepOnnxOps: true }).ir ?? null;
  last = { project, ir };
  return ir;
}

/** Which weights an export of `project`, open as document `documentKey`, carries, given the store's state. */
function planFor(state: ModelWeightsState, project: Project, documentKey: number): WeightsPlan {
  const mine = state.known.some((k) => k.documentKey === documentKey);
  // Without weights of its own the document needs no compile to know it exports fresh ones.
  return planWeights(state, documentKey, mine ? exportGraph(project) : null, project.training?.seed ?? 0);
}

/** Which weights an export of `project`, open as document `documentKey`, carries now. */
export const weightsPlanFor = (project: Project, documentKey: number): WeightsPlan => planFor(useModelWeights.getState(), project, documentKey);

/** The same, for components: follows edits, new weights and the person's choice. */
export function useWeightsPlan(project: Project | null): WeightsPlan | null {
  const documentKey = useProjectStore((s) => s.documentKey);
  const known = useModelWeights((s) => s.known);
  const preferFresh = useModelWeights((s) => s.preferFresh);
  return useMemo(() => (project ? planFor({ known, preferFresh }, project, documentKey) : null), [project, documentKey, known, preferFresh]);
}
