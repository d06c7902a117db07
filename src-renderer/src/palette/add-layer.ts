/**
 * Adding a layer without dragging: click (or Enter on) a palette item. With
 * one layer selected, the new one goes below it and is connected to it, so a
 * network can be built by clicking down the palette; otherwise it goes to the
 * middle of the view. Either way it lands where no other layer sits, and ends
 * up selected so the inspector shows it.
 */
import type { Project } from '../../../shared/graph';
import { getLayer } from '../../../shared/layers';
import { getFlow } from '../canvas/flow-handle';
import { DEFAULT_NODE_SIZE } from '../canvas/flow-graph';
import { useEditorStore } from '../editor/store';
import { LAYER_SPACING, type XY } from '../project/edits';
import { useProjectStore } from '../project/store';

const SIDE_STEP = DEFAULT_NODE_SIZE.width + 40;

/** The first place at or to the right of `at` where the new layer would not cover another. */
export function freeSpot(project: Project, at: XY): XY {
  const overlaps = (p: XY) => project.nodes.some((n) => n.position && Math.abs(n.position.x - p.x) < DEFAULT_NODE_SIZE.width && Math.abs(n.position.y - p.y) < DEFAULT_NODE_SIZE.height);
  let spot = at;
  for (let i = 0; i < 50 && overlaps(spot); i++) spot = { x: spot.x + SIDE_STEP, y: spot.y };
  return spot;
}

function viewCentre(): XY {
  const flow = getFlow();
  const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
  if (!flow || !pane) return { x: 0, y: 0 };
  const centre = flow.screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 });
  return { x: centre.x - DEFAULT_NODE_SIZE.width / 2, y: centre.y - DEFAULT_NODE_SIZE.height / 2 };
}

export function addLayerFromPalette(type: string): void {
  const store = useProjectStore.getState();
  const editor = useEditorStore.getState();
  const project = store.project;
  const def = getLayer(type);
  if (!project || !def) return;
  const selected = editor.selectedNodes.size === 1 ? project.nodes.find((n) => editor.selectedNodes.has(n.id)) : undefined;
  const after = selected?.position && def.arity.max > 0 ? selected : undefined;
  const at = after ? { x: after.position!.x, y: after.position!.y + LAYER_SPACING } : viewCentre();
  const id = store.addLayer(type, freeSpot(project, at), after?.id);
  if (id) editor.select([id]);
}
