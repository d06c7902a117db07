import { autoLayout } from '../canvas/auto-layout';
import { elkRunner } from '../canvas/elk-runner';
import { DEFAULT_NODE_SIZE } from '../canvas/flow-graph';
import { FIT_OPTIONS } from './actionFitView';
import { defineAction, plain } from './types';

export const actionLayout = defineAction({
  name: 'layout',
  label: 'Tidy up layout',
  group: 'View',
  keys: [['L']],
  keyTest: (e) => plain(e) && e.key.toLowerCase() === 'l',
  enabled: (ctx) => ctx.flow !== null && (ctx.project.project?.nodes.length ?? 0) > 0,
  async perform(ctx) {
    const flow = ctx.flow;
    if (!flow) return;
    const nodes = flow.getNodes();
    if (nodes.length === 0) return;
    const anchor = { x: Math.min(...nodes.map((n) => n.position.x)), y: Math.min(...nodes.map((n) => n.position.y)) };
    const positions = await autoLayout(
      elkRunner,
      nodes.map((n) => ({
        id: n.id,
        width: n.measured?.width ?? DEFAULT_NODE_SIZE.width,
        height: n.measured?.height ?? DEFAULT_NODE_SIZE.height,
        inputs: n.data.inputs,
      })),
      flow.getEdges().map((e) => ({ id: e.id, source: e.source, target: e.target, targetHandle: e.targetHandle ?? 'in0' })),
      anchor,
    );
    ctx.project.moveNodes(positions, 'Tidy up layout');
    // Fit once React Flow has the new positions.
    requestAnimationFrame(() => requestAnimationFrame(() => void flow.fitView(FIT_OPTIONS)));
  },
});
