/** What training minimises: the loss function, and whether the last layer gives raw scores (logits). */
import { CheckField } from './CheckField';
import { ChoiceField } from './ChoiceField';
import { LOSS_CHOICES } from './hyperparameters';
import type { TrainingConfigHandle } from './use-training-config';

export function LossFields({ config, update }: TrainingConfigHandle) {
  return (
    <>
      <ChoiceField label="Loss" value={config.loss} choices={LOSS_CHOICES} testId="hp-loss" onChoose={(loss) => update({ ...config, loss }, 'Change loss')} />
      <CheckField
        label="Outputs are logits"
        hint="Tick this when the last layer has no softmax or sigmoid: its outputs are raw scores, and the loss turns them into probabilities itself."
        checked={config.fromLogits}
        testId="hp-from-logits"
        onChange={(fromLogits) => update({ ...config, fromLogits }, fromLogits ? 'Read outputs as logits' : 'Read outputs as probabilities')}
      />
    </>
  );
}
