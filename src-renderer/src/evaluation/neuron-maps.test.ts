/** The neuron maps' pure parts: which layers get tiles, the colour scale, and how the probed grid becomes each unit's picture. */
import { describe, expect, it } from 'vitest';
import type { Project } from '../../../shared/graph/schema';
import { gridInputs } from './boundary';
import { rgb } from './class-colors';
import { activationColor, hiddenLayers, layerDetail, legendNumber, NEGATIVE, POSITIVE, scaleOf, tilePixels, unitTitle, type NeuronLayer } from './neuron-maps';

type Layer = { id: string; type: string; params?: Record<string, unknown>; label?: string };

/** A straight chain from a two-value input through `layers`. */
function chain(...layers: Layer[]): Pick<Project, 'nodes' | 'edges'> {
  const nodes = [{ id: 'input', type: 'Input', params: { shape: [2] } }, ...layers.map((l) => ({ params: {}, ...l }))];
  return { nodes, edges: nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: n.id })) };
}

const dense = (id: string, units: number, activation?: string): Layer => ({ id, type: 'Dense', params: { units, ...(activation ? { activation } : {}) } });

const cases: { name: string; project: Pick<Project, 'nodes' | 'edges' | 'outputs'>; want: Partial<NeuronLayer>[] }[] = [
  { name: 'XOR: one tanh layer, the output left out', project: chain(dense('hidden', 8, 'tanh'), dense('out', 1, 'sigmoid')), want: [{ id: 'hidden', units: 8, activation: 'tanh', name: 'hidden' }] },
  { name: 'a perceptron has none', project: chain(dense('out', 1, 'sigmoid')), want: [] },
  {
    name: 'before and after an Activation layer both count; Dropout repeats its input and does not',
    project: chain(dense('pre', 4), { id: 'act', type: 'Activation', params: { activation: 'relu' } }, { id: 'drop', type: 'Dropout', params: { rate: 0.5 } }, dense('out', 2)),
    want: [{ id: 'pre', activation: 'linear' }, { id: 'act', activation: 'relu' }],
  },
  {
    name: 'layers without an activation of their own, in data order, by label',
    project: chain(dense('a', 3, 'tanh'), { id: 'bn', type: 'BatchNormalization', label: 'normalise' }, { id: 'r', type: 'ReLU' }, dense('out', 1)),
    want: [{ id: 'a' }, { id: 'bn', name: 'normalise', activation: null, type: 'BatchNormalization', units: 3 }, { id: 'r', activation: 'relu' }],
  },
  {
    name: 'every chosen output is left out, even one inside the chain',
    project: { ...chain(dense('a', 3, 'tanh'), dense('b', 2, 'tanh'), dense('out', 1)), outputs: ['a', 'out'] },
    want: [{ id: 'b' }],
  },
  { name: 'a layer the compiler cannot place is skipped, the rest still count', project: chain(dense('a', 3), { id: 'odd', type: 'NoSuchLayer' }), want: [{ id: 'a' }] },
];

describe('hiddenLayers', () => {
  it.each(cases)('$name', ({ project, want }) => {
    const got = hiddenLayers(project);
    expect(got.map((l) => l.id)).toEqual(want.map((w) => w.id));
    want.forEach((w, i) => expect(got[i]).toMatchObject(w));
  });
});

describe('text', () => {
  const layer: NeuronLayer = { id: 'hidden', name: 'hidden', type: 'Dense', units: 8, activation: 'tanh' };
  it('heads a layer with its units and activation, and names a tile counting from 1', () => {
    expect(layerDetail(layer)).toBe('8 units · tanh');
    expect(layerDetail({ ...layer, units: 1, activation: 'linear' })).toBe('1 unit · no activation');
    expect(layerDetail({ ...layer, type: 'BatchNormalization', activation: null })).toBe('8 units · BatchNormalization');
    expect(unitTitle(layer, 2)).toBe('hidden · unit 3');
  });
  it('writes legend numbers short', () => {
    expect([0.9312, 12.4, 0.004123, 1].map(legendNumber)).toEqual(['0.93', '12', '0.0041', '1']);
  });
});

describe('scaleOf', () => {
  it.each([
    { name: 'tanh-like values diverge around 0, to the largest magnitude', values: [-0.9, 0.2, 0.5], want: { kind: 'diverging', max: 0.9 } },
    { name: 'ReLU-like values run up from 0', values: [0, 0, 2.5, 1], want: { kind: 'sequential', max: 2.5 } },
    { name: 'a silent layer still has a scale', values: [0, 0], want: { kind: 'sequential', max: 1 } },
    { name: 'values that are not numbers are skipped', values: [Number.NaN, -Infinity, 0.3], want: { kind: 'sequential', max: 0.3 } },
  ])('$name', ({ values, want }) => expect(scaleOf(values)).toEqual(want));
});

describe('activationColor', () => {
  const white = [255, 255, 255] as const;
  const scale = { kind: 'diverging', max: 2 } as const;
  it('is the background at 0, the sign’s full colour at the largest magnitude and beyond', () => {
    expect(activationColor(0, scale, white)).toEqual([255, 255, 255]);
    expect(activationColor(2, scale, white)).toEqual(rgb(POSITIVE));
    expect(activationColor(-5, scale, white)).toEqual(rgb(NEGATIVE));
    expect(activationColor(Number.NaN, scale, white)).toEqual([255, 255, 255]);
  });
  it('mixes in proportion', () => {
    const half = activationColor(1, scale, white);
    rgb(POSITIVE).forEach((c, ch) => expect(half[ch]).toBe(Math.round((255 + c) / 2)));
  });
});

describe('tilePixels', () => {
  // A layer of two units over the grid whose values are the inputs themselves: unit 0 is x, unit 1 is y.
  const size = 8;
  const grid = gridInputs({ xMin: -1, xMax: 1, yMin: -1, yMax: 1 }, size);
  const scale = { kind: 'diverging', max: 1 } as const;
  const pixel = (pixels: Uint8ClampedArray, row: number, col: number) => Array.from(pixels.slice((row * size + col) * 4, (row * size + col) * 4 + 3));
  const side = (pixels: Uint8ClampedArray, row: number, col: number) => {
    const p = pixel(pixels, row, col);
    const [pos, neg] = [rgb(POSITIVE), rgb(NEGATIVE)];
    const distance = (c: number[]) => p.reduce((s, v, i) => s + Math.abs(v - c[i]!), 0);
    return distance(pos) < distance(neg) ? 'positive' : 'negative';
  };

  it('picks its own unit out of the layer and lays it out as the plane: left is small x, top is large y', () => {
    const x = tilePixels(grid, 2, 0, scale, '#ffffff', size);
    const y = tilePixels(grid, 2, 1, scale, '#ffffff', size);
    expect([side(x, 0, 0), side(x, 0, size - 1)]).toEqual(['negative', 'positive']);
    expect([side(y, 0, 0), side(y, size - 1, 0)]).toEqual(['positive', 'negative']);
    // Across a row x changes and y does not.
    expect(pixel(y, 3, 0)).toEqual(pixel(y, 3, size - 1));
    expect(pixel(x, 3, 0)).not.toEqual(pixel(x, 3, size - 1));
  });

  it('is opaque everywhere', () => {
    const pixels = tilePixels(grid, 2, 0, scale, '#ffffff', size);
    expect(pixels.filter((_, i) => i % 4 === 3).every((a) => a === 255)).toBe(true);
  });
});
