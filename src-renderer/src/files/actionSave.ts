import { defineAction, mod } from '../actions/types';
import { saveDocument } from './file-actions';

export const actionSave = defineAction({
  name: 'save',
  label: 'Save the project',
  group: 'File',
  keys: [['Mod', 'S']],
  keyTest: (e) => mod(e) && !e.shiftKey && e.key.toLowerCase() === 's',
  enabled: (ctx) => ctx.project.project !== null,
  perform: () => saveDocument().then(() => undefined),
});
