/**
 * The training settings as the hyperparameter form edits them: the choices it
 * offers, each with a line a newcomer can read, the defaults a setting takes
 * when it is switched on, and pure edits from one TrainingConfig to the next.
 * Every result is checked against the project schema before the form stores
 * it, so the document never holds settings the trainer would reject.
 */
import { TrainingSchema, type Loss, type OptimizerName, type TrainingConfig } from '../../../shared/graph/schema';

export interface Choice<T extends string> {
  readonly value: T;
  readonly label: string;
  readonly hint: string;
}

export const OPTIMIZER_CHOICES: readonly Choice<OptimizerName>[] = [
  { value: 'adam', label: 'Adam', hint: 'Adapts the step size for every weight on its own. A good first choice.' },
  { value: 'adamw', label: 'AdamW', hint: 'Adam that also shrinks the weights a little each step (weight decay), which can help it generalise.' },
  { value: 'sgd', label: 'SGD', hint: 'Plain gradient descent: every weight takes a step downhill of the same size. Simple, but needs a well-chosen learning rate.' },
  { value: 'rmsprop', label: 'RMSprop', hint: 'Scales each step by how large that weight’s recent gradients were. Often used for recurrent networks.' },
  { value: 'adagrad', label: 'Adagrad', hint: 'Takes smaller steps for weights that have already moved a lot. Its steps shrink over time.' },
];

export const LOSS_CHOICES: readonly Choice<Loss>[] = [
  { value: 'binary_crossentropy', label: 'Binary cross-entropy', hint: 'For yes/no answers: one output that says how likely “yes” is.' },
  { value: 'sparse_categorical_crossentropy', label: 'Sparse categorical cross-entropy', hint: 'For picking one of several classes, when each label is the number of its class.' },
  { value: 'categorical_crossentropy', label: 'Categorical cross-entropy', hint: 'For picking one of several classes, when each label is a one-hot row (1 for the class, 0 elsewhere).' },
  { value: 'mean_squared_error', label: 'Mean squared error', hint: 'For predicting numbers: the average of the squared differences. Big mistakes count a lot.' },
  { value: 'mean_absolute_error', label: 'Mean absolute error', hint: 'For predicting numbers: the average distance from the true value.' },
  { value: 'huber', label: 'Huber', hint: 'For predicting numbers: squared error for small mistakes, absolute error for big ones, so outliers pull less.' },
  { value: 'log_cosh', label: 'Log-cosh', hint: 'For predicting numbers: like Huber, smooth everywhere.' },
  { value: 'hinge', label: 'Hinge', hint: 'For yes/no answers with labels −1 and 1, as support vector machines use.' },
  { value: 'kl_divergence', label: 'KL divergence', hint: 'How far one probability distribution is from another.' },
];

export type ScheduleType = 'constant' | NonNullable<TrainingConfig['schedule']>['type'];

export const SCHEDULE_CHOICES: readonly Choice<ScheduleType>[] = [
  { value: 'constant', label: 'Constant', hint: 'The same learning rate for the whole run.' },
  { value: 'step', label: 'Step decay', hint: 'Multiply the rate by a factor every few epochs.' },
  { value: 'exponential', label: 'Exponential decay', hint: 'Multiply the rate by a factor after every epoch.' },
  { value: 'cosine', label: 'Cosine', hint: 'Lower the rate smoothly, along half a cosine wave, to a minimum at the last epoch.' },
  { value: 'reduce_on_plateau', label: 'Reduce on plateau', hint: 'Lower the rate when the validation loss stops improving.' },
];

export const MONITOR_CHOICES: readonly Choice<NonNullable<TrainingConfig['earlyStopping']>['monitor']>[] = [
  { value: 'val_loss', label: 'Validation loss', hint: 'Stop when the loss on held-out data stops falling.' },
  { value: 'val_accuracy', label: 'Validation accuracy', hint: 'Stop when the accuracy on held-out data stops rising.' },
  { value: 'loss', label: 'Training loss', hint: 'Stop when the loss on the training data stops falling.' },
];

/** What a project without training settings starts from. */
export const DEFAULT_TRAINING: TrainingConfig = {
  loss: 'sparse_categorical_crossentropy',
  fromLogits: false,
  optimizer: { type: 'adam', learning_rate: 0.001 },
  epochs: 10,
  batchSize: 32,
  metrics: ['accuracy'],
};

/** The defaults for a model: one output is a yes/no answer (binary cross-entropy), several are classes. */
export function defaultTraining(outputUnits: number | undefined): TrainingConfig {
  return outputUnits === 1 ? { ...DEFAULT_TRAINING, loss: 'binary_crossentropy' } : DEFAULT_TRAINING;
}

export function scheduleType(t: TrainingConfig): ScheduleType {
  return t.schedule?.type ?? 'constant';
}

/** A schedule of the given type with sensible starting values. */
export function withSchedule(t: TrainingConfig, type: ScheduleType): TrainingConfig {
  const { schedule: _, ...rest } = t;
  switch (type) {
    case 'constant':
      return rest;
    case 'step':
      return { ...rest, schedule: { type, step_size: Math.max(1, Math.round(t.epochs / 4)), gamma: 0.5 } };
    case 'exponential':
      return { ...rest, schedule: { type, gamma: 0.95 } };
    case 'cosine':
      return { ...rest, schedule: { type, min_learning_rate: 0 } };
    case 'reduce_on_plateau':
      return { ...rest, schedule: { type, factor: 0.5, patience: 5 } };
  }
}

export function withOptimizer(t: TrainingConfig, type: OptimizerName): TrainingConfig {
  // Settings that only one optimizer understands do not carry over.
  return { ...t, optimizer: { type, learning_rate: t.optimizer.learning_rate, ...(type === 'sgd' ? { momentum: t.optimizer.momentum ?? 0 } : {}) } };
}

export function withEarlyStopping(t: TrainingConfig, on: boolean): TrainingConfig {
  const { earlyStopping: _, ...rest } = t;
  return on ? { ...rest, earlyStopping: { monitor: t.validationSplit ? 'val_loss' : 'loss', patience: 5, minDelta: 0 } } : rest;
}

/** Sets an optional number; undefined (or 0, for the penalties) removes the key so the file stays clean. */
export function withOptional(t: TrainingConfig, key: 'l1' | 'l2' | 'validationSplit' | 'seed', value: number | undefined): TrainingConfig {
  const next: TrainingConfig = { ...t };
  if (value === undefined || (value === 0 && key !== 'seed')) delete next[key];
  else next[key] = value;
  return next;
}

/** The settings if the schema accepts them, else null (the form then keeps the old ones). */
export function checked(t: TrainingConfig): TrainingConfig | null {
  const result = TrainingSchema.safeParse(t);
  return result.success ? result.data : null;
}

/** How a number field reads and checks its text. */
export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  /** The lower bound itself is not allowed (a learning rate must be above 0). */
  readonly above?: boolean;
  readonly integer?: boolean;
  /** An empty box means "not set". */
  readonly optional?: boolean;
}

export type Parsed = { readonly ok: true; readonly value: number | undefined } | { readonly ok: false; readonly message: string };

/** Reads a number box: "0.001", "1e-3" and "1,000" all work; the message says what is allowed. */
export function parseNumber(text: string, rule: NumberRule): Parsed {
  const trimmed = text.trim().replace(/[,_\s]/g, '');
  if (trimmed === '') return rule.optional ? { ok: true, value: undefined } : { ok: false, message: 'Enter a number.' };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { ok: false, message: `“${text.trim()}” is not a number.` };
  if (rule.integer && !Number.isInteger(value)) return { ok: false, message: 'Enter a whole number.' };
  if (rule.min !== undefined && (rule.above ? value <= rule.min : value < rule.min)) return { ok: false, message: rule.above ? `Must be more than ${rule.min}.` : `Must be at least ${rule.min}.` };
  if (rule.max !== undefined && value > rule.max) return { ok: false, message: `Must be at most ${rule.max}.` };
  return { ok: true, value };
}

/** Numbers as a person would type them: 0.001, 1e-6, 32, no trailing float noise. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined) return '';
  if (value !== 0 && (Math.abs(value) < 1e-4 || Math.abs(value) >= 1e7)) return value.toExponential().replace('e+', 'e');
  return String(Number(value.toPrecision(12)));
}
