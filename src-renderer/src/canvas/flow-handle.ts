/**
 * The React Flow instance of the canvas on screen, for actions that run
 * outside React (fit to view, layout, export need node sizes and the camera).
 * The canvas registers it on init and clears it when it unmounts.
 */
import type { ReactFlowInstance } from '@xyflow/react';
import type { LayerFlowNode, ShapeFlowEdge } from './flow-graph';

export type Flow = ReactFlowInstance<LayerFlowNode, ShapeFlowEdge>;

let current: Flow | null = null;

export function setFlow(flow: Flow | null): void {
  current = flow;
}

export function getFlow(): Flow | null {
  return current;
}
