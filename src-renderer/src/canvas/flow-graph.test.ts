/** What the canvas draws for a project: shapes, counts, problems, handles, positions. */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../shared/compiler';
import { loadProjectObject, type Project } from '../../../shared/graph';
import { BUILTIN_XOR } from '../project/builtin-xor';
import { formatShape, STACK_SPACING, toFlowGraph } from './flow-graph';
import { initialViewport, READABLE_ZOOM } from './viewport';

function load(doc: unknown): Project {
  const result = loadProjectObject(doc);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.project;
}

const graphOf = (doc: unknown) => {
  const project = load(doc);
  return toFlowGraph(project, compile(project, { shapesOnly: true }));
};

const doc = (nodes: unknown[], edges: unknown[] = []) => ({ format: 'netwright', version: 1, name: 't', nodes, edges });

describe('formatShape', () => {
  it.each([
    [[8], '(None, 8)'],
    [[28, 28, 1], '(None, 28, 28, 1)'],
    [[], '(None,)'],
  ])('writes %j as Keras does: %s', (shape, text) => {
    expect(formatShape(shape)).toBe(text);
  });
});

describe('toFlowGraph', () => {
  it('draws the built-in XOR with shapes, parameter counts and edge shapes', () => {
    const graph = graphOf(BUILTIN_XOR);
    expect(graph.nodes.map((n) => [n.id, n.data.layerType, n.data.outputShape, n.data.params])).toEqual([
      ['input', 'Input', '(None, 2)', 0],
      ['hidden', 'Dense', '(None, 8)', 2 * 8 + 8],
      ['output', 'Dense', '(None, 1)', 8 + 1],
    ]);
    expect(graph.edges.map((e) => [e.id, e.data?.shape])).toEqual([
      ['input-hidden', '(None, 2)'],
      ['hidden-output', '(None, 8)'],
    ]);
    expect(graph.graphIssues).toEqual([]);
    expect(graph.nodes.every((n) => n.data.issues.length === 0)).toBe(true);
  });

  it('stacks unplaced layers in data-flow order and keeps placed ones where they are', () => {
    const graph = graphOf(doc(
      [
        { id: 'out', type: 'Dense', params: { units: 1 } },
        { id: 'in', type: 'Input', params: { shape: [3] }, position: { x: 40, y: -10 } },
        { id: 'mid', type: 'Dense', params: { units: 4 } },
      ],
      [{ id: 'a', source: 'in', target: 'mid' }, { id: 'b', source: 'mid', target: 'out' }],
    ));
    const at = Object.fromEntries(graph.nodes.map((n) => [n.id, n.position]));
    expect(at).toEqual({ in: { x: 40, y: -10 }, mid: { x: 0, y: STACK_SPACING }, out: { x: 0, y: 2 * STACK_SPACING } });
  });

  it('pins each error to its layer, with code, message and fix, and leaves later shapes unknown', () => {
    const graph = graphOf(doc(
      [
        { id: 'in', type: 'Input', params: { shape: [4] } },
        { id: 'typo', type: 'Dence', params: {} },
        { id: 'after', type: 'Dense', params: { units: 2 } },
      ],
      [{ id: 'a', source: 'in', target: 'typo' }, { id: 'b', source: 'typo', target: 'after' }],
    ));
    const typo = graph.nodes.find((n) => n.id === 'typo')!;
    expect(typo.data.issues.map((e) => e.code)).toEqual(['NW010']);
    expect(typo.data.issues[0]!.fix).not.toBe('');
    expect(typo.data.category).toBe('unknown');
    expect(typo.zIndex).toBe(2);
    expect(graph.nodes.find((n) => n.id === 'after')!.data.outputShape).toBeNull();
    expect(graph.edges.find((e) => e.id === 'b')!.data?.shape).toBeNull();
  });

  it('lists problems that belong to no layer apart', () => {
    const graph = graphOf(doc([{ id: 'd', type: 'Dense', params: { units: 3 } }]));
    expect(graph.graphIssues.map((e) => e.code)).toContain('NW013');
  });

  it('gives a merge layer one input handle per slot, honouring explicit slots, plus a free one for the next branch', () => {
    const graph = graphOf(doc(
      [
        { id: 'in', type: 'Input', params: { shape: [4] } },
        { id: 'a', type: 'Dense', params: { units: 4 } },
        { id: 'b', type: 'Dense', params: { units: 4 } },
        { id: 'sum', type: 'Add', params: {} },
      ],
      [
        { id: 'in-a', source: 'in', target: 'a' },
        { id: 'in-b', source: 'in', target: 'b' },
        { id: 'b-sum', source: 'b', target: 'sum', targetHandle: 'in0' },
        { id: 'a-sum', source: 'a', target: 'sum' },
      ],
    ));
    expect(graph.nodes.find((n) => n.id === 'sum')!.data.inputs).toEqual(['in0', 'in1', 'in2']);
    expect(graph.nodes.find((n) => n.id === 'sum')!.data.merges).toBe(true);
    expect(graph.nodes.find((n) => n.id === 'in')!.data.inputs).toEqual([]);
    expect(Object.fromEntries(graph.edges.map((e) => [e.id, e.targetHandle]))).toMatchObject({ 'b-sum': 'in0', 'a-sum': 'in1' });
  });

  it('offers no free slot on a merge layer that is full, and two empty ones on an unconnected one', () => {
    const graph = graphOf(doc(
      [
        { id: 'in', type: 'Input', params: { shape: [4] } },
        { id: 'left', type: 'Dense', params: { units: 4 } },
        { id: 'diff', type: 'Subtract', params: {} },
        { id: 'sum', type: 'Add', params: {} },
      ],
      [
        { id: 'a', source: 'in', target: 'left' },
        { id: 'b', source: 'in', target: 'diff' },
        { id: 'c', source: 'left', target: 'diff' },
      ],
    ));
    expect(graph.nodes.find((n) => n.id === 'diff')!.data.inputs).toEqual(['in0', 'in1']);
    expect(graph.nodes.find((n) => n.id === 'sum')!.data.inputs).toEqual(['in0', 'in1']);
  });

  it('captions each layer with its key settings, defaults filled in', () => {
    const graph = graphOf(doc(
      [
        { id: 'in', type: 'Input', params: { shape: [28, 28, 1] } },
        { id: 'conv', type: 'Conv2D', params: { filters: 16, kernel_size: 3, padding: 'same', activation: 'relu' } },
        { id: 'flat', type: 'Flatten', params: {} },
        { id: 'drop', type: 'Dropout', params: { rate: 0.2 } },
        { id: 'out', type: 'Dense', params: { units: 10, activation: 'softmax' } },
      ],
      [
        { id: 'a', source: 'in', target: 'conv' },
        { id: 'b', source: 'conv', target: 'flat' },
        { id: 'c', source: 'flat', target: 'drop' },
        { id: 'd', source: 'drop', target: 'out' },
      ],
    ));
    expect(Object.fromEntries(graph.nodes.map((n) => [n.id, n.data.caption]))).toEqual({
      in: '28×28×1',
      conv: '16 filters · 3×3 · same · relu',
      flat: '',
      drop: 'rate 0.2',
      out: '10 units · softmax',
    });
  });
});

describe('initialViewport', () => {
  const size = { width: 1000, height: 800 };

  it('fits and centres a small graph', () => {
    const v = initialViewport({ x: 0, y: 0, width: 200, height: 300 }, size);
    expect(v.zoom).toBe(1.25);
    expect(v.x + 100 * v.zoom).toBeCloseTo(500);
    expect(v.y + 150 * v.zoom).toBeCloseTo(400);
  });

  it('starts a tall graph from the top at a readable zoom', () => {
    const v = initialViewport({ x: -200, y: 0, width: 400, height: 3000 }, size);
    expect(v.zoom).toBe(READABLE_ZOOM);
    expect(v.y).toBeGreaterThan(0);
    expect(v.y).toBeLessThan(100);
  });
});
