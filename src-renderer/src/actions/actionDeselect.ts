import { defineAction, plain } from './types';

export const actionDeselect = defineAction({
  name: 'deselect',
  label: 'Deselect',
  group: 'Edit',
  keys: [['Esc']],
  keyTest: (e) => plain(e) && e.key === 'Escape',
  perform(ctx) {
    ctx.editor.closeInsertMenu();
    ctx.editor.clearSelection();
  },
});
