/**
 * Against overfitting: L1 and L2 weight penalties and the share of the data
 * held out for validation (which is also what the validation curves show).
 */
import { withOptional } from './hyperparameters';
import { NumberField } from './NumberField';
import type { TrainingConfigHandle } from './use-training-config';

export function GeneralisationFields({ config, update }: TrainingConfigHandle) {
  return (
    <>
      <div className="tfield-row">
        <NumberField label="L1 penalty" placeholder="off" value={config.l1} rule={{ min: 0, optional: true }} testId="hp-l1" onCommit={(v) => update(withOptional(config, 'l1', v), 'Change L1 penalty', 'l1')} />
        <NumberField label="L2 penalty" placeholder="off" value={config.l2} rule={{ min: 0, optional: true }} testId="hp-l2" onCommit={(v) => update(withOptional(config, 'l2', v), 'Change L2 penalty', 'l2')} />
      </div>
      <p className="tfield__hint tfield__hint--block">Penalties add the size of the weights to the loss, which pushes the model towards simpler answers that carry over better to new data. L1 drives many weights to exactly zero; L2 keeps them all small. Try 0.0001 to 0.01.</p>
      <NumberField
        label="Validation share"
        hint="The fraction of training samples set aside to check the model on data it never learns from, e.g. 0.2 for 20%. Empty: none, unless the dataset brings its own."
        placeholder="none"
        value={config.validationSplit}
        rule={{ min: 0, max: 0.9, optional: true }}
        testId="hp-validation-split"
        onCommit={(v) => update(withOptional(config, 'validationSplit', v), 'Change validation share', 'validationSplit')}
      />
    </>
  );
}
