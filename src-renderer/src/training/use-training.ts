/**
 * The app's training and dataset stores, wired to the real services
 * (compute/services.ts). Kept apart from store.ts so unit tests build stores
 * on a fake service without opening a connection.
 */
import { services } from '../compute/services';
import { createDatasetStore } from './dataset-store';
import { createTrainingStore } from './store';

export const trainingService = services.training;
export const dataService = services.data;

export const useTrainingStore = createTrainingStore(trainingService);
export const useDatasetStore = createDatasetStore(dataService);
