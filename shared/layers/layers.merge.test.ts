/**
 * Merge layers: shape rules, the errors they raise, and their lowering to IR.
 * PyTorch has no modules for these (they are plain tensor ops taking several
 * inputs, and the PyTorch harness feeds one), so the expected shapes are
 * written out; each is small enough to check by hand.
 */
import { describe, expect, it } from 'vitest';
import { verify } from '../ir/verify';
import { Average } from './average';
import { Concatenate } from './concatenate';
import type { LayerDef, Shape } from './define';
import { Maximum } from './maximum';
import { Minimum } from './minimum';
import { Multiply } from './multiply';
import { Subtract } from './subtract';
import { check, lowerForTest, shapeRuleError } from './testing';

interface Row {
  id: string;
  layer: LayerDef;
  params?: Record<string, unknown>;
  inputs: Shape[];
  /** The output shape, or the catalogued code and the shapes its message must name. */
  expect: { output: Shape; ops: string[]; arg?: Record<string, unknown> } | { code: string; names: string[] };
}

const ROWS: Row[] = [
  { id: 'subtract', layer: Subtract, inputs: [[4, 5], [4, 5]], expect: { output: [4, 5], ops: ['sub'] } },
  { id: 'multiply-3', layer: Multiply, inputs: [[3], [3], [3]], expect: { output: [3], ops: ['mul', 'mul'] } },
  { id: 'average-4', layer: Average, inputs: [[2, 2, 3], [2, 2, 3], [2, 2, 3], [2, 2, 3]], expect: { output: [2, 2, 3], ops: ['add', 'add', 'add', 'scale'], arg: { factor: 0.25 } } },
  { id: 'maximum', layer: Maximum, inputs: [[6], [6]], expect: { output: [6], ops: ['maximum'] } },
  { id: 'minimum-3', layer: Minimum, inputs: [[6, 2], [6, 2], [6, 2]], expect: { output: [6, 2], ops: ['minimum', 'minimum'] } },
  { id: 'concat-features', layer: Concatenate, inputs: [[4, 3], [4, 5]], expect: { output: [4, 8], ops: ['concat'], arg: { axis: 2 } } },
  { id: 'concat-axis1', layer: Concatenate, params: { axis: 1 }, inputs: [[2, 3], [4, 3]], expect: { output: [6, 3], ops: ['concat'], arg: { axis: 1 } } },
  { id: 'concat-channels-3', layer: Concatenate, inputs: [[8, 8, 16], [8, 8, 32], [8, 8, 16]], expect: { output: [8, 8, 64], ops: ['concat'], arg: { axis: 3 } } },
  { id: 'concat-axis-minus2', layer: Concatenate, params: { axis: -2 }, inputs: [[4, 2, 3], [4, 5, 3]], expect: { output: [4, 7, 3], ops: ['concat'], arg: { axis: 2 } } },
  // must fail
  { id: 'subtract-mismatch', layer: Subtract, inputs: [[3], [4]], expect: { code: 'NW021', names: ['(batch, 3)', '(batch, 4)'] } },
  { id: 'average-mismatch', layer: Average, inputs: [[2, 3], [2, 3], [3, 2]], expect: { code: 'NW021', names: ['(batch, 2, 3)', '(batch, 3, 2)', 'input 3'] } },
  { id: 'multiply-rank', layer: Multiply, inputs: [[4], [4, 1]], expect: { code: 'NW021', names: ['(batch, 4)', '(batch, 4, 1)'] } },
  { id: 'concat-other-axis', layer: Concatenate, inputs: [[4, 3], [5, 3]], expect: { code: 'NW021', names: ['(batch, 4, 3)', '(batch, 5, 3)'] } },
  { id: 'concat-rank', layer: Concatenate, inputs: [[4, 3], [4]], expect: { code: 'NW021', names: ['(batch, 4, 3)', '(batch, 4)'] } },
  { id: 'concat-axis-missing', layer: Concatenate, params: { axis: 3 }, inputs: [[4, 3], [4, 3]], expect: { code: 'NW025', names: ['axis 3'] } },
  { id: 'concat-batch-axis', layer: Concatenate, params: { axis: 0 }, inputs: [[4, 3], [4, 3]], expect: { code: 'NW025', names: ['axis 0'] } },
];

describe('merge layers', () => {
  it.each(ROWS.map((r) => [r.id, r] as const))('%s', (_id, row) => {
    const run = () => check(row.layer, row.params ?? {}, row.inputs);
    const want = row.expect;
    if ('code' in want) {
      const error = shapeRuleError(() => run());
      expect(error.code).toBe(want.code);
      for (const name of want.names) expect(error.message).toContain(name);
      return;
    }
    const got = run();
    expect(got.output).toEqual(want.output);
    expect(got.total).toBe(0);

    const graph = lowerForTest(row.layer, row.params ?? {}, row.inputs);
    verify(graph);
    const out = graph.nodes[graph.outputs[0]!.node]!;
    expect(out.shape).toEqual([-1, ...want.output]);
    expect(graph.nodes.filter((n) => n.op !== 'input').map((n) => n.op)).toEqual(want.ops);
    if (want.arg) expect(out.arg).toMatchObject(want.arg);
    const used = new Set(graph.nodes.flatMap((n) => n.src));
    expect(graph.inputs.filter((i) => !used.has(i))).toEqual([]); // every input takes part
  });
});
