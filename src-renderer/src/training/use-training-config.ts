/**
 * The open project's training settings for the form, and the one way the
 * form changes them: through the project store, so every change is an undo
 * step (quick changes to one field merge into one). Settings the schema
 * rejects are never stored.
 */
import { useCallback, useMemo } from 'react';
import type { Project, TrainingConfig } from '../../../shared/graph/schema';
import { useProjectStore } from '../project/store';
import { modelShapes } from '../evaluation/model-shapes';
import { checked, defaultTraining } from './hyperparameters';

export interface TrainingConfigHandle {
  readonly config: TrainingConfig;
  /** The project has no settings of its own yet: the form shows the defaults. */
  readonly isDefault: boolean;
  update(next: TrainingConfig, label: string, field?: string): void;
}

/** The project's training settings, or the defaults that suit its model. */
export function trainingOf(project: Project): TrainingConfig {
  return project.training ?? defaultTraining(modelShapes(project).output?.at(-1));
}

export function useTrainingConfig(): TrainingConfigHandle {
  const project = useProjectStore((s) => s.project);
  const training = project?.training;
  const config = useMemo(() => (project ? trainingOf(project) : defaultTraining(undefined)), [project]);
  const update = useCallback((next: TrainingConfig, label: string, field?: string) => {
    const valid = checked(next);
    if (valid) useProjectStore.getState().setTraining(valid, label, field);
  }, []);
  return { config, isDefault: !training, update };
}
