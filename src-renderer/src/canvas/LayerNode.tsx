/**
 * One layer on the canvas: its type and id, its key settings, the shape it
 * outputs, its parameter count, and any problem pinned to it with the fix.
 * Problems sit in a callout beside the node rather than inside it, so a
 * broken layer keeps its size and does not cover the layers below. A thin
 * view: everything it shows comes from flow-graph.ts.
 */
import { Handle, Position, useStore, useUpdateNodeInternals, type NodeProps, type ReactFlowState } from '@xyflow/react';
import { memo, useEffect, useRef } from 'react';
import { formatCount, type LayerFlowNode } from './flow-graph';

function handleLeft(index: number, count: number): string {
  return `${((index + 1) / (count + 1)) * 100}%`;
}

/** React Flow measures handles once; a merge layer that gains a slot must ask again. */
function useRemeasureOnHandles(id: string, handles: readonly string[]): void {
  const update = useUpdateNodeInternals();
  const key = handles.join(',');
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    update(id);
  }, [id, key, update]);
}

/**
 * Below this zoom the details (key settings, shape, parameter count) are too
 * small to read, so a layer shows only its type: a map of the model that
 * draws far fewer elements, which keeps dragging smooth with hundreds of layers.
 */
export const DETAIL_MIN_ZOOM = 0.45;
const detailsReadable = (s: ReactFlowState) => s.transform[2] >= DETAIL_MIN_ZOOM;

export const LayerNode = memo(function LayerNode({ id, data, selected }: NodeProps<LayerFlowNode>) {
  useRemeasureOnHandles(id, data.inputs);
  const detailed = useStore(detailsReadable);
  const errors = data.issues.filter((e) => e.severity === 'error');
  const className = ['layer-node', `category-${data.category}`, errors.length ? 'has-errors' : '', selected ? 'selected' : '', detailed ? '' : 'layer-node--overview'].filter(Boolean).join(' ');
  if (!detailed) {
    return (
      <div className={className} data-testid="layer-node" data-node-id={id} data-layer-type={data.layerType} title={`${data.layerType} ${id}`}>
        {data.inputs.map((handle, i) => (
          <Handle key={handle} id={handle} type="target" position={Position.Top} style={{ left: handleLeft(i, data.inputs.length) }} />
        ))}
        <div className="layer-node__type">{data.layerType}</div>
        <Handle id="out" type="source" position={Position.Bottom} />
      </div>
    );
  }
  return (
    <div className={className} data-testid="layer-node" data-node-id={id} data-layer-type={data.layerType}>
      {data.inputs.map((handle, i) => (
        <Handle key={handle} id={handle} type="target" position={Position.Top} style={{ left: handleLeft(i, data.inputs.length) }} data-testid="target-handle" data-handle-id={handle}>
          {data.merges && <span className="layer-node__slot">{handle}</span>}
        </Handle>
      ))}
      <div className="layer-node__row layer-node__head">
        <span className="layer-node__type">{data.layerType}</span>
        <span className="layer-node__id" title={id}>
          {id}
        </span>
      </div>
      {data.caption && (
        <div className="layer-node__caption" data-testid="layer-caption">
          {data.caption}
        </div>
      )}
      <div className="layer-node__row layer-node__facts">
        <span className="layer-node__shape" data-testid="output-shape" title="Output shape (None is the batch)">
          {data.outputShape ?? '?'}
        </span>
        <span className="layer-node__params" title="Parameters">
          <span data-testid="param-count">{data.params === null ? '?' : formatCount(data.params)}</span> params
        </span>
      </div>
      {data.issues.length > 0 && (
        <ul className="layer-node__issues nodrag" role="note">
          {data.issues.map((issue, i) => (
            // A warning is advice, not a blocker: it stays short, with its fix on hover.
            <li key={i} className={`issue issue--${issue.severity}`} data-testid="node-error" data-code={issue.code} {...(issue.severity === 'warning' ? { title: `Fix: ${issue.fix}` } : {})}>
              <span className="issue__code">{issue.code}</span> {issue.message}
              {issue.severity === 'error' && <div className="issue__fix" data-testid="node-error-fix">Fix: {issue.fix}</div>}
            </li>
          ))}
        </ul>
      )}
      <Handle id="out" type="source" position={Position.Bottom} data-testid="source-handle" />
    </div>
  );
});
