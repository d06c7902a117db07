import { copyElements } from '../project/edits';
import { PASTE_OFFSET } from './actionPaste';
import { defineAction, mod } from './types';

export const actionDuplicate = defineAction({
  name: 'duplicate',
  label: 'Duplicate',
  group: 'Edit',
  keys: [['Mod', 'D']],
  keyTest: (e) => mod(e) && !e.shiftKey && e.key.toLowerCase() === 'd',
  enabled: (ctx) => ctx.editor.selectedNodes.size > 0,
  perform(ctx) {
    const { project } = ctx.project;
    if (!project || ctx.editor.selectedNodes.size === 0) return;
    const ids = ctx.project.paste(copyElements(project, ctx.editor.selectedNodes), { x: PASTE_OFFSET, y: PASTE_OFFSET }, 'Duplicate');
    if (ids.length) ctx.editor.select(ids);
  },
});
