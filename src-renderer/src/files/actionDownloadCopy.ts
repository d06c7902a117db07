import { defineAction } from '../actions/types';
import { downloadCopy } from './file-actions';

/** Web mode only (FileButtons' Save menu): the desktop's Save As does the same with a native dialog. */
export const actionDownloadCopy = defineAction({
  name: 'downloadCopy',
  label: 'Download a copy',
  group: 'File',
  enabled: (ctx) => ctx.project.project !== null,
  perform: () => downloadCopy().then(() => undefined),
});
