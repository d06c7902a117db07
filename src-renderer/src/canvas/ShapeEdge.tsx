/**
 * A connection, labelled with the shape of the tensor it carries. Its label
 * has a + button that opens the insert menu, to put a layer on this
 * connection; while a palette item is dragged over it, it lights up to say
 * that dropping there inserts the layer.
 */
import { BaseEdge, EdgeLabelRenderer, getBezierPath, useStore, type EdgeProps, type ReactFlowState } from '@xyflow/react';
import { memo } from 'react';
import { useEditorStore } from '../editor/store';
import type { ShapeFlowEdge } from './flow-graph';

/** Below this zoom a shape label is too small to read, so it is not drawn at all: fewer elements, faster frames. */
export const LABEL_MIN_ZOOM = 0.45;
const labelsReadable = (s: ReactFlowState) => s.transform[2] >= LABEL_MIN_ZOOM;

export const ShapeEdge = memo(function ShapeEdge({ id, data, selected, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd }: EdgeProps<ShapeFlowEdge>) {
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const dropTarget = useEditorStore((s) => s.dropEdge === id);
  const showLabel = useStore(labelsReadable);
  const shape = data?.shape ?? null;
  const state = dropTarget ? ' shape-edge--drop' : selected ? ' shape-edge--selected' : '';
  return (
    <>
      <BaseEdge id={id} path={path} className={`shape-edge${state}`} {...(markerEnd ? { markerEnd } : {})} />
      {(showLabel || selected || dropTarget) && (
      <EdgeLabelRenderer>
        <div
          className={`edge-label nodrag nopan${state}`}
          data-edge-id={id}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
        >
          <span className={`edge-shape${shape ? '' : ' edge-shape--unknown'}`} data-testid="edge-shape" data-edge-id={id}>
            {shape ?? '?'}
          </span>
          <button
            type="button"
            className="edge-label__insert"
            data-testid="edge-insert"
            aria-label="Insert a layer here"
            title="Insert a layer here"
            onClick={(e) => {
              e.stopPropagation();
              useEditorStore.getState().openInsertMenu({ edgeId: id, x: e.clientX, y: e.clientY });
            }}
          >
            +
          </button>
        </div>
      </EdgeLabelRenderer>
      )}
    </>
  );
});
