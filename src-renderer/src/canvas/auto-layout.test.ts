/** Auto-layout with the real ELK: top to bottom, rows by depth, merge inputs in slot order. */
import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { autoLayout, ROW_GAP, toElkGraph, type LayoutEdge, type LayoutNode } from './auto-layout';

const node = (id: string, inputs: string[] = ['in0']): LayoutNode => ({ id, width: 200, height: 76, inputs });
const edge = (source: string, target: string, targetHandle = 'in0'): LayoutEdge => ({ id: `${source}-${target}`, source, target, targetHandle });

describe('autoLayout', () => {
  it('stacks a chain top to bottom, one row apart, in one column', async () => {
    const nodes = [node('c'), node('a', []), node('b')];
    const at = await autoLayout(new ELK(), nodes, [edge('a', 'b'), edge('b', 'c')], { x: 100, y: 50 });
    expect(at.get('a')).toEqual({ x: 100, y: 50 });
    expect(at.get('b')!.y - at.get('a')!.y).toBeGreaterThanOrEqual(76 + ROW_GAP - 1);
    expect(at.get('c')!.y).toBeGreaterThan(at.get('b')!.y);
    expect(at.get('b')!.x).toBe(at.get('a')!.x);
    expect(at.get('c')!.x).toBe(at.get('a')!.x);
  });

  it('puts the branch into a merge layer\'s in0 to the left of the one into in1', async () => {
    const nodes = [node('in', []), node('left'), node('right'), node('sum', ['in0', 'in1'])];
    for (const [first, second] of [['left', 'right'], ['right', 'left']] as const) {
      const edges = [edge('in', 'left'), edge('in', 'right'), edge(first, 'sum', 'in0'), edge(second, 'sum', 'in1')];
      const at = await autoLayout(new ELK(), nodes, edges);
      expect(at.get(first)!.x).toBeLessThan(at.get(second)!.x);
      expect(at.get('sum')!.y).toBeGreaterThan(at.get(first)!.y);
    }
  });

  it('gives each node its ports in slot order', () => {
    const g = toElkGraph([node('sum', ['in0', 'in1'])], []);
    expect(g.children![0]!.ports!.map((p) => p.id)).toEqual(['sum::in0', 'sum::in1', 'sum::out']);
  });

  it('does nothing for an empty graph', async () => {
    expect((await autoLayout(new ELK(), [], [])).size).toBe(0);
  });
});
