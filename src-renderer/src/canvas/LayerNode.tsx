/**
 * One layer on the canvas: its type and id, the shape it outputs, its
 * parameter count, and any problem pinned to it with the fix. Problems sit in
 * a callout beside the node rather than inside it, so a broken layer keeps its
 * size and does not cover the layers below. A thin view: everything it shows
 * comes from flow-graph.ts.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { formatCount, type LayerFlowNode } from './flow-graph';

function handleLeft(index: number, count: number): string {
  return `${((index + 1) / (count + 1)) * 100}%`;
}

export const LayerNode = memo(function LayerNode({ id, data, selected }: NodeProps<LayerFlowNode>) {
  const errors = data.issues.filter((e) => e.severity === 'error');
  const className = ['layer-node', `category-${data.category}`, errors.length ? 'has-errors' : '', selected ? 'selected' : ''].filter(Boolean).join(' ');
  return (
    <div className={className} data-testid="layer-node" data-node-id={id} data-layer-type={data.layerType}>
      {data.inputs.map((handle, i) => (
        <Handle key={handle} id={handle} type="target" position={Position.Top} style={{ left: handleLeft(i, data.inputs.length) }} />
      ))}
      <div className="layer-node__row layer-node__head">
        <span className="layer-node__type">{data.layerType}</span>
        <span className="layer-node__id" title={id}>
          {id}
        </span>
      </div>
      <div className="layer-node__row layer-node__facts">
        <span className="layer-node__shape" data-testid="output-shape" title="Output shape (None is the batch)">
          {data.outputShape ?? '?'}
        </span>
        <span className="layer-node__params" title="Parameters">
          <span data-testid="param-count">{data.params === null ? '?' : formatCount(data.params)}</span> params
        </span>
      </div>
      {data.issues.length > 0 && (
        <ul className="layer-node__issues" role="note">
          {data.issues.map((issue, i) => (
            // A warning is advice, not a blocker: it stays short, with its fix on hover.
            <li key={i} className={`issue issue--${issue.severity}`} data-testid="node-error" {...(issue.severity === 'warning' ? { title: `Fix: ${issue.fix}` } : {})}>
              <span className="issue__code">{issue.code}</span> {issue.message}
              {issue.severity === 'error' && <div className="issue__fix">Fix: {issue.fix}</div>}
            </li>
          ))}
        </ul>
      )}
      <Handle id="out" type="source" position={Position.Bottom} />
    </div>
  );
});
