/** The document edits, one behaviour per case, checked against the compiler where shapes matter. */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../shared/compiler';
import type { Project } from '../../../shared/graph';
import { addNode, canConnect, connect, copyElements, insertOnEdge, paste, placeAll, removeElements, setParam } from './edits';
import { baseId, freshId } from './ids';

const project = (nodes: [string, string, Record<string, unknown>?][], edges: [string, string, string?][] = [], outputs?: string[]): Project => ({
  format: 'netwright',
  version: 1,
  name: 't',
  nodes: nodes.map(([id, type, params], i) => ({ id, type, params: params ?? {}, position: { x: 0, y: i * 120 } })),
  edges: edges.map(([source, target, targetHandle]) => ({ id: `${source}-${target}`, source, target, ...(targetHandle ? { targetHandle } : {}) })),
  ...(outputs ? { outputs } : {}),
});

const wires = (p: Project) => p.edges.map((e) => `${e.source}->${e.target}${e.targetHandle ? `:${e.targetHandle}` : ''}`);
const errorCodes = (p: Project) => compile(p, { shapesOnly: true }).errors.map((e) => `${e.code}@${e.node}`);

const branches = () =>
  project([['in', 'Input', { shape: [4] }], ['a', 'Dense', { units: 4 }], ['b', 'Dense', { units: 4 }], ['c', 'Dense', { units: 4 }], ['sum', 'Add']], [['in', 'a'], ['in', 'b'], ['in', 'c']]);

describe('ids', () => {
  it.each([
    ['Dense', 'dense'], ['Conv2D', 'conv2d'], ['MaxPooling2D', 'max_pooling2d'], ['BatchNormalization', 'batch_normalization'],
    ['LeakyReLU', 'leaky_relu'], ['ReLU', 'relu'], ['GRU', 'gru'], ['SimpleRNN', 'simple_rnn'], ['Conv2DTranspose', 'conv2d_transpose'],
    ['GlobalAveragePooling2D', 'global_average_pooling2d'],
  ])('names a %s layer %s, as Keras does', (type, id) => expect(baseId(type)).toBe(id));

  it('numbers ids that are taken', () => {
    expect(freshId('dense', new Set(['dense', 'dense_1']))).toBe('dense_2');
    expect(freshId('dense', new Set())).toBe('dense');
  });
});

describe('connect', () => {
  it('replaces the input of a one-input layer instead of adding a second', () => {
    const p = project([['in', 'Input', { shape: [4] }], ['x', 'Dense'], ['y', 'Dense']], [['in', 'x'], ['in', 'y']]);
    expect(wires(connect(p, { source: 'x', target: 'y' }))).toEqual(['in->x', 'x->y']);
  });

  it('fills a merge layer slot by slot, and a given slot replaces what was there', () => {
    let p = branches();
    p = connect(p, { source: 'a', target: 'sum' });
    p = connect(p, { source: 'b', target: 'sum' });
    expect(wires(p).slice(3)).toEqual(['a->sum:in0', 'b->sum:in1']);
    expect(errorCodes(p)).toEqual([]);
    p = connect(p, { source: 'c', target: 'sum', targetHandle: 'in0' });
    expect(wires(p).slice(3)).toEqual(['b->sum:in1', 'c->sum:in0']);
  });

  it('pins the slots a merge layer\'s unslotted inputs already had', () => {
    const p = project([['in', 'Input', { shape: [4] }], ['a', 'Dense', { units: 4 }], ['b', 'Dense', { units: 4 }], ['sum', 'Add']], [['in', 'a'], ['in', 'b'], ['a', 'sum']]);
    expect(wires(connect(p, { source: 'b', target: 'sum' }))).toContain('a->sum:in0');
    expect(wires(connect(p, { source: 'b', target: 'sum' }))).toContain('b->sum:in1');
  });

  it.each([
    ['a loop', { source: 'y', target: 'x' }],
    ['a layer into itself', { source: 'x', target: 'x' }],
    ['anything into an Input', { source: 'x', target: 'in' }],
    ['a layer that does not exist', { source: 'x', target: 'nope' }],
  ])('refuses %s, leaving the project as it was', (_what, c) => {
    const p = project([['in', 'Input', { shape: [4] }], ['x', 'Dense'], ['y', 'Dense']], [['in', 'x'], ['x', 'y']]);
    expect(canConnect(p, c)).toBe(false);
    expect(connect(p, c)).toBe(p);
  });
});

describe('removeElements', () => {
  it('removes a layer with its connections and from the outputs list', () => {
    const p = project([['in', 'Input', { shape: [4] }], ['x', 'Dense'], ['y', 'Dense']], [['in', 'x'], ['x', 'y']], ['y', 'x']);
    const next = removeElements(p, ['y']);
    expect(next.nodes.map((n) => n.id)).toEqual(['in', 'x']);
    expect(wires(next)).toEqual(['in->x']);
    expect(next.outputs).toEqual(['x']);
    expect(removeElements(next, ['x']).outputs).toBeUndefined();
  });

  it('returns the same project when there is nothing to remove', () => {
    const p = branches();
    expect(removeElements(p, ['nope'], ['nope'])).toBe(p);
  });
});

describe('setParam', () => {
  it('sets, and with undefined removes, a parameter without touching other layers', () => {
    const p = branches();
    const next = setParam(p, 'a', 'units', 8);
    expect(next.nodes[1]!.params).toEqual({ units: 8 });
    expect(next.nodes[2]).toBe(p.nodes[2]);
    expect(setParam(next, 'a', 'units', undefined).nodes[1]!.params).toEqual({});
    expect(setParam(p, 'a', 'units', 4)).toBe(p);
  });
});

describe('insertOnEdge', () => {
  it('keeps the merge slot the connection went into', () => {
    let p = branches();
    p = connect(connect(p, { source: 'a', target: 'sum' }), { source: 'b', target: 'sum' });
    const edge = p.edges.find((e) => e.source === 'b' && e.target === 'sum')!.id;
    const { project: next, id } = insertOnEdge(p, edge, 'Dropout');
    expect(id).toBe('dropout');
    expect(wires(next)).toContain('b->dropout');
    expect(wires(next)).toContain('dropout->sum:in1');
    expect(errorCodes(next)).toEqual([]);
  });

  it('refuses to insert an Input, which takes no input', () => {
    const p = branches();
    expect(insertOnEdge(p, p.edges[0]!.id, 'Input').project).toBe(p);
  });
});

describe('copy and paste', () => {
  it('copies only the connections inside the selection and renames the copies', () => {
    const p = project([['in', 'Input', { shape: [4] }], ['dense', 'Dense'], ['dense_1', 'Dense']], [['in', 'dense'], ['dense', 'dense_1']]);
    const clip = copyElements(p, ['dense', 'dense_1']);
    expect(clip.edges.map((e) => e.id)).toEqual(['dense-dense_1']);
    const { project: next, ids } = paste(p, clip, { x: 10, y: 10 });
    expect(ids).toEqual(['dense_2', 'dense_3']);
    expect(wires(next)).toContain('dense_2->dense_3');
    expect(next.nodes.find((n) => n.id === 'dense_2')!.position).toEqual({ x: 10, y: 130 });
  });
});

describe('addNode and placeAll', () => {
  it('adds a layer with a fresh id at a rounded position', () => {
    const { project: p, id } = addNode(branches(), 'Dense', { x: 10.4, y: 20.6 });
    expect(id).toBe('dense');
    expect(p.nodes.at(-1)).toEqual({ id: 'dense', type: 'Dense', params: {}, position: { x: 10, y: 21 } });
  });

  it('gives unplaced layers a place in data-flow order', () => {
    const p: Project = { ...branches(), nodes: branches().nodes.map(({ position: _p, ...n }) => n) };
    const placed = placeAll(p, ['in', 'c', 'b', 'a', 'sum']);
    expect(placed.nodes.map((n) => n.position!.y)).toEqual([0, 360, 240, 120, 480]);
  });
});
