/** The SVG exporter: every layer and connection drawn, shapes on request, valid XML, sensible geometry. */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../shared/compiler';

import { toFlowGraph } from '../canvas/flow-graph';
import { TEMPLATES } from '../project/templates';
import { diagramFromFlow } from './collect';
import type { Diagram } from './diagram';
import { escapeXml, renderDiagramSvg } from './diagram-svg';

/** Tags open and close in order; a stand-in for an XML parser, which Node lacks. */
function wellFormed(svg: string): boolean {
  const stack: string[] = [];
  for (const [, close, name, selfClosing] of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (close) {
      if (stack.pop() !== name) return false;
    } else stack.push(name!);
  }
  return stack.length === 0;
}

const attrs = (svg: string, name: string) => [...svg.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((m) => m[1]);

const residual: Diagram = {
  title: 'A <residual> block & friends',
  nodes: [
    { id: 'in', x: 0, y: 0, width: 200, height: 76, type: 'Input', caption: '8 values', category: 'core', outputShape: '(None, 8)' },
    { id: 'fc', x: -150, y: 120, width: 200, height: 76, type: 'Dense', caption: '8 units · relu', category: 'core', outputShape: '(None, 8)' },
    { id: 'sum', x: 0, y: 240, width: 200, height: 76, type: 'Add', caption: '', category: 'merging', outputShape: '(None, 8)' },
  ],
  edges: [
    { id: 'in-fc', source: 'in', target: 'fc', targetHandle: 'in0', shape: '(None, 8)' },
    { id: 'fc-sum', source: 'fc', target: 'sum', targetHandle: 'in0', shape: '(None, 8)' },
    // The skip connection, straight from the input to the Add.
    { id: 'skip', source: 'in', target: 'sum', targetHandle: 'in1', shape: '(None, 8)' },
  ],
};

describe('renderDiagramSvg', () => {
  it('draws every layer and every connection, skip connections included', () => {
    const svg = renderDiagramSvg(residual, { showShapes: true });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(wellFormed(svg)).toBe(true);
    expect(attrs(svg, 'data-node-id')).toEqual(['in', 'fc', 'sum']);
    expect(attrs(svg, 'data-edge-id')).toEqual(['in-fc', 'fc-sum', 'skip']);
    for (const type of ['Input', 'Dense', 'Add', '8 units · relu']) expect(svg).toContain(`>${type}</text>`);
  });

  it('brings each connection into its own slot: in0 left of in1 on a merge layer', () => {
    const svg = renderDiagramSvg(residual, { showShapes: false });
    const endX = (id: string) => {
      const d = svg.match(new RegExp(`data-edge-id="${id}" d="([^"]*)"`))![1]!;
      return Number(d.trim().split(/[ ,]+/).at(-2));
    };
    // The Add spans x 0…200: slot in0 arrives at a third, in1 at two thirds.
    expect(endX('fc-sum')).toBeCloseTo(200 / 3, 0);
    expect(endX('skip')).toBeCloseTo(400 / 3, 0);
  });

  it('labels connections and the output with shapes only when asked', () => {
    const withShapes = renderDiagramSvg(residual, { showShapes: true });
    const without = renderDiagramSvg(residual, { showShapes: false });
    // Three connections and one output stub.
    expect(withShapes.match(/class="shape-label"/g)).toHaveLength(4);
    expect(without).not.toContain('shape-label');
    expect(without).not.toContain('(None, 8)');
  });

  it('escapes text, so any layer name or title gives valid XML', () => {
    const svg = renderDiagramSvg(residual, { showShapes: true });
    expect(svg).toContain('<title>A &lt;residual&gt; block &amp; friends</title>');
    expect(escapeXml(`"a" & 'b'`)).toBe('&quot;a&quot; &amp; &apos;b&apos;');
  });

  it('frames the drawing with a margin around every box', () => {
    const svg = renderDiagramSvg(residual, { showShapes: false });
    const [x, y, w, h] = svg.match(/viewBox="([^"]*)"/)![1]!.split(' ').map(Number);
    expect(x).toBeLessThan(-150);
    expect(y).toBeLessThan(0);
    expect(x! + w!).toBeGreaterThan(200);
    expect(y! + h!).toBeGreaterThan(240 + 36);
  });

  it('draws thumbnails without any text', () => {
    const svg = renderDiagramSvg(residual, { showShapes: true, thumbnail: true });
    expect(svg).not.toMatch(/<text/);
    expect(attrs(svg, 'data-node-id')).toHaveLength(3);
  });

  it.each(TEMPLATES.filter((t) => t.id.endsWith('.nwproj')).map((t) => [t.id, t] as const))('exports the %s template whole', (_id, template) => {
    const loaded = template.load();
    if (!loaded.ok) throw new Error(loaded.errors[0]!.message);
    const graph = toFlowGraph(loaded.project, compile(loaded.project, { shapesOnly: true }));
    const svg = renderDiagramSvg(diagramFromFlow(loaded.project.name, graph.nodes, graph.edges), { showShapes: true });
    expect(wellFormed(svg)).toBe(true);
    expect(new Set(attrs(svg, 'data-node-id'))).toEqual(new Set(loaded.project.nodes.map((n) => n.id)));
    expect(new Set(attrs(svg, 'data-edge-id'))).toEqual(new Set(loaded.project.edges.map((e) => e.id)));
  });
});

describe('an empty diagram', () => {
  it('is still a valid SVG', () => {
    const svg = renderDiagramSvg({ title: 'empty', nodes: [], edges: [] }, { showShapes: true });
    expect(wellFormed(svg)).toBe(true);
    expect(svg).not.toContain('NaN');
    expect(svg).not.toContain('Infinity');
  });
});

