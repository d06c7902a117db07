import { defineAction } from './types';

export const actionShortcuts = defineAction({
  name: 'shortcuts',
  label: 'Keyboard shortcuts',
  group: 'Help',
  keys: [['?']],
  keyTest: (e) => !e.ctrlKey && !e.metaKey && e.key === '?',
  perform: (ctx) => ctx.editor.openDialog('shortcuts'),
});
