/** The live compile: once per document, and not again when only positions changed. */
import { describe, expect, it } from 'vitest';
import { loadProjectObject, type Project } from '../../../shared/graph';
import { BUILTIN_XOR } from './builtin-xor';
import { compileProject } from './compiled';
import { moveNodes, setParam } from './edits';

function xor(): Project {
  const r = loadProjectObject(BUILTIN_XOR);
  if (!r.ok) throw new Error('XOR does not load');
  return r.project;
}

describe('compileProject', () => {
  it('reuses the result for the same document and for one that only moved layers', () => {
    const p = xor();
    const first = compileProject(p);
    expect(compileProject(p)).toBe(first);
    const moved = moveNodes(p, new Map([['hidden', { x: 400, y: 400 }]]));
    expect(moved).not.toBe(p);
    expect(compileProject(moved)).toBe(first);
  });

  it('compiles again when a parameter or a connection changed', () => {
    const p = xor();
    const first = compileProject(p);
    const wider = setParam(p, 'hidden', 'units', 16);
    const second = compileProject(wider);
    expect(second).not.toBe(first);
    expect(second.result.shapes.get('hidden')!.outputShape).toEqual([16]);
    const unwired = { ...wider, edges: wider.edges.slice(1) };
    expect(compileProject(unwired).result.errors.map((e) => e.code)).toContain('NW015');
  });

  it('carries the cost estimates with the result', () => {
    const { costs, result } = compileProject(xor());
    expect(costs.layers.size).toBe(result.shapes.size);
    expect(costs.totals.flops).toBe(2 * (2 * 8 + 8 * 1) + 8 + 8 + 1 + 1);
  });
});
