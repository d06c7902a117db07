/**
 * Auto-layout ("Tidy up", L): ELK's layered algorithm, top to bottom, the way
 * a network is drawn in a paper: the Input at the top, one row per depth,
 * branches side by side and skip connections around them. Each merge layer's
 * inputs keep their slot order left to right (in0 left of in1), so the
 * drawing matches how the compiler reads the inputs.
 *
 * This file builds ELK's graph and reads its answer; running ELK is left to
 * the caller (elk-runner.ts), which keeps it off the UI thread.
 */
import type { ElkNode } from 'elkjs/lib/elk-api';

export interface LayoutNode {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  /** Input slot ids in order (in0, in1, …). */
  readonly inputs: readonly string[];
}

export interface LayoutEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly targetHandle: string;
}

export interface Layout {
  layout(graph: ElkNode): Promise<ElkNode>;
}

/** Space between neighbouring layers in a row, and between rows (room for the shape labels). */
export const NODE_GAP = 48;
export const ROW_GAP = 64;

const port = (node: string, handle: string) => `${node}::${handle}`;

export function toElkGraph(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): ElkNode {
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': String(NODE_GAP),
      'elk.layered.spacing.nodeNodeBetweenLayers': String(ROW_GAP),
      'elk.layered.spacing.edgeNodeBetweenLayers': '24',
      // Straight chains stay straight; branches spread evenly around them.
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.separateConnectedComponents': 'true',
    },
    children: nodes.map((n) => ({
      id: n.id,
      width: n.width,
      height: n.height,
      layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
      ports: [
        ...n.inputs.map((h, i) => ({ id: port(n.id, h), width: 1, height: 1, layoutOptions: { 'elk.port.side': 'NORTH', 'elk.port.index': String(i) } })),
        { id: port(n.id, 'out'), width: 1, height: 1, layoutOptions: { 'elk.port.side': 'SOUTH' } },
      ],
    })),
    edges: edges.map((e) => ({ id: e.id, sources: [port(e.source, 'out')], targets: [port(e.target, e.targetHandle)] })),
  };
}

/** Top-left positions from ELK's answer, shifted so the layout keeps `anchor` (the old top-left corner). */
export function positionsFrom(result: ElkNode, anchor: { x: number; y: number }): Map<string, { x: number; y: number }> {
  const children = result.children ?? [];
  const minX = Math.min(...children.map((c) => c.x ?? 0));
  const minY = Math.min(...children.map((c) => c.y ?? 0));
  return new Map(children.map((c) => [c.id, { x: Math.round((c.x ?? 0) - minX + anchor.x), y: Math.round((c.y ?? 0) - minY + anchor.y) }]));
}

export async function autoLayout(elk: Layout, nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], anchor = { x: 0, y: 0 }): Promise<Map<string, { x: number; y: number }>> {
  if (nodes.length === 0) return new Map();
  return positionsFrom(await elk.layout(toElkGraph(nodes, edges)), anchor);
}
