import { defineAction, mod } from './types';

export const actionUndo = defineAction({
  name: 'undo',
  label: 'Undo',
  group: 'Edit',
  keys: [['Mod', 'Z']],
  keyTest: (e) => mod(e) && !e.shiftKey && e.key.toLowerCase() === 'z',
  enabled: (ctx) => ctx.project.past.length > 0,
  perform: (ctx) => ctx.project.undo(),
});
