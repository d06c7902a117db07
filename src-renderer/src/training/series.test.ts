/** Chart series and the overall progress, from the session's events. */
import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../../../shared/ipc/services';
import { chartSeries, formatDuration, formatPercent, overallProgress, secondMetric } from './series';
import type { LivePoint, ProgressEvent, StartEvent } from './store';

const record = (epoch: number, extra: Partial<EpochRecord> = {}): EpochRecord => ({ epoch, loss: 1 / epoch, accuracy: epoch / 10, samplesPerSec: 100, learningRate: 0.01, seconds: 2, ...extra });
const live = (x: number, loss: number): LivePoint => ({ x, loss, accuracy: x / 10 });

describe('chartSeries', () => {
  const cases: { name: string; live: LivePoint[]; epochs: EpochRecord[]; metric: 'loss' | 'accuracy' | 'mae'; expected: ReturnType<typeof chartSeries> }[] = [
    {
      name: 'running values between epochs, records on whole epochs, no validation',
      live: [live(0.5, 2), live(1, 1.5), live(1.5, 0.9)],
      epochs: [record(1)],
      metric: 'loss',
      expected: { x: [0.5, 1, 1.5], training: [2, 1, 0.9], validation: null },
    },
    {
      name: 'validation only at whole epochs, gaps elsewhere',
      live: [live(0.5, 2), live(1.5, 0.9)],
      epochs: [record(1, { valLoss: 1.2 }), record(2, { valLoss: 0.8 })],
      metric: 'loss',
      expected: { x: [0.5, 1, 1.5, 2], training: [2, 1, 0.9, 0.5], validation: [null, 1.2, null, 0.8] },
    },
    {
      name: 'accuracy from live points and records',
      live: [live(0.5, 2)],
      epochs: [record(1, { valAccuracy: 0.05 })],
      metric: 'accuracy',
      expected: { x: [0.5, 1], training: [0.05, 0.1], validation: [null, 0.05] },
    },
    {
      name: 'mean absolute error exists only in epoch records',
      live: [live(0.5, 2)],
      epochs: [record(1, { mae: 0.3 }), record(2, { mae: 0.2 })],
      metric: 'mae',
      expected: { x: [1, 2], training: [0.3, 0.2], validation: null },
    },
    { name: 'nothing yet', live: [], epochs: [], metric: 'loss', expected: { x: [], training: [], validation: null } },
  ];
  for (const c of cases) {
    it(c.name, () => expect(chartSeries(c.live, c.epochs, c.metric)).toEqual(c.expected));
  }

  it('picks MAE for regression runs', () => {
    expect(secondMetric([record(1)])).toBe('accuracy');
    expect(secondMetric([record(1, { mae: 0.1 })])).toBe('mae');
  });
});

describe('overallProgress', () => {
  const info: StartEvent = { event: 'start', backend: 'webgpu', adapter: 'x', epochs: 10, stepsPerEpoch: 100, batchSize: 10, params: 1 };
  const progress = (epoch: number, step: number, eta: number): ProgressEvent => ({ event: 'progress', epoch, step, stepsPerEpoch: 100, loss: 1, accuracy: 0, samplesPerSec: 500, etaSeconds: eta });

  it('before any epoch ends, estimates from the pace', () => {
    const p = overallProgress(info, progress(1, 50, 1), []);
    expect(p.fraction).toBeCloseTo(0.05);
    expect(p.epoch).toBe(1);
    // 1 s left in this epoch, then 9 epochs of 100 steps × 10 samples at 500/s.
    expect(p.etaSeconds).toBeCloseTo(1 + 9 * 2);
  });

  it('after epochs end, uses their average duration', () => {
    const p = overallProgress(info, progress(3, 25, 3), [record(1, { seconds: 4 }), record(2, { seconds: 6 })]);
    expect(p.fraction).toBeCloseTo(0.225);
    expect(p.epoch).toBe(3);
    expect(p.etaSeconds).toBeCloseTo(3 + 7 * 5);
  });

  it('between an epoch record and the next progress report, counts whole epochs', () => {
    const p = overallProgress(info, progress(2, 100, 0), [record(1), record(2)]);
    expect(p.fraction).toBeCloseTo(0.2);
    expect(p.epoch).toBe(3);
    expect(p.etaSeconds).toBeCloseTo(8 * 2);
  });

  it('has no ETA before anything is measured and starts from a resumed epoch', () => {
    const p = overallProgress({ ...info, resumedFrom: 4 }, null, []);
    expect(p.etaSeconds).toBeNull();
    expect(p.fraction).toBeCloseTo(0.4);
    expect(p.epoch).toBe(5);
  });
});

describe('formatting', () => {
  it.each([
    [0.2, 'less than a second'],
    [1, '1 second'],
    [42, '42 seconds'],
    [150, 'about 3 minutes'],
    [3900, '1 h 05 min'],
  ])('formatDuration(%s) = %s', (s, text) => expect(formatDuration(s)).toBe(text));

  it('formats percentages and missing values', () => {
    expect(formatPercent(0.9731)).toBe('97.3%');
    expect(formatPercent(undefined)).toBe('—');
  });
});
