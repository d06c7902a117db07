/**
 * Hyperparameter edits produce settings the schema accepts, and the form's
 * number boxes read and check what people type. Also: the edits go through
 * the project store, so they are undoable like any other edit.
 */
import { describe, expect, it } from 'vitest';
import { loadProjectObject } from '../../../shared/graph';
import { BUILTIN_XOR } from '../project/builtin-xor';
import { createProjectStore } from '../project/store';
import type { Template } from '../project/templates';
import { checked, DEFAULT_TRAINING, defaultTraining, formatNumber, parseNumber, SCHEDULE_CHOICES, withEarlyStopping, withOptimizer, withOptional, withSchedule } from './hyperparameters';

describe('training edits', () => {
  it('every schedule choice gives settings the schema accepts', () => {
    for (const choice of SCHEDULE_CHOICES) {
      const t = withSchedule(DEFAULT_TRAINING, choice.value);
      expect(checked(t), choice.value).not.toBeNull();
      expect(t.schedule?.type ?? 'constant').toBe(choice.value);
    }
  });

  it('switching optimizer keeps the learning rate and drops settings the new one does not know', () => {
    const sgd = withOptimizer({ ...DEFAULT_TRAINING, optimizer: { type: 'adam', learning_rate: 0.05, beta_1: 0.8 } }, 'sgd');
    expect(sgd.optimizer).toEqual({ type: 'sgd', learning_rate: 0.05, momentum: 0 });
    expect(withOptimizer(sgd, 'adam').optimizer).toEqual({ type: 'adam', learning_rate: 0.05 });
  });

  it('early stopping watches the training loss unless there is validation data', () => {
    expect(withEarlyStopping(DEFAULT_TRAINING, true).earlyStopping?.monitor).toBe('loss');
    expect(withEarlyStopping({ ...DEFAULT_TRAINING, validationSplit: 0.2 }, true).earlyStopping?.monitor).toBe('val_loss');
    expect(withEarlyStopping(withEarlyStopping(DEFAULT_TRAINING, true), false)).toEqual(DEFAULT_TRAINING);
  });

  it('a zero penalty removes the key', () => {
    expect(withOptional(DEFAULT_TRAINING, 'l2', 0.01).l2).toBe(0.01);
    expect('l2' in withOptional({ ...DEFAULT_TRAINING, l2: 0.01 }, 'l2', 0)).toBe(false);
  });

  it('defaults to binary cross-entropy for a single output, else to classes', () => {
    expect(defaultTraining(1).loss).toBe('binary_crossentropy');
    expect(defaultTraining(10).loss).toBe('sparse_categorical_crossentropy');
    expect(checked(defaultTraining(1))).not.toBeNull();
  });

  it('rejects settings the trainer would refuse', () => {
    expect(checked({ ...DEFAULT_TRAINING, epochs: 0 })).toBeNull();
    expect(checked({ ...DEFAULT_TRAINING, optimizer: { type: 'adam', learning_rate: -1 } })).toBeNull();
  });
});

describe('number boxes', () => {
  it.each([
    ['0.001', { min: 0, above: true }, 0.001],
    ['1e-3', { min: 0, above: true }, 0.001],
    ['1,000', { integer: true, min: 1 }, 1000],
    ['', { optional: true }, undefined],
  ] as const)('reads %j', (text, rule, value) => expect(parseNumber(text, rule)).toEqual({ ok: true, value }));

  it.each([
    ['', {}, 'Enter a number.'],
    ['abc', {}, '“abc” is not a number.'],
    ['2.5', { integer: true }, 'Enter a whole number.'],
    ['0', { min: 0, above: true }, 'Must be more than 0.'],
    ['-1', { min: 0 }, 'Must be at least 0.'],
    ['2', { max: 0.9 }, 'Must be at most 0.9.'],
  ] as const)('refuses %j', (text, rule, message) => expect(parseNumber(text, rule)).toEqual({ ok: false, message }));

  it('writes numbers as people type them', () => {
    expect(formatNumber(0.001)).toBe('0.001');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(1e-6)).toBe('1e-6');
    expect(formatNumber(undefined)).toBe('');
  });
});

describe('through the project store', () => {
  const XOR: Template = { id: 'xor', label: 'XOR', level: '', summary: '', load: () => loadProjectObject(BUILTIN_XOR) };

  it('training and dataset edits are undoable, and quick edits to one field are one step', () => {
    let clock = 0;
    const store = createProjectStore(XOR, () => clock);
    const before = store.getState().project!.training!;
    store.getState().setTraining({ ...before, epochs: 50 }, 'Change epochs', 'epochs');
    clock += 100;
    store.getState().setTraining({ ...before, epochs: 500 }, 'Change epochs', 'epochs');
    store.getState().setDataset({ name: 'circles' });
    expect(store.getState().project!.training!.epochs).toBe(500);
    expect(store.getState().project!.dataset).toEqual({ name: 'circles' });
    expect(store.getState().past.map((e) => e.label)).toEqual(['Change epochs', 'Use dataset circles']);
    store.getState().undo();
    expect(store.getState().project!.dataset).toEqual({ name: 'xor' });
    store.getState().undo();
    expect(store.getState().project!.training).toEqual(before);
    store.getState().redo();
    expect(store.getState().project!.training!.epochs).toBe(500);
  });

  it('setting the same values records nothing', () => {
    const store = createProjectStore(XOR);
    store.getState().setTraining({ ...store.getState().project!.training! }, 'Change epochs', 'epochs');
    store.getState().setDataset({ name: 'xor' });
    expect(store.getState().past).toHaveLength(0);
  });
});
