/**
 * The canvas: the open project drawn with React Flow, its shapes and errors
 * computed by the compiler on the spot. Layout is the document's positions,
 * else a vertical stack (flow-graph.ts).
 */
import { Background, Controls, MarkerType, Panel, ReactFlow } from '@xyflow/react';
import { useMemo } from 'react';
import { compile, type GraphError } from '../../../shared/compiler';
import type { Project } from '../../../shared/graph';
import { toFlowGraph } from './flow-graph';
import { LayerNode } from './LayerNode';
import { ShapeEdge } from './ShapeEdge';

const nodeTypes = { layer: LayerNode };
const edgeTypes = { shape: ShapeEdge };
const defaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } };
const fitViewOptions = { padding: 0.25, maxZoom: 1.25 };

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

export function Canvas({ project }: { project: Project }) {
  const graph = useMemo(() => toFlowGraph(project, compile(project, { shapesOnly: true })), [project]);
  return (
    <div className="canvas" data-testid="canvas">
      <ReactFlow
        defaultNodes={graph.nodes}
        defaultEdges={graph.edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        colorMode="light"
        fitView
        fitViewOptions={fitViewOptions}
        minZoom={0.2}
        nodesConnectable={false}
      >
        <Background gap={20} size={1.2} />
        <Controls showInteractive={false} />
        {graph.graphIssues.length > 0 && (
          <Panel position="top-left">
            <IssueList issues={graph.graphIssues} title="Problems in the model" />
          </Panel>
        )}
      </ReactFlow>
    </div>
  );
}
