/**
 * "Import from this computer": files (a CSV table, or NPY or IDX inputs with
 * their labels) or a folder of images, copied into the workspace's data/
 * folder. In the browser the page's own pickers choose and the bytes go up
 * through DataService.importData; on the desktop main shows its native Open
 * dialog and copies the files itself. Either way the answer is the dataset
 * that names the copy, or a sentence saying what is wrong.
 */
import { useRef, useState, type ChangeEvent } from 'react';
import type { DatasetRef } from '../../../shared/graph/schema';
import type { ImportKind } from '../../../shared/ipc/services';
import { services } from '../compute/services';
import { host } from '../host';
import { errorText } from './store';
import { readUpload, uploadSummary } from './upload';

export function ImportFromComputer({ onImported }: { onImported(ref: DatasetRef): void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const desktop = host.shell;

  const run = async (doing: string, work: () => Promise<DatasetRef | null>) => {
    setBusy(doing);
    setError(null);
    try {
      const ref = await work();
      setBusy(null);
      if (ref) onImported(ref);
    } catch (e) {
      setBusy(null);
      setError(errorText(e));
    }
  };

  const pick = (kind: ImportKind) => {
    if (desktop) void run('Copying the data into the workspace…', () => desktop.importData(kind));
    else (kind === 'files' ? filesInput : folderInput).current?.click();
  };

  const picked = (kind: ImportKind) => (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.currentTarget.files ?? [])];
    // Cleared, so choosing the same files again is a change too.
    e.currentTarget.value = '';
    if (files.length === 0) return;
    void run(`Copying ${uploadSummary(files)} into the workspace…`, async () => {
      const upload = await readUpload(kind, files);
      return upload ? services.data.importData(upload) : null;
    });
  };

  return (
    <div className="data-import__upload" data-testid="import-from-computer">
      <div className="data-import__path">
        <span>Import from this computer:</span>
        <button type="button" className="button button--small" data-testid="upload-files" disabled={busy !== null} onClick={() => pick('files')}>
          Files…
        </button>
        <button type="button" className="button button--small" data-testid="upload-folder" disabled={busy !== null} onClick={() => pick('folder')}>
          Folder…
        </button>
      </div>
      {!desktop && (
        <>
          <input ref={filesInput} type="file" multiple hidden data-testid="upload-files-input" onChange={picked('files')} />
          {/* webkitdirectory is not in React's attribute types; set it on the element. */}
          <input
            ref={(el) => {
              folderInput.current = el;
              el?.setAttribute('webkitdirectory', '');
            }}
            type="file"
            hidden
            data-testid="upload-folder-input"
            onChange={picked('folder')}
          />
        </>
      )}
      {busy && (
        <p className="hint" data-testid="import-busy">
          {busy}
        </p>
      )}
      {error && (
        <p className="callout callout--error" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
    </div>
  );
}
