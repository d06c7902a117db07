/**
 * The canvas: the open project drawn with React Flow, with the shapes and
 * errors the compiler found. Layout is the document's positions, else a
 * vertical stack (flow-graph.ts); the camera starts where viewport.ts says.
 */
import { Background, Controls, Panel, ReactFlow, useNodesInitialized, useReactFlow, useStore } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CompileResult, GraphError } from '../../../shared/compiler';
import type { Project } from '../../../shared/graph';
import { toFlowGraph, type LayerFlowNode } from './flow-graph';
import { LayerNode } from './LayerNode';
import { ShapeEdge } from './ShapeEdge';
import { CALLOUT_WIDTH, initialViewport, MAX_ZOOM } from './viewport';

const nodeTypes = { layer: LayerNode };
const edgeTypes = { shape: ShapeEdge };
const fitViewOptions = { padding: 0.15, maxZoom: MAX_ZOOM };

export function IssueList({ issues, title }: { issues: readonly GraphError[]; title: string }) {
  return (
    <section className="issue-panel" data-testid="graph-errors">
      <h2>{title}</h2>
      <ul>
        {issues.map((issue, i) => (
          <li key={i} className={`issue issue--${issue.severity}`} data-testid="graph-error">
            <span className="issue__code">{issue.code}</span> {issue.message}
            <div className="issue__fix">Fix: {issue.fix}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Places the camera once the nodes have been measured, then reports that it is done. */
function InitialViewport({ onPlaced }: { onPlaced(): void }) {
  const measured = useNodesInitialized();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const flow = useReactFlow();
  useEffect(() => {
    if (!measured || !width || !height) return;
    const nodes = flow.getNodes() as LayerFlowNode[];
    const bounds = flow.getNodesBounds(nodes);
    const callouts = nodes.some((n) => n.data.issues.length > 0) ? CALLOUT_WIDTH : 0;
    void flow.setViewport(initialViewport({ ...bounds, width: bounds.width + callouts }, { width, height })).then(onPlaced);
  }, [measured, width, height, flow, onPlaced]);
  return null;
}

export function Canvas({ project, result }: { project: Project; result: CompileResult }) {
  const graph = useMemo(() => toFlowGraph(project, result), [project, result]);
  const [placed, setPlaced] = useState(false);
  const onPlaced = useCallback(() => setPlaced(true), []);
  return (
    <div className={`canvas${placed ? '' : ' canvas--placing'}`} data-testid="canvas" data-placed={placed}>
      <ReactFlow
        defaultNodes={graph.nodes}
        defaultEdges={graph.edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        colorMode="light"
        minZoom={0.2}
        maxZoom={2}
        fitViewOptions={fitViewOptions}
        nodesConnectable={false}
      >
        {!placed && <InitialViewport onPlaced={onPlaced} />}
        <Background gap={20} size={1.2} />
        <Controls showInteractive={false} fitViewOptions={fitViewOptions} />
        {graph.graphIssues.length > 0 && (
          <Panel position="top-left">
            <IssueList issues={graph.graphIssues} title="Problems in the model" />
          </Panel>
        )}
      </ReactFlow>
    </div>
  );
}
