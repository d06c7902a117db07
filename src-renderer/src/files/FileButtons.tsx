/**
 * Open and Save in the top bar. On the web, Open is the browser's file picker
 * (a .nwproj project, or an .onnx model to import) and Save downloads the
 * .nwproj; on the desktop they are the native dialogs, as in the File menu.
 * Save shows a dot while the project has unsaved changes.
 */
import { runAction, tooltipFor } from '../actions/run';
import { actionOpen } from './actionOpen';
import { actionSave } from './actionSave';
import { useUnsaved } from './document-store';
import './files.css';

const FolderIcon = () => (
  <svg className="icon" width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
    <path d="M1.5 4.5v8a1 1 0 0 0 1 1h11a1 1 0 0 0 1-1v-6a1 1 0 0 0-1-1H8L6.5 3h-4a1 1 0 0 0-1 1.5Z" />
  </svg>
);

const SaveIcon = () => (
  <svg className="icon" width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
    <path d="M2.5 2.5h8.5l2.5 2.5v8.5h-11z" />
    <path d="M5 2.5v3.5h5V2.5M5 13.5V9.5h6v4" />
  </svg>
);

export function FileButtons() {
  const unsaved = useUnsaved();
  return (
    <div className="file-buttons" role="group" aria-label="File">
      <button type="button" className="tool" data-testid="file-open" aria-label="Open" title={tooltipFor(actionOpen, 'Open a project (.nwproj) or import an ONNX model')} onClick={() => runAction(actionOpen)}>
        <FolderIcon />
        <span className="tool__label">Open</span>
      </button>
      <button type="button" className="tool" data-testid="file-save" data-unsaved={unsaved} aria-label={unsaved ? 'Save (unsaved changes)' : 'Save'} title={tooltipFor(actionSave, unsaved ? 'Save the project (it has unsaved changes)' : 'Save the project')} onClick={() => runAction(actionSave)}>
        <SaveIcon />
        <span className="tool__label">Save</span>
        {unsaved && <span className="file-buttons__dot" />}
      </button>
    </div>
  );
}
