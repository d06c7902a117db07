import { describe, expect, it } from 'vitest';
import type { DatasetDescription } from '../../../shared/ipc/services';
import { fitProblems } from './dataset-fit';

const mnist: DatasetDescription = { name: 'mnist', source: 'test', task: 'classification', classes: [...'0123456789'], inputShape: [28, 28], counts: { train: 8000 }, samples: [] };
const xor: DatasetDescription = { name: 'xor', source: 'test', task: 'binary', classes: ['0', '1'], inputShape: [2], counts: { train: 4 }, samples: [] };

describe('fitProblems', () => {
  it.each([
    { name: 'MNIST on an MNIST MLP', d: mnist, input: [28, 28], output: [10], problems: 0 },
    { name: 'MNIST on a flat 784 input', d: mnist, input: [784], output: [10], problems: 0 },
    { name: 'XOR with one sigmoid output', d: xor, input: [2], output: [1], problems: 0 },
    { name: 'XOR with two outputs', d: xor, input: [2], output: [2], problems: 0 },
    { name: 'MNIST on the XOR model', d: mnist, input: [2], output: [1], problems: 2 },
    { name: 'XOR on a 3-class model', d: xor, input: [2], output: [3], problems: 1 },
  ])('$name: $problems problem(s)', ({ d, input, output, problems }) => {
    expect(fitProblems(d, input, output)).toHaveLength(problems);
  });

  it('says what to change', () => {
    expect(fitProblems(mnist, [2], [10])[0]).toContain('28 × 28');
  });
});
