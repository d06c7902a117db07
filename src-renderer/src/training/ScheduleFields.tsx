/** The learning-rate schedule and the numbers each kind needs. */
import type { TrainingConfig } from '../../../shared/graph/schema';
import { ChoiceField } from './ChoiceField';
import { SCHEDULE_CHOICES, scheduleType, withSchedule } from './hyperparameters';
import { NumberField } from './NumberField';

type Update = (next: TrainingConfig, label: string, field?: string) => void;

function StepFields({ config, update }: { config: TrainingConfig; update: Update }) {
  const s = config.schedule;
  if (!s || s.type === 'cosine') {
    return s ? (
      <NumberField label="Lowest rate" hint="Where the rate ends at the last epoch." value={s.min_learning_rate} rule={{ min: 0 }} testId="hp-schedule-min" onCommit={(v) => update({ ...config, schedule: { ...s, min_learning_rate: v! } }, 'Change schedule', 'schedule.min')} />
    ) : null;
  }
  switch (s.type) {
    case 'step':
      return (
        <div className="tfield-row">
          <NumberField label="Every … epochs" value={s.step_size} rule={{ integer: true, min: 1 }} testId="hp-schedule-step" onCommit={(v) => update({ ...config, schedule: { ...s, step_size: v! } }, 'Change schedule', 'schedule.step')} />
          <NumberField label="Multiply by" value={s.gamma} rule={{ min: 0, above: true }} testId="hp-schedule-gamma" onCommit={(v) => update({ ...config, schedule: { ...s, gamma: v! } }, 'Change schedule', 'schedule.gamma')} />
        </div>
      );
    case 'exponential':
      return <NumberField label="Multiply by, each epoch" hint="0.95 lowers the rate by 5% per epoch." value={s.gamma} rule={{ min: 0, above: true }} testId="hp-schedule-gamma" onCommit={(v) => update({ ...config, schedule: { ...s, gamma: v! } }, 'Change schedule', 'schedule.gamma')} />;
    case 'reduce_on_plateau':
      return (
        <div className="tfield-row">
          <NumberField label="Multiply by" value={s.factor} rule={{ min: 0, max: 1 }} testId="hp-schedule-factor" onCommit={(v) => update({ ...config, schedule: { ...s, factor: v! } }, 'Change schedule', 'schedule.factor')} />
          <NumberField label="After … epochs without progress" value={s.patience} rule={{ integer: true, min: 0 }} testId="hp-schedule-patience" onCommit={(v) => update({ ...config, schedule: { ...s, patience: v! } }, 'Change schedule', 'schedule.patience')} />
        </div>
      );
  }
}

export function ScheduleFields({ config, update }: { config: TrainingConfig; update: Update }) {
  return (
    <>
      <ChoiceField label="Learning-rate schedule" value={scheduleType(config)} choices={SCHEDULE_CHOICES} testId="hp-schedule" onChoose={(type) => update(withSchedule(config, type), 'Change schedule')} />
      <StepFields config={config} update={update} />
    </>
  );
}
