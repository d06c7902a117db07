import { defineAction } from './types';

export const actionTemplates = defineAction({
  name: 'templates',
  label: 'Templates…',
  group: 'File',
  perform: (ctx) => ctx.editor.openDialog('templates'),
});
