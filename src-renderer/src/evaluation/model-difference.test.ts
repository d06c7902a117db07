/** Telling the person when a run trained another model than the one on the canvas. */
import { describe, expect, it } from 'vitest';
import type { Project } from '../../../shared/graph/schema';
import { modelDifference } from './model-difference';

const XOR: Project = {
  format: 'netwright',
  version: 1,
  name: 'XOR',
  nodes: [
    { id: 'input', type: 'Input', params: { shape: [2] }, position: { x: 0, y: 0 } },
    { id: 'hidden', type: 'Dense', params: { units: 8, activation: 'tanh' }, position: { x: 0, y: 120 } },
    { id: 'out', type: 'Dense', params: { units: 1, activation: 'sigmoid' }, position: { x: 0, y: 240 } },
  ],
  edges: [
    { id: 'e1', source: 'input', target: 'hidden' },
    { id: 'e2', source: 'hidden', target: 'out' },
  ],
};

const withNodes = (nodes: Project['nodes'], edges = XOR.edges): Project => ({ ...XOR, nodes, edges });

describe('modelDifference', () => {
  it('is silent for the same model, however it was moved, relabelled or its keys reordered', () => {
    const moved = withNodes(XOR.nodes.map((n) => ({ ...n, position: { x: 50, y: 50 }, label: `${n.id}!`, params: Object.fromEntries(Object.entries(n.params).reverse()) })));
    expect(modelDifference(XOR, moved)).toBeNull();
    expect(modelDifference(XOR, { ...XOR, edges: [...XOR.edges].reverse().map((e) => ({ ...e, id: `x${e.id}` })) })).toBeNull();
  });

  it('names a setting the run trained with that has changed since', () => {
    const run = withNodes(XOR.nodes.map((n) => (n.id === 'hidden' ? { ...n, params: { units: 4, activation: 'tanh' } } : n)));
    expect(modelDifference(XOR, run)).toBe("This run trained a different model from the one on the canvas: its \"hidden\" has units 4, not 8. The run's own model is the one evaluated here.");
  });

  it('names layers added and removed since, without also calling the wiring different', () => {
    const open = withNodes([...XOR.nodes, { id: 'extra', type: 'Dropout', params: { rate: 0.5 } }], [...XOR.edges, { id: 'e3', source: 'out', target: 'extra' }]);
    const run = withNodes(XOR.nodes.filter((n) => n.id !== 'hidden'), [{ id: 'e1', source: 'input', target: 'out' }]);
    const text = modelDifference(open, run);
    expect(text).toContain('it has no layer "hidden" (Dense)');
    expect(text).toContain('it has no layer "extra" (Dropout)');
    expect(text).not.toContain('wired');
  });

  it('notices a layer of another type, a new default and rewiring', () => {
    const swapped = withNodes(XOR.nodes.map((n) => (n.id === 'hidden' ? { ...n, type: 'Conv2D' } : n)));
    expect(modelDifference(XOR, swapped)).toContain('its "hidden" is a Conv2D layer, not a Dense');
    const defaulted = withNodes(XOR.nodes.map((n) => (n.id === 'out' ? { ...n, params: { units: 1 } } : n)));
    expect(modelDifference(XOR, defaulted)).toContain('its "out" has activation the default, not sigmoid');
    expect(modelDifference(XOR, { ...XOR, edges: [{ id: 'e1', source: 'input', target: 'out' }, { id: 'e2', source: 'input', target: 'hidden' }] })).toContain('its layers are wired differently');
  });

  it('lists four differences and counts the rest', () => {
    const open = withNodes(XOR.nodes.map((n) => ({ ...n, params: { ...n.params, a: 1, b: 2, c: 3 } })));
    expect(modelDifference(open, XOR)).toMatch(/; and \d+ more differences\./);
  });
});
