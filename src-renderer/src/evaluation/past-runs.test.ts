/** What the run list says about a run, from its RunSummary alone. */
import { describe, expect, it } from 'vitest';
import type { EpochRecord, RunSummary } from '../../../shared/ipc/services';
import type { Project } from '../../../shared/graph/schema';
import { backendName, byNewest, canResume, epochsText, finalFigures, groupRuns, lossCurve, pastSplits, startedText, unavailableReason } from './past-runs';

const XOR: Project = { format: 'netwright', version: 1, name: 'XOR', nodes: [], edges: [] };

const epoch = (n: number, extra: Partial<EpochRecord> = {}): EpochRecord => ({ epoch: n, loss: 1 / n, accuracy: 0.5 + n / 100, samplesPerSec: 100, learningRate: 0.1, seconds: 1, ...extra });

function run(runId: string, over: Partial<RunSummary> = {}): RunSummary {
  const history = over.history ?? [epoch(1), epoch(2)];
  return { runId, project: 'XOR', started: '2025-03-01T10:00:00.000Z', status: 'completed', epochs: history.length, plannedEpochs: 2, history, folder: `/runs/${runId}`, trained: XOR, ...over };
}

describe('grouping and order', () => {
  it('puts the open project first, newest first in each group, runs without a time last', () => {
    const runs = [
      run('a', { started: '2025-03-01T10:00:00.000Z' }),
      run('b', { started: '2025-03-02T10:00:00.000Z', project: 'MNIST' }),
      run('c', { started: '2025-03-03T10:00:00.000Z' }),
      run('d', { started: '' }),
      run('e', { started: '2025-03-01T09:00:00.000Z', project: 'MNIST' }),
    ];
    const groups = groupRuns(runs, 'XOR');
    expect(groups.thisProject.map((r) => r.runId)).toEqual(['c', 'a', 'd']);
    expect(groups.others.map((r) => r.runId)).toEqual(['b', 'e']);
  });

  it('with no project open, every run is another project’s', () => {
    const groups = groupRuns([run('a'), run('b')], null);
    expect(groups.thisProject).toEqual([]);
    expect(groups.others).toHaveLength(2);
  });

  it('runs started at the same moment order by id, the later id first', () => {
    expect([run('x-1'), run('x-2')].sort(byNewest).map((r) => r.runId)).toEqual(['x-2', 'x-1']);
  });
});

describe('figures', () => {
  it('takes the final figures from the last epoch, validation included when there is some', () => {
    const r = run('a', { history: [epoch(1, { valLoss: 0.9, valAccuracy: 0.4 }), epoch(2, { valLoss: 0.3, valAccuracy: 0.9 })] });
    expect(finalFigures(r)).toEqual({ loss: 0.5, accuracy: 0.52, valLoss: 0.3, valAccuracy: 0.9 });
    expect(finalFigures(run('b'))).toEqual({ loss: 0.5, accuracy: 0.52 });
    expect(finalFigures(run('c', { history: [] }))).toBeNull();
  });

  it('draws the loss curve from finite values only', () => {
    expect(lossCurve(run('a', { history: [epoch(1), epoch(2, { loss: Number.NaN }), epoch(4)] }))).toEqual([1, 0.25]);
  });

  it.each([
    [3, 10, '3 / 10 epochs'],
    [10, 10, '10 epochs'],
    [1, undefined, '1 epoch'],
    [0, 1, '0 / 1 epoch'],
  ])('%i epochs of %s read "%s"', (epochs, plannedEpochs, text) => {
    const { plannedEpochs: _, ...base } = run('a');
    expect(epochsText({ ...base, epochs, ...(plannedEpochs !== undefined ? { plannedEpochs } : {}) })).toBe(text);
  });

  it('says when a run has no start time instead of "Invalid Date"', () => {
    expect(startedText('')).toBe('Unknown time');
    expect(startedText('not a date')).toBe('Unknown time');
    const now = new Date('2025-06-01T12:00:00.000Z');
    expect(startedText('2025-03-01T10:00:00.000Z', 'en-GB', now)).toMatch(/^1 Mar/);
    expect(startedText('2025-03-01T10:00:00.000Z', 'en-GB', now)).not.toMatch(/2025/);
    expect(startedText('2024-03-01T10:00:00.000Z', 'en-GB', now)).toMatch(/2024/);
  });

  it('names the backends in words', () => {
    expect(backendName('reference')).toBe('CPU');
    expect(backendName('webgpu')).toBe('WebGPU');
    expect(backendName(undefined)).toBeNull();
  });
});

describe('what can be done with a run', () => {
  it('a run without an epoch has no checkpoint, so it cannot be evaluated, and says why', () => {
    expect(unavailableReason(run('a', { status: 'stopped', history: [], epochs: 0 }), null)).toMatch(/No checkpoint/);
    expect(unavailableReason(run('a', { status: 'error', history: [], epochs: 0 }), null)).toMatch(/failed before its first epoch/);
    expect(unavailableReason(run('a', { status: 'error' }), null)).toBeNull();
    expect(unavailableReason(run('a'), null)).toBeNull();
    expect(unavailableReason(run('a', { trained: undefined }), null)).toMatch(/no readable project.nwproj/);
  });

  it('a run training elsewhere waits; the one this window trains is shown live', () => {
    expect(unavailableReason(run('a', { status: 'running' }), null)).toMatch(/Still training/);
    expect(unavailableReason(run('a', { status: 'running', history: [] }), 'a')).toBeNull();
  });

  it('resumes stopped and interrupted runs that have a checkpoint and epochs to go', () => {
    expect(canResume(run('a', { status: 'stopped', epochs: 1, plannedEpochs: 5 }))).toBe(true);
    expect(canResume(run('a', { status: 'interrupted', epochs: 1, plannedEpochs: 5 }))).toBe(true);
    expect(canResume(run('a', { status: 'stopped', history: [], epochs: 0 }))).toBe(false);
    expect(canResume(run('a', { status: 'completed' }))).toBe(false);
    expect(canResume(run('a', { status: 'error', epochs: 1, plannedEpochs: 5 }))).toBe(false);
    expect(canResume(run('a', { status: 'stopped', epochs: 5, plannedEpochs: 5 }))).toBe(false);
    expect(canResume(run('a', { status: 'stopped', epochs: 1, plannedEpochs: 5, trained: undefined }))).toBe(false);
  });

  it('offers the test split when the dataset has one, validation when the run was validated, and always the training data', () => {
    expect(pastSplits(run('a'), false)).toEqual(['train']);
    expect(pastSplits(run('a'), true)).toEqual(['test', 'train']);
    expect(pastSplits(run('a', { history: [epoch(1, { valLoss: 0.2 })] }), true)).toEqual(['test', 'validation', 'train']);
  });
});
