import { defineAction, plain } from './types';

export const actionDelete = defineAction({
  name: 'delete',
  label: 'Delete',
  group: 'Edit',
  keys: [['Delete'], ['Backspace']],
  keyTest: (e) => plain(e) && (e.key === 'Delete' || e.key === 'Backspace'),
  enabled: (ctx) => ctx.editor.selectedNodes.size + ctx.editor.selectedEdges.size > 0,
  perform(ctx) {
    const nodes = [...ctx.editor.selectedNodes];
    const edges = [...ctx.editor.selectedEdges];
    if (nodes.length + edges.length === 0) return;
    ctx.project.remove(nodes, edges);
    ctx.editor.clearSelection();
  },
});
