/** How long training runs: epochs, batch size, and early stopping. */
import { CheckField } from './CheckField';
import { ChoiceField } from './ChoiceField';
import { MONITOR_CHOICES, withEarlyStopping } from './hyperparameters';
import { NumberField } from './NumberField';
import type { TrainingConfigHandle } from './use-training-config';

export function LengthFields({ config, update }: TrainingConfigHandle) {
  const early = config.earlyStopping;
  return (
    <>
      <div className="tfield-row">
        <NumberField label="Epochs" hint="Passes over the whole training set." value={config.epochs} rule={{ integer: true, min: 1, max: 100_000 }} testId="hp-epochs" onCommit={(v) => update({ ...config, epochs: v! }, 'Change epochs', 'epochs')} />
        <NumberField label="Batch size" hint="Samples per step: the weights change once per batch." value={config.batchSize} rule={{ integer: true, min: 1, max: 65_536 }} testId="hp-batch-size" onCommit={(v) => update({ ...config, batchSize: v! }, 'Change batch size', 'batchSize')} />
      </div>
      <CheckField
        label="Stop early"
        hint="End training when the model stops getting better, and keep the best weights it had."
        checked={!!early}
        testId="hp-early-stopping"
        onChange={(on) => update(withEarlyStopping(config, on), on ? 'Turn on early stopping' : 'Turn off early stopping')}
      />
      {early && (
        <div className="tfield-group">
          <ChoiceField label="Watch" value={early.monitor} choices={MONITOR_CHOICES} testId="hp-early-monitor" onChoose={(monitor) => update({ ...config, earlyStopping: { ...early, monitor } }, 'Change early stopping')} />
          <div className="tfield-row">
            <NumberField label="Patience (epochs)" hint="Epochs to wait for an improvement." value={early.patience} rule={{ integer: true, min: 0 }} testId="hp-early-patience" onCommit={(v) => update({ ...config, earlyStopping: { ...early, patience: v! } }, 'Change patience', 'patience')} />
            <NumberField label="Smallest improvement" hint="Changes smaller than this do not count." value={early.minDelta} rule={{ min: 0 }} testId="hp-early-delta" onCommit={(v) => update({ ...config, earlyStopping: { ...early, minDelta: v! } }, 'Change smallest improvement', 'minDelta')} />
          </div>
        </div>
      )}
    </>
  );
}
