/**
 * The numbers behind the live charts and the progress bar, shaped from the
 * training store's events. The x axis is in epochs: the running average
 * within an epoch sits at a fraction (2.5 = halfway through the third epoch)
 * and each finished epoch's record sits on the whole number, replacing the
 * running value there. Validation exists only at whole epochs.
 */
import type { EpochRecord } from '../../../shared/ipc/services';
import type { LivePoint, ProgressEvent, StartEvent } from './store';

/** One chart's data: the x values and, for each series, a value or a gap (null) at each x. */
export interface ChartSeries {
  readonly x: number[];
  readonly training: (number | null)[];
  /** null when the run has no validation data. */
  readonly validation: (number | null)[] | null;
}

export type ChartMetric = 'loss' | 'accuracy' | 'mae';

/** Regression runs report mean absolute error where classification runs report accuracy. */
export function secondMetric(epochs: readonly EpochRecord[]): 'accuracy' | 'mae' {
  return epochs.some((e) => e.mae !== undefined) ? 'mae' : 'accuracy';
}

function epochValue(e: EpochRecord, metric: ChartMetric): number | undefined {
  return metric === 'loss' ? e.loss : metric === 'accuracy' ? e.accuracy : e.mae;
}

function validationValue(e: EpochRecord, metric: ChartMetric): number | undefined {
  return metric === 'loss' ? e.valLoss : metric === 'accuracy' ? e.valAccuracy : undefined;
}

export function chartSeries(live: readonly LivePoint[], epochs: readonly EpochRecord[], metric: ChartMetric): ChartSeries {
  const training = new Map<number, number>();
  // Running values first (progress reports carry loss and accuracy only), then epoch records over them.
  if (metric !== 'mae') for (const p of live) training.set(p.x, metric === 'loss' ? p.loss : p.accuracy);
  const validation = new Map<number, number>();
  for (const e of epochs) {
    const t = epochValue(e, metric);
    if (t !== undefined) training.set(e.epoch, t);
    const v = validationValue(e, metric);
    if (v !== undefined) validation.set(e.epoch, v);
  }
  const x = [...new Set([...training.keys(), ...validation.keys()])].sort((a, b) => a - b);
  return {
    x,
    training: x.map((v) => training.get(v) ?? null),
    validation: validation.size ? x.map((v) => validation.get(v) ?? null) : null,
  };
}

export interface OverallProgress {
  /** 0 to 1 over the whole run. */
  readonly fraction: number;
  /** 1-based, the epoch being trained now. */
  readonly epoch: number;
  readonly epochs: number;
  /** Seconds until the run ends, or null before there is anything to measure. */
  readonly etaSeconds: number | null;
}

/**
 * How far the run has come and how long the rest will take. The session's
 * own ETA covers only the current epoch; later epochs are assumed to take as
 * long as the finished ones did on average (validation included), or, before
 * any has finished, as long as the current pace says.
 */
export function overallProgress(info: StartEvent, progress: ProgressEvent | null, epochs: readonly EpochRecord[]): OverallProgress {
  const total = Math.max(1, info.epochs);
  const finished = epochs.length ? epochs.at(-1)!.epoch : (info.resumedFrom ?? 0);
  const inEpoch = progress && progress.epoch > finished ? progress.step / Math.max(1, progress.stepsPerEpoch) : 0;
  const current = progress && progress.epoch > finished ? progress.epoch : finished + 1;
  const fraction = Math.min(1, (finished + inEpoch) / total);
  const counted = epochs.filter((e) => e.seconds > 0);
  const perEpoch = counted.length
    ? counted.reduce((s, e) => s + e.seconds, 0) / counted.length
    : progress && progress.samplesPerSec > 0
      ? (progress.stepsPerEpoch * info.batchSize) / progress.samplesPerSec
      : null;
  let etaSeconds: number | null = null;
  if (perEpoch !== null) {
    const thisEpoch = progress && progress.epoch > finished ? progress.etaSeconds : perEpoch;
    etaSeconds = Math.max(0, thisEpoch + Math.max(0, total - current) * perEpoch);
  }
  return { fraction, epoch: Math.min(current, total), epochs: total, etaSeconds };
}

/** "about 3 minutes", "12 seconds", "1 h 05 min": rough on purpose, an ETA is an estimate. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  if (s < 1) return 'less than a second';
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`;
  const m = Math.round(s / 60);
  if (m < 60) return `about ${m} minute${m === 1 ? '' : 's'}`;
  const h = Math.floor(s / 3600);
  return `${h} h ${String(Math.round((s - h * 3600) / 60)).padStart(2, '0')} min`;
}

/** 0.9731 → "97.3%". */
export function formatPercent(value: number | undefined, digits = 1): string {
  return value === undefined || !Number.isFinite(value) ? '—' : `${(value * 100).toFixed(digits)}%`;
}

/** Loss values span orders of magnitude; four significant digits read well from 12.34 down to 0.0001234. */
export function formatLoss(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  return Math.abs(value) >= 1000 ? value.toFixed(0) : value.toPrecision(4);
}
