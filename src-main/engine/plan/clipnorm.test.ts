/** Gradient clipping (Keras's clipnorm), on both backends. */
import { describe, expect, it } from 'vitest';
import { ReferenceExecutor } from '../reference/executor';
import { fillBatch, graph, trainingPlan } from '../testing';

const model = graph([['in', 'Input', { shape: [6] }], ['h', 'Dense', { units: 5, activation: 'tanh' }], ['out', 'Dense', { units: 3 }]]);

function gradNorms(clipNorm?: number) {
  const plan = trainingPlan(model, 'sparse_categorical_crossentropy', 8, true, { type: 'sgd', learningRate: 1, ...(clipNorm ? { clipNorm } : {}) });
  const exec = new ReferenceExecutor(plan, 2);
  fillBatch(exec, 5);
  const before = plan.training!.params.map(({ param }) => Float32Array.from(exec.read(param)));
  exec.run();
  // With plain SGD at lr 1, each weight moved by exactly its (clipped) gradient.
  return plan.training!.params.map(({ param }, i) => Math.hypot(...Array.from(exec.read(param), (v, k) => v - before[i]![k]!)));
}

describe('clipnorm', () => {
  it('caps every weight gradient at the norm, and leaves small ones alone', () => {
    const free = gradNorms();
    const clipped = gradNorms(0.05);
    expect(free.some((n) => n > 0.05)).toBe(true);
    clipped.forEach((n, i) => expect(n).toBeCloseTo(Math.min(free[i]!, 0.05), 5));
    expect(gradNorms(1e6)).toEqual(free);
  });
});
