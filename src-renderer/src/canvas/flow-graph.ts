/**
 * From a project and its compile result to what React Flow draws: one layer
 * node per document node, carrying its output shape, parameter count and the
 * problems pinned to it, and one edge per connection, labelled with the
 * tensor shape it carries. Pure, so it is tested without a DOM.
 */
import type { Edge, Node, XYPosition } from '@xyflow/react';
import type { CompileResult, GraphError } from '../../../shared/compiler';
import type { Project } from '../../../shared/graph';
import { getLayer, type LayerCategory, type Shape } from '../../../shared/layers';
import { LAYER_SPACING } from '../project/edits';
import { layerCaption } from '../project/layer-caption';
import { assignTargetHandles, slotIndex } from '../project/slots';

export interface LayerNodeData extends Record<string, unknown> {
  readonly layerType: string;
  /** The layer's key settings, e.g. "8 units · tanh" (layer-caption.ts). */
  readonly caption: string;
  readonly category: LayerCategory | 'unknown';
  /** Keras notation with the batch axis, e.g. "(None, 8)"; null when the shape is unknown. */
  readonly outputShape: string | null;
  readonly params: number | null;
  readonly issues: readonly GraphError[];
  /** Target handle ids, in slot order: in0, in1, … Empty for Input layers. */
  readonly inputs: readonly string[];
  /** True for layers with several input slots (Add, Concatenate…), whose handles are labelled. */
  readonly merges: boolean;
}

export interface ShapeEdgeData extends Record<string, unknown> {
  readonly shape: string | null;
}

export type LayerFlowNode = Node<LayerNodeData, 'layer'>;
export type ShapeFlowEdge = Edge<ShapeEdgeData, 'shape'>;

export interface FlowGraph {
  readonly nodes: LayerFlowNode[];
  readonly edges: ShapeFlowEdge[];
  /** Problems not pinned to a layer (e.g. "no Input layer"), shown apart from the nodes. */
  readonly graphIssues: readonly GraphError[];
}

/** The vertical distance between stacked layers, for documents that give no positions. */
export const STACK_SPACING = LAYER_SPACING;

/** A layer node's size before React Flow has measured it (styles: .layer-node). */
export const DEFAULT_NODE_SIZE = { width: 184, height: 74 } as const;

/** Python's tuple notation, as Keras prints it: (None, 8), and (None,) for a scalar per sample. */
export function formatShape(shape: Shape): string {
  const dims = ['None', ...shape.map(String)];
  return `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;
}

const COUNT = new Intl.NumberFormat('en-US');

/** 101,770: Keras's grouping. One formatter for all, since making one per call is slow. */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** Topological order where known, then whatever is left (nodes in loops) in file order. */
function stackOrder(project: Project, result: CompileResult): string[] {
  const order = result.wiring.order.filter((id) => project.nodes.some((n) => n.id === id));
  const placed = new Set(order);
  return [...order, ...project.nodes.map((n) => n.id).filter((id) => !placed.has(id))];
}

function bySlot(a: string, b: string): number {
  return slotIndex(a) - slotIndex(b);
}

export function toFlowGraph(project: Project, result: CompileResult): FlowGraph {
  const issues = [...result.errors, ...result.warnings];
  const targetHandles = assignTargetHandles(project);
  const stackIndex = new Map(stackOrder(project, result).map((id, i) => [id, i]));

  const nodes = project.nodes.map((n): LayerFlowNode => {
    const def = getLayer(n.type);
    const shapes = result.shapes.get(n.id);
    const handles = new Set(project.edges.filter((e) => e.target === n.id).map((e) => targetHandles.get(e.id)!));
    const connected = handles.size;
    const min = def?.arity.min ?? 1;
    const max = def?.arity.max ?? 1;
    // A layer that takes input but has none connected still shows where one goes…
    for (let i = 0; i < Math.min(min, max); i++) handles.add(`in${i}`);
    // …and a merge layer whose slots are all taken, with room for more, shows one free slot for the next branch.
    if (max > 1 && connected >= min && handles.size < max) {
      let free = 0;
      while (handles.has(`in${free}`)) free++;
      handles.add(`in${free}`);
    }
    const position: XYPosition = n.position ?? { x: 0, y: stackIndex.get(n.id)! * STACK_SPACING };
    const nodeIssues = issues.filter((e) => e.node === n.id);
    return {
      id: n.id,
      type: 'layer',
      position,
      // A node's problems are drawn beside it; raise it so they cover its neighbours, errors above warnings.
      ...(nodeIssues.length ? { zIndex: nodeIssues.some((e) => e.severity === 'error') ? 2 : 1 } : {}),
      data: {
        layerType: n.type,
        caption: def ? layerCaption(n.type, n.params) : '',
        category: def?.category ?? 'unknown',
        outputShape: shapes ? formatShape(shapes.outputShape) : null,
        params: shapes ? shapes.params.trainable + shapes.params.nonTrainable : null,
        issues: nodeIssues,
        inputs: [...handles].sort(bySlot),
        merges: (def?.arity.max ?? 1) > 1,
      },
    };
  });

  const edges = project.edges.map((e): ShapeFlowEdge => {
    const source = result.shapes.get(e.source);
    return {
      id: e.id,
      type: 'shape',
      source: e.source,
      target: e.target,
      sourceHandle: 'out',
      targetHandle: targetHandles.get(e.id)!,
      data: { shape: source ? formatShape(source.outputShape) : null },
    };
  });

  const nodeIds = new Set(project.nodes.map((n) => n.id));
  const graphIssues = issues.filter((e) => !e.node || !nodeIds.has(e.node));
  return { nodes, edges, graphIssues };
}
