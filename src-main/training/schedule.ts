/**
 * Learning-rate schedules, applied at the start of each epoch, with Keras's
 * meanings. Reduce-on-plateau also watches the validation loss.
 */
import type { TrainingConfig } from '../../shared/graph/schema';

type Schedule = NonNullable<TrainingConfig['schedule']>;

export class LearningRate {
  private current: number;
  private best = Infinity;
  private wait = 0;

  constructor(private readonly base: number, private readonly schedule: Schedule | undefined, private readonly epochs: number) {
    this.current = base;
  }

  /** The rate for a 0-based epoch. */
  forEpoch(epoch: number): number {
    const s = this.schedule;
    if (!s) return this.base;
    switch (s.type) {
      case 'step':
        return this.base * s.gamma ** Math.floor(epoch / s.step_size);
      case 'exponential':
        return this.base * s.gamma ** epoch;
      case 'cosine':
        return s.min_learning_rate + 0.5 * (this.base - s.min_learning_rate) * (1 + Math.cos((Math.PI * epoch) / Math.max(1, this.epochs)));
      case 'reduce_on_plateau':
        return this.current;
    }
  }

  /** Feeds the epoch's validation loss to reduce-on-plateau. */
  observe(valLoss: number): void {
    const s = this.schedule;
    if (s?.type !== 'reduce_on_plateau') return;
    if (valLoss < this.best - 1e-4) {
      this.best = valLoss;
      this.wait = 0;
    } else if (++this.wait > s.patience) {
      this.current *= s.factor;
      this.wait = 0;
    }
  }
}
