/**
 * Keeps React Flow's node and edge objects the same objects when nothing
 * about them changed. The canvas rebuilds its graph from the document after
 * every edit; without this, every layer node would get a new object, React
 * Flow would re-adopt all of them and every memoised node view would render
 * again. With it, an edit re-renders only the layers it touched.
 *
 * It also carries over what React Flow measured (`measured`): a node object
 * without it counts as unmeasured and is hidden until measured again.
 */
import type { GraphError } from '../../../shared/compiler';
import type { LayerFlowNode, LayerNodeData, ShapeFlowEdge } from './flow-graph';

function sameIssues(a: readonly GraphError[], b: readonly GraphError[]): boolean {
  return a.length === b.length && a.every((e, i) => e.code === b[i]!.code && e.message === b[i]!.message && e.fix === b[i]!.fix && e.severity === b[i]!.severity);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function sameNodeData(a: LayerNodeData, b: LayerNodeData): boolean {
  return (
    a.layerType === b.layerType &&
    a.caption === b.caption &&
    a.category === b.category &&
    a.outputShape === b.outputShape &&
    a.params === b.params &&
    a.merges === b.merges &&
    sameList(a.inputs, b.inputs) &&
    sameIssues(a.issues, b.issues)
  );
}

/**
 * The next node list: `next`'s content, with `selected` from the selection,
 * reusing `prev`'s objects wherever the result would be equal.
 */
export function reconcileNodes(prev: readonly LayerFlowNode[], next: readonly LayerFlowNode[], selected: ReadonlySet<string>): LayerFlowNode[] {
  const before = new Map(prev.map((n) => [n.id, n]));
  return next.map((n) => {
    const old = before.get(n.id);
    const isSelected = selected.has(n.id);
    if (!old) return isSelected ? { ...n, selected: true } : n;
    const data = sameNodeData(old.data, n.data) ? old.data : n.data;
    const samePosition = old.position.x === n.position.x && old.position.y === n.position.y;
    if (data === old.data && samePosition && (old.selected ?? false) === isSelected && old.zIndex === n.zIndex) return old;
    return {
      ...n,
      data,
      position: samePosition ? old.position : n.position,
      selected: isSelected,
      ...(old.measured ? { measured: old.measured } : {}),
    };
  });
}

export function reconcileEdges(prev: readonly ShapeFlowEdge[], next: readonly ShapeFlowEdge[], selected: ReadonlySet<string>): ShapeFlowEdge[] {
  const before = new Map(prev.map((e) => [e.id, e]));
  return next.map((e) => {
    const old = before.get(e.id);
    const isSelected = selected.has(e.id);
    if (
      old &&
      old.source === e.source &&
      old.target === e.target &&
      old.targetHandle === e.targetHandle &&
      old.data?.shape === e.data?.shape &&
      (old.selected ?? false) === isSelected
    ) {
      return old;
    }
    return isSelected ? { ...e, selected: true } : e;
  });
}
