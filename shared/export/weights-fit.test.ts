/**
 * Whether weights fit a model: one row per case, from a perfect fit to a
 * graph that changed after the weights were made.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../compiler';
import type { Project } from '../graph';
import { misfitText, paramShapes, weightsMisfit } from './weights-fit';

/** Input [inputs] → Dense(units) → Dense(1). */
function mlp(inputs: number, units: number, extra = false): Project {
  const nodes = [
    { id: 'input', type: 'Input', params: { shape: [inputs] } },
    { id: 'hidden', type: 'Dense', params: { units } },
    { id: 'out', type: 'Dense', params: { units: 1 } },
    ...(extra ? [{ id: 'more', type: 'Dense', params: { units: 1 } }] : []),
  ];
  const edges = [
    { id: 'a', source: 'input', target: 'hidden' },
    { id: 'b', source: 'hidden', target: 'out' },
    ...(extra ? [{ id: 'c', source: 'out', target: 'more' }] : []),
  ];
  return { format: 'netwright', version: 1, name: 'mlp', nodes, edges } as Project;
}

const irOf = (project: Project) => compile(project).ir!;

/** Weights of the right size for every param of `project`. */
function weightsOf(project: Project): Map<string, Float32Array> {
  return new Map([...paramShapes(irOf(project))].map(([name, shape]) => [name, new Float32Array(shape.reduce((n, d) => n * d, 1))]));
}

describe('weightsMisfit', () => {
  const trained = weightsOf(mlp(2, 8));
  const shapes = paramShapes(irOf(mlp(2, 8)));

  it.each([
    ['the graph they were made for', mlp(2, 8), null],
    ['more units in the hidden layer', mlp(2, 16), { kind: 'size', name: 'hidden/kernel', values: 16, needs: 32, shape: [2, 16] }],
    ['a layer added', mlp(2, 8, true), { kind: 'missing', name: 'more/kernel' }],
    ['the same sizes, transposed', mlp(8, 2), { kind: 'shape', name: 'hidden/kernel', was: [2, 8], shape: [8, 2] }],
  ])('%s', (_, project, expected) => {
    expect(weightsMisfit(irOf(project), trained, shapes)).toEqual(expected);
  });

  it('allows weights the model does not need (a checkpoint holds more)', () => {
    const more = new Map([...trained, ['optimizer/m', new Float32Array(3)]]);
    expect(weightsMisfit(irOf(mlp(2, 8)), more)).toBeNull();
  });

  it('says what changed in a phrase', () => {
    expect(misfitText(weightsMisfit(irOf(mlp(2, 16)), trained)!)).toBe('"hidden/kernel" has 16 values, the model now needs 32 ([2, 16])');
    expect(misfitText({ kind: 'missing', name: 'more/kernel' })).toBe('there is no "more/kernel"');
    expect(misfitText({ kind: 'shape', name: 'k', was: [2, 8], shape: [8, 2] })).toBe('"k" is [2, 8], the model now needs [8, 2]');
  });
});
