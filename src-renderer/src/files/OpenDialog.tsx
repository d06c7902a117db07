/**
 * Web mode's Open dialog: the workspace folder's projects (.nwproj, .json)
 * and ONNX models, newest first, with its folders to browse, and "From this
 * computer…" for a file elsewhere (the browser's file picker). A project
 * opened from the workspace keeps its path there, so Save writes back to it.
 */
import { useRef, useState } from 'react';
import type { OpenKind } from '../../../shared/ipc/bridge';
import type { HostFile } from '../host';
import { errorText } from '../training/store';
import { Dialog } from '../ui/Dialog';
import { kindOfName, pickFile } from './browser-files';
import { readWorkspaceFile } from './workspace-files';
import { WorkspaceBrowser } from './WorkspaceBrowser';

function listed(kinds: readonly OpenKind[], name: string): boolean {
  const kind = kindOfName(name);
  return kind !== null && kinds.includes(kind);
}

/** The folder the last Open showed, so the next one starts there. */
let lastFolder = '';

export function OpenDialog({ kinds, answer }: { kinds: readonly OpenKind[]; answer(file: HostFile | null): void }) {
  const [folder, setFolder] = useState(lastFolder);
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);

  const browse = (next: string) => {
    lastFolder = next;
    setFolder(next);
    setError(null);
  };

  const open = async (path: string, name: string, kind: OpenKind) => {
    setOpening(name);
    setError(null);
    try {
      answer(await readWorkspaceFile(path, name, kind));
    } catch (e) {
      setError(`${name} could not be opened: ${errorText(e)}`);
      setOpening(null);
    }
  };

  const fromComputer = async () => {
    // The picker's input goes inside the dialog: the page behind a modal dialog is inert.
    const file = await pickFile(kinds, box.current ?? undefined);
    if (file) answer(file);
  };

  const what = kinds.map((k) => (k === 'project' ? 'projects (.nwproj)' : 'ONNX models (.onnx)')).join(' and ');
  return (
    <Dialog title={kinds.includes('project') ? 'Open' : 'Import an ONNX model'} onClose={() => answer(null)} className="file-dialog" testId="open-dialog">
      <div ref={box}>
        <p className="dialog__lead">The {what} in the workspace folder, newest first. Choose one to open it.</p>
        <WorkspaceBrowser
          folder={folder}
          onFolder={browse}
          accept={(name) => listed(kinds, name)}
          onFile={(e) => void open(e.path, e.name, kindOfName(e.name)!)}
          order="newest"
          emptyText={`No ${what} in this folder.`}
          entryTestId="open-entry"
        />
        {error && (
          <p className="callout callout--error" role="alert" data-testid="open-error">
            {error}
          </p>
        )}
        <div className="file-dialog__actions">
          <button type="button" className="button" data-testid="open-from-computer" onClick={() => void fromComputer()}>
            From this computer…
          </button>
          <span className="file-dialog__spacer" />
          {opening && <span className="hint" role="status">Opening {opening}…</span>}
          <button type="button" className="button" data-testid="open-cancel" onClick={() => answer(null)}>
            Cancel
          </button>
        </div>
      </div>
    </Dialog>
  );
}
