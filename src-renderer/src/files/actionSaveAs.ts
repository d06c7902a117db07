import { defineAction, mod } from '../actions/types';
import { saveDocument } from './file-actions';

export const actionSaveAs = defineAction({
  name: 'saveAs',
  label: 'Save the project as…',
  group: 'File',
  keys: [['Shift', 'Mod', 'S']],
  keyTest: (e) => mod(e) && e.shiftKey && e.key.toLowerCase() === 's',
  enabled: (ctx) => ctx.project.project !== null,
  perform: () => saveDocument({ saveAs: true }).then(() => undefined),
});
