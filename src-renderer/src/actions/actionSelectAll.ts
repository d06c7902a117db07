import { defineAction, mod } from './types';

export const actionSelectAll = defineAction({
  name: 'selectAll',
  label: 'Select all',
  group: 'Edit',
  keys: [['Mod', 'A']],
  keyTest: (e) => mod(e) && !e.shiftKey && e.key.toLowerCase() === 'a',
  perform(ctx) {
    const { project } = ctx.project;
    if (project) ctx.editor.select(project.nodes.map((n) => n.id), project.edges.map((e) => e.id));
  },
});
