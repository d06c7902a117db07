import { describe, expect, it } from 'vitest';
import type { Project } from '../graph/schema';
import { BROKEN_GRAPHS, type BrokenGraph } from './broken-graphs.fixtures';
import { CATALOGUE } from './catalogue';
import { compile } from './compile';

function toProject(g: Pick<BrokenGraph, 'nodes' | 'edges' | 'outputs'>): Pick<Project, 'nodes' | 'edges' | 'outputs'> {
  return {
    nodes: g.nodes.map(([id, type, params]) => ({ id, type, params: params ?? {} })),
    edges: g.edges.map(([source, target, handle], i) => ({ id: `e${i}`, source, target, ...(handle ? { targetHandle: handle } : {}) })),
    ...(g.outputs ? { outputs: g.outputs } : {}),
  };
}

describe('broken graphs give the catalogued error on the right node', () => {
  it('has at least 40 cases', () => expect(BROKEN_GRAPHS.length).toBeGreaterThanOrEqual(40));

  it.each(BROKEN_GRAPHS.map((g) => [g.name, g] as const))('%s', (_name, g) => {
    const result = compile(toProject(g));
    const match = result.errors.find((e) => e.code === g.expect.code && e.node === g.expect.node && (g.expect.param === undefined || e.param === g.expect.param));
    expect(match, `expected ${g.expect.code} on ${g.expect.node}; got ${JSON.stringify(result.errors)}`).toBeDefined();
    expect(result.ir).toBeUndefined();
    for (const e of result.errors) {
      expect(CATALOGUE[e.code]).toBeDefined();
      expect(e.message.length).toBeGreaterThan(10);
      expect(e.fix.length).toBeGreaterThan(10);
    }
  });
});

describe('compile', () => {
  const mlp = toProject({
    nodes: [['in', 'Input', { shape: [784] }], ['h', 'Dense', { units: 128, activation: 'relu' }], ['out', 'Dense', { units: 10 }]],
    edges: [['in', 'h'], ['h', 'out']],
  });

  it('infers shapes, counts parameters and lowers to verified IR', () => {
    const r = compile(mlp);
    expect(r.errors).toEqual([]);
    expect(r.shapes.get('h')!.outputShape).toEqual([128]);
    expect(r.totals).toEqual({ total: 101_770, trainable: 101_770, nonTrainable: 0 });
    expect(r.ir!.outputs).toEqual([{ name: 'out', node: r.ir!.nodes.length - 1 }]);
    expect(new Set(r.ir!.nodes.map((n) => n.origin))).toEqual(new Set(['in', 'h', 'out']));
  });

  it('skips lowering when only shapes are asked for', () => {
    expect(compile(mlp, { shapesOnly: true }).ir).toBeUndefined();
  });

  it('orders merge inputs by their slots, not by file order', () => {
    const g = toProject({
      nodes: [['in', 'Input', { shape: [4] }], ['a', 'Dense', { units: 2 }], ['b', 'Dense', { units: 3 }], ['m', 'Concatenate']],
      edges: [['b', 'm', 'in1'], ['a', 'm', 'in0'], ['in', 'a'], ['in', 'b']],
    });
    const r = compile(g);
    expect(r.errors).toEqual([]);
    expect(r.wiring.nodes.get('m')!.inputs).toEqual(['a', 'b']);
    expect(r.shapes.get('m')!.outputShape).toEqual([5]);
  });

  it('warns, without failing, when a graph has several ends', () => {
    const g = toProject({ nodes: [['in', 'Input', { shape: [4] }], ['a', 'Dense', { units: 2 }], ['b', 'Dense', { units: 3 }]], edges: [['in', 'a'], ['in', 'b']] });
    const r = compile(g);
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toEqual(['NW019', 'NW019']);
    expect(r.ir!.outputs.map((o) => o.name)).toEqual(['a', 'b']);
  });

  it('names both shapes when a merge does not fit', () => {
    const g = toProject({
      nodes: [['in', 'Input', { shape: [4] }], ['a', 'Dense', { units: 4 }], ['b', 'Dense', { units: 5 }], ['m', 'Add']],
      edges: [['in', 'a'], ['in', 'b'], ['a', 'm'], ['b', 'm']],
    });
    const [error] = compile(g).errors;
    expect(error!.message).toContain('(batch, 4)');
    expect(error!.message).toContain('(batch, 5)');
  });

  it('does not cascade: layers after a broken one get no error of their own', () => {
    const g = toProject({ nodes: [['in', 'Input', { shape: [10] }], ['r', 'LSTM', { units: 4 }], ['d', 'Dense', { units: 2 }]], edges: [['in', 'r'], ['r', 'd']] });
    expect(compile(g).errors.map((e) => e.node)).toEqual(['r']);
  });
});
