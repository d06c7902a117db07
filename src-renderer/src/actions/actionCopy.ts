import { copyElements } from '../project/edits';
import { defineAction, mod } from './types';

export const actionCopy = defineAction({
  name: 'copy',
  label: 'Copy',
  group: 'Edit',
  keys: [['Mod', 'C']],
  keyTest: (e) => mod(e) && !e.shiftKey && e.key.toLowerCase() === 'c',
  enabled: (ctx) => ctx.editor.selectedNodes.size > 0,
  perform(ctx) {
    if (!ctx.project.project || ctx.editor.selectedNodes.size === 0) return;
    ctx.editor.setClipboard(copyElements(ctx.project.project, ctx.editor.selectedNodes));
  },
});
