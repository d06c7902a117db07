import { defineAction, mod } from './types';

export const actionRedo = defineAction({
  name: 'redo',
  label: 'Redo',
  group: 'Edit',
  keys: [['Shift', 'Mod', 'Z'], ['Mod', 'Y']],
  keyTest: (e) => mod(e) && ((e.shiftKey && e.key.toLowerCase() === 'z') || (!e.shiftKey && e.key.toLowerCase() === 'y')),
  enabled: (ctx) => ctx.project.future.length > 0,
  perform: (ctx) => ctx.project.redo(),
});
