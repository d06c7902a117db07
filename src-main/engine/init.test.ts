/**
 * Initialisers as the engine applies them: a Constant fills its weight with
 * its value on both backends, draws no random numbers (so the weights after
 * it start as they would after zeros), and trains like any other start.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Split } from '../data/types';
import { initialise } from './init';
import { initialWeights } from './initial-weights';
import { buildPlan } from './plan/build-plan';
import { Random } from './random';
import { ReferenceTrainer } from './reference/trainer';
import { graph, irOf, trainingPlan, type NodeRow } from './testing';
import type { Trainer } from './trainer';
import { WebGPUTrainer } from './webgpu/executor';
import { testDevice } from './webgpu/test-harness';

const CONSTANT = (value: unknown) => ({ class_name: 'Constant', config: { value } });

/** Input → Dense "a" → Dense "d" (set by `params`) → Dense "b". */
const threeDense = (params: Record<string, unknown>): NodeRow[] => [
  ['in', 'Input', { shape: [4] }],
  ['a', 'Dense', { units: 3 }],
  ['d', 'Dense', { units: 5, ...params }],
  ['b', 'Dense', { units: 2 }],
];

const everyValue = (data: Float32Array | undefined) => [...new Set(data ?? [])];

describe('Constant initialiser', () => {
  it('fills every element with its value, as float32', () => {
    const out = initialise({ name: 'constant', value: -2.5 }, [2, 3], new Random(0));
    expect([...out]).toEqual(Array(6).fill(-2.5));
    expect(everyValue(initialise({ name: 'constant', value: 0.1 }, [7], new Random(0)))).toEqual([Math.fround(0.1)]);
  });

  it('starts a Dense kernel and bias at their values, from either form of the parameter', () => {
    const weights = initialWeights(irOf(graph(threeDense({ kernel_initializer: CONSTANT(0.1), bias_initializer: 'constant' }))), 3);
    expect(everyValue(weights.get('d/kernel'))).toEqual([Math.fround(0.1)]);
    expect(weights.get('d/kernel')!.length).toBe(3 * 5);
    expect(everyValue(weights.get('d/bias'))).toEqual([0]); // "constant" by name is Keras's Constant(0)
    expect(everyValue(weights.get('a/kernel')).length).toBeGreaterThan(1);
  });

  it('draws no random numbers, so the weights after it start as they would after zeros', () => {
    const withConstant = initialWeights(irOf(graph(threeDense({ kernel_initializer: CONSTANT(0.7) }))), 9);
    const withZeros = initialWeights(irOf(graph(threeDense({ kernel_initializer: 'zeros' }))), 9);
    expect(withConstant.get('b/kernel')).toEqual(withZeros.get('b/kernel'));
    expect(withConstant.get('a/kernel')).toEqual(withZeros.get('a/kernel'));
  });

  it('trains from the constant start', async () => {
    const g = graph(threeDense({ kernel_initializer: CONSTANT(0.1), bias_initializer: CONSTANT(0.25), activation: 'tanh' }));
    const training = trainingPlan(g, 'mean_squared_error', 4);
    const trainer = new ReferenceTrainer();
    await trainer.load(training, buildPlan(irOf(g), { batch: 4 }), 1);
    expect(everyValue((await trainer.readState()).get('d/bias'))).toEqual([0.25]);
    const rng = new Random(5);
    const data: Split = {
      x: { data: Float32Array.from({ length: 16 }, () => rng.normal()), shape: [4, 4] },
      y: { data: Float32Array.from({ length: 8 }, () => rng.normal()), shape: [4, 2] },
    };
    await trainer.setData('train', data);
    await trainer.setOrder(Uint32Array.from([0, 1, 2, 3]));
    await trainer.run({ steps: 3, offset: 0, learningRate: 0.1 });
    const kernel = (await trainer.readState()).get('d/kernel')!;
    expect(kernel.every(Number.isFinite)).toBe(true);
    expect(everyValue(kernel).length).toBeGreaterThan(1);
    trainer.dispose();
  });
});

describe('Constant initialiser on WebGPU', () => {
  const trainers: Trainer[] = [];
  afterAll(() => trainers.forEach((t) => t.dispose()));

  it('starts from the same weights as the reference backend', async () => {
    const g = graph([['in', 'Input', { shape: [6] }], ['c', 'Dense', { units: 4, kernel_initializer: CONSTANT(-0.3), bias_initializer: CONSTANT(0.05) }], ['out', 'Dense', { units: 2 }]]);
    const training = trainingPlan(g, 'mean_squared_error', 2);
    const inference = buildPlan(irOf(g), { batch: 2 });
    const gpu = new WebGPUTrainer(await testDevice(), { ownsDevice: false });
    const ref = new ReferenceTrainer();
    trainers.push(gpu, ref);
    const states = [];
    for (const trainer of [gpu, ref] as Trainer[]) {
      await trainer.load(training, inference, 11);
      states.push(await trainer.readState());
    }
    const [onGpu, onRef] = states;
    expect(everyValue(onGpu!.get('c/kernel'))).toEqual([Math.fround(-0.3)]);
    expect(everyValue(onGpu!.get('c/bias'))).toEqual([Math.fround(0.05)]);
    for (const name of ['c/kernel', 'c/bias', 'out/kernel']) expect(onGpu!.get(name), name).toEqual(onRef!.get(name));
  });
});
