import { copyElements } from '../project/edits';
import { defineAction, mod } from './types';

export const actionCut = defineAction({
  name: 'cut',
  label: 'Cut',
  group: 'Edit',
  keys: [['Mod', 'X']],
  keyTest: (e) => mod(e) && !e.shiftKey && e.key.toLowerCase() === 'x',
  enabled: (ctx) => ctx.editor.selectedNodes.size > 0,
  perform(ctx) {
    const { project } = ctx.project;
    const selected = [...ctx.editor.selectedNodes];
    if (!project || selected.length === 0) return;
    ctx.editor.setClipboard(copyElements(project, selected));
    ctx.project.remove(selected);
    ctx.editor.clearSelection();
  },
});
