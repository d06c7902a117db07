/**
 * The logic gates and, or, nand and xor: the four rows of a two-input truth
 * table, inputs [a, b] and the output as a 0/1 float of shape [1], ready for
 * a single sigmoid or step unit. They take no options and ignore the seed.
 */
import type { Builtin, SourceResult } from '../source';

const TABLES = {
  and: { outputs: [0, 0, 0, 1], summary: 'The AND truth table: 1 only when both inputs are 1.' },
  or: { outputs: [0, 1, 1, 1], summary: 'The OR truth table: 1 when either input is 1.' },
  nand: { outputs: [1, 1, 1, 0], summary: 'The NAND truth table: 0 only when both inputs are 1.' },
  xor: { outputs: [0, 1, 1, 0], summary: 'The XOR truth table: 1 when the inputs differ; no single line separates it.' },
} as const;

function truthTable(name: string, outputs: readonly number[]): SourceResult {
  return {
    dataset: {
      info: { name, task: 'binary', classes: ['0', '1'], source: `the ${name.toUpperCase()} truth table`, sparseLabels: false, features: ['a', 'b'] },
      train: { x: { data: Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1), shape: [4, 2] }, y: { data: Float32Array.from(outputs), shape: [4, 1] } },
    },
  };
}

export const gates: readonly Builtin[] = Object.entries(TABLES).map(([name, t]) => ({ name, summary: t.summary, load: () => truthTable(name, t.outputs) }));
