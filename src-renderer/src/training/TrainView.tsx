/** Training: pick a dataset, set the hyperparameters, train and watch it learn. */
import { DatasetPanel } from './DatasetPanel';
import { HyperparameterPanel } from './HyperparameterPanel';
import { RunPanel } from './RunPanel';
import './train.css';

export function TrainView() {
  return (
    <div className="train-view" data-testid="trainview">
      <div className="train-view__column">
        <DatasetPanel />
      </div>
      <div className="train-view__column">
        <HyperparameterPanel />
      </div>
      <div className="train-view__column train-view__column--main">
        <RunPanel />
      </div>
    </div>
  );
}
