/** The app's evaluation store, on the same TrainingService as the Train view. */
import { trainingService } from '../training/use-training';
import { createEvaluationStore } from './store';

export const useEvaluationStore = createEvaluationStore(trainingService);
