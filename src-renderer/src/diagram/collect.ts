/**
 * The diagram of what is on the canvas: React Flow's nodes with their measured
 * sizes, or, without a canvas, the document's positions at the default size.
 */
import type { ActionContext } from '../actions/types';
import { DEFAULT_NODE_SIZE, toFlowGraph, type LayerFlowNode, type ShapeFlowEdge } from '../canvas/flow-graph';
import { compileProject } from '../project/compiled';
import type { Diagram } from './diagram';

export function diagramFromFlow(title: string, nodes: readonly LayerFlowNode[], edges: readonly ShapeFlowEdge[]): Diagram {
  return {
    title,
    nodes: nodes.map((n) => ({
      id: n.id,
      x: n.position.x,
      y: n.position.y,
      width: n.measured?.width ?? n.width ?? DEFAULT_NODE_SIZE.width,
      height: n.measured?.height ?? n.height ?? DEFAULT_NODE_SIZE.height,
      type: n.data.layerType,
      caption: n.data.caption,
      category: n.data.category,
      outputShape: n.data.outputShape,
    })),
    edges: edges.map((e) => ({ id: e.id, source: e.source, target: e.target, targetHandle: e.targetHandle ?? 'in0', shape: e.data?.shape ?? null })),
  };
}

export function currentDiagram(ctx: Pick<ActionContext, 'project' | 'flow'>): Diagram | null {
  const { project } = ctx.project;
  if (!project) return null;
  if (ctx.flow) return diagramFromFlow(project.name, ctx.flow.getNodes(), ctx.flow.getEdges());
  const graph = toFlowGraph(project, compileProject(project).result);
  return diagramFromFlow(project.name, graph.nodes, graph.edges);
}

/** "XOR: why we need hidden layers" → "xor-why-we-need-hidden-layers.svg". */
export function diagramFileName(ctx: Pick<ActionContext, 'project'>, extension: string): string {
  const name = ctx.project.project?.name ?? 'model';
  const slug = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
  return `${slug || 'model'}.${extension}`;
}
