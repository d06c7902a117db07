/**
 * The Settings column: every training setting, grouped by what it is about.
 * Changes go into the project (saved with it, undoable with Ctrl+Z) and
 * apply to the next run.
 */
import { GeneralisationFields } from './GeneralisationFields';
import { LengthFields } from './LengthFields';
import { LossFields } from './LossFields';
import { OptimizerFields } from './OptimizerFields';
import { useTrainingConfig } from './use-training-config';

export function HyperparameterPanel() {
  const handle = useTrainingConfig();
  return (
    <section className="panel" data-testid="hyperparameters" aria-labelledby="settings-title">
      <h2 id="settings-title" className="panel__title">
        Settings
      </h2>
      {handle.isDefault && <p className="hint">This project has no training settings yet; these are the defaults. Changing one saves them all with the project.</p>}
      <section className="panel__section">
        <h3>Learning</h3>
        <OptimizerFields {...handle} />
      </section>
      <section className="panel__section">
        <h3>Length</h3>
        <LengthFields {...handle} />
      </section>
      <section className="panel__section">
        <h3>Loss</h3>
        <LossFields {...handle} />
      </section>
      <section className="panel__section">
        <h3>Generalisation</h3>
        <GeneralisationFields {...handle} />
      </section>
    </section>
  );
}
