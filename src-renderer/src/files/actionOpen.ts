import { defineAction, mod } from '../actions/types';
import { openFromHost } from './file-actions';

export const actionOpen = defineAction({
  name: 'open',
  label: 'Open a project or ONNX model',
  group: 'File',
  keys: [['Mod', 'O']],
  keyTest: (e) => mod(e) && !e.shiftKey && e.key.toLowerCase() === 'o',
  perform: () => openFromHost().then(() => undefined),
});
