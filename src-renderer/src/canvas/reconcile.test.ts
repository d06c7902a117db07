/** Unchanged layers keep their objects across edits, so React Flow and memo skip them. */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../shared/compiler';
import { loadProjectObject, type Project } from '../../../shared/graph';
import { BUILTIN_XOR } from '../project/builtin-xor';
import { moveNodes, setParam } from '../project/edits';
import { toFlowGraph } from './flow-graph';
import { reconcileEdges, reconcileNodes } from './reconcile';

function xor(): Project {
  const r = loadProjectObject(BUILTIN_XOR);
  if (!r.ok) throw new Error('XOR does not load');
  return r.project;
}
const graph = (p: Project) => toFlowGraph(p, compile(p, { shapesOnly: true }));
const none = new Set<string>();

describe('reconcileNodes', () => {
  it('keeps every object when nothing changed', () => {
    const p = xor();
    const first = reconcileNodes([], graph(p).nodes, none);
    const again = reconcileNodes(first, graph(p).nodes, none);
    again.forEach((n, i) => expect(n).toBe(first[i]));
  });

  it('renews only the layer whose parameters changed, and the layers whose shapes follow', () => {
    const p = xor();
    const first = reconcileNodes([], graph(p).nodes, none);
    const next = reconcileNodes(first, graph(setParam(p, 'hidden', 'units', 16)).nodes, none);
    const byId = (list: typeof first, id: string) => list.find((n) => n.id === id)!;
    expect(byId(next, 'input')).toBe(byId(first, 'input'));
    expect(byId(next, 'hidden')).not.toBe(byId(first, 'hidden'));
    expect(byId(next, 'hidden').data.outputShape).toBe('(None, 16)');
    // The output's parameter count changes (16 + 1), so it is renewed too.
    expect(byId(next, 'output').data.params).toBe(17);
  });

  it('keeps the data object when only the position changed, and carries over the measured size', () => {
    const p = xor();
    const first = reconcileNodes([], graph(p).nodes, none).map((n) => ({ ...n, measured: { width: 200, height: 76 } }));
    const moved = moveNodes(p, new Map([['input', { x: 500, y: 500 }]]));
    const next = reconcileNodes(first, graph(moved).nodes, none);
    expect(next[0]!.position).toEqual({ x: 500, y: 500 });
    expect(next[0]!.data).toBe(first[0]!.data);
    expect(next[0]!.measured).toEqual({ width: 200, height: 76 });
    expect(next[1]).toBe(first[1]);
  });

  it('applies the selection, renewing only the layers whose selection changed', () => {
    const p = xor();
    const first = reconcileNodes([], graph(p).nodes, none);
    const next = reconcileNodes(first, graph(p).nodes, new Set(['hidden']));
    expect(next.map((n) => n.selected ?? false)).toEqual([false, true, false]);
    expect(next[0]).toBe(first[0]);
    expect(next[1]).not.toBe(first[1]);
  });
});

describe('reconcileEdges', () => {
  it('keeps unchanged connections and renews those whose shape changed', () => {
    const p = xor();
    const first = reconcileEdges([], graph(p).edges, none);
    const next = reconcileEdges(first, graph(setParam(p, 'hidden', 'units', 4)).edges, none);
    expect(next[0]).toBe(first[0]);
    expect(next[1]).not.toBe(first[1]);
    expect(next[1]!.data?.shape).toBe('(None, 4)');
  });
});
