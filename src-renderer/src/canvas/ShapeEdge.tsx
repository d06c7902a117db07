/** A connection, labelled with the shape of the tensor it carries. */
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { ShapeFlowEdge } from './flow-graph';

export const ShapeEdge = memo(function ShapeEdge({ id, data, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd }: EdgeProps<ShapeFlowEdge>) {
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const shape = data?.shape ?? null;
  return (
    <>
      <BaseEdge id={id} path={path} {...(markerEnd ? { markerEnd } : {})} />
      <EdgeLabelRenderer>
        <div
          className={`edge-shape nodrag nopan${shape ? '' : ' edge-shape--unknown'}`}
          data-testid="edge-shape"
          data-edge-id={id}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
        >
          {shape ?? '?'}
        </div>
      </EdgeLabelRenderer>
    </>
  );
});
