/** How the model learns: the optimizer, its learning rate (and SGD's momentum), and the learning-rate schedule. */
import { ChoiceField } from './ChoiceField';
import { OPTIMIZER_CHOICES, withOptimizer } from './hyperparameters';
import { NumberField } from './NumberField';
import { ScheduleFields } from './ScheduleFields';
import type { TrainingConfigHandle } from './use-training-config';

export function OptimizerFields({ config, update }: TrainingConfigHandle) {
  const o = config.optimizer;
  return (
    <>
      <ChoiceField label="Optimizer" value={o.type} choices={OPTIMIZER_CHOICES} testId="hp-optimizer" onChoose={(type) => update(withOptimizer(config, type), 'Change optimizer')} />
      <NumberField
        label="Learning rate"
        hint="How big a step the weights take after each batch. Too high and the loss jumps about or explodes; too low and learning crawls. Try 0.001 for Adam, 0.01–0.1 for SGD."
        value={o.learning_rate}
        rule={{ min: 0, above: true }}
        testId="hp-learning-rate"
        onCommit={(v) => update({ ...config, optimizer: { ...o, learning_rate: v! } }, 'Change learning rate', 'learning_rate')}
      />
      {o.type === 'sgd' && (
        <NumberField
          label="Momentum"
          hint="Keeps part of the last step’s direction, like a ball rolling downhill, so learning speeds up along steady slopes. 0.9 is common; 0 turns it off."
          value={o.momentum ?? 0}
          rule={{ min: 0, max: 1 }}
          testId="hp-momentum"
          onCommit={(v) => update({ ...config, optimizer: { ...o, momentum: v! } }, 'Change momentum', 'momentum')}
        />
      )}
      <ScheduleFields config={config} update={update} />
    </>
  );
}
