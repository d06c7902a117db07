/**
 * Open and Save in the top bar. On the desktop they are the native dialogs,
 * as in the File menu. On the web they are the app's own dialogs over the
 * workspace folder (a .nwproj project, or an .onnx model to import), and a
 * small menu beside Save holds what the desktop's File menu would: Save As,
 * and "Download a copy". Save shows a dot while the project has unsaved
 * changes.
 */
import { runAction, tooltipFor } from '../actions/run';
import { host } from '../host';
import { Menu, MenuAction } from '../ui/Menu';
import { actionDownloadCopy } from './actionDownloadCopy';
import { actionOpen } from './actionOpen';
import { actionSave } from './actionSave';
import { actionSaveAs } from './actionSaveAs';
import { useUnsaved } from './document-store';
import { WebFiles } from './WebFiles';
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

const ChevronIcon = () => (
  <svg className="icon" width="10" height="16" viewBox="0 0 10 16" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
    <path d="m2 6.5 3 3 3-3" />
  </svg>
);

/** The web's other ways to save; the desktop has them in its File menu. */
function SaveMenu() {
  return (
    <Menu label="More ways to save" testId="file-save-menu" className="file-buttons__more" trigger={<ChevronIcon />}>
      {(close) => (
        <>
          <MenuAction action={actionSaveAs} close={close} testId="file-save-as" label="Save as…" />
          <MenuAction action={actionDownloadCopy} close={close} testId="file-download" />
        </>
      )}
    </Menu>
  );
}

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
      {host.kind === 'web' && <SaveMenu />}
      {host.kind === 'web' && <WebFiles />}
    </div>
  );
}
