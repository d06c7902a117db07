/**
 * Web mode's Save dialog: choose a folder of the workspace and a file name
 * (the project's own by default), then the project is written there,
 * atomically, by the FileService. An existing file is replaced only when the
 * person says so. "Download a copy" hands the project to the browser
 * instead, leaving the document's own file as it was. "New folder" makes one
 * where the list is and goes into it.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { services } from '../compute/services';
import type { ProjectSaveRequest, SavedFile } from '../host';
import { parentFolder } from '../training/import-files';
import { errorText } from '../training/store';
import { Dialog } from '../ui/Dialog';
import { downloadProject, kindOfName } from './browser-files';
import { checkFolderName, checkProjectName, joinPath } from './file-names';
import { WorkspaceBrowser } from './WorkspaceBrowser';
import { writeProject } from './workspace-files';

export function SaveDialog({ request, answer }: { request: ProjectSaveRequest; answer(saved: SavedFile | null): void }) {
  const [folder, setFolder] = useState(request.path ? parentFolder(request.path) : '');
  const [name, setName] = useState(request.name);
  const [error, setError] = useState<string | null>(null);
  /** The path that exists already, while the person is asked whether to replace it. */
  const [replacing, setReplacing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The name typed for a new folder, while one is being made. */
  const [newFolder, setNewFolder] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // As native Save dialogs do: the name is ready to type over, its extension kept.
    const field = input.current;
    field?.focus();
    field?.setSelectionRange(0, request.name.replace(/\.[^.]*$/, '').length);
  }, [request.name]);

  const write = async (path: string, fileName: string) => {
    setBusy(true);
    try {
      await writeProject(path, request);
      answer({ name: fileName, path });
    } catch (e) {
      setError(`${fileName} could not be saved: ${errorText(e)}`);
      setReplacing(null);
      setBusy(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const checked = checkProjectName(name);
    if (!checked.ok) return setError(checked.message);
    const path = joinPath(folder, checked.name);
    setError(null);
    setBusy(true);
    let existing;
    try {
      const entries = await services.files.list(folder);
      // On a disk that ignores case (macOS, Windows), "MLP.nwproj" would replace "mlp.nwproj": treat them as one.
      existing = entries.find((e) => e.name === checked.name) ?? entries.find((e) => e.name.toLowerCase() === checked.name.toLowerCase());
    } catch (e) {
      setBusy(false);
      return setError(errorText(e));
    }
    setBusy(false);
    if (existing?.kind === 'folder') return setError(`There is a folder named ${existing.name} here. Choose another name.`);
    // Saving over the document's own file is what Save means; any other file is someone's work.
    if (existing && existing.path !== request.path) return setReplacing(existing.path);
    await write(existing?.path ?? path, existing?.name ?? checked.name);
  };

  const makeFolder = async () => {
    const checked = checkFolderName(newFolder ?? '');
    if (!checked.ok) return setError(checked.message);
    const path = joinPath(folder, checked.name);
    try {
      await services.files.makeFolder(path);
    } catch (e) {
      return setError(`The folder ${checked.name} could not be made: ${errorText(e)}`);
    }
    // Into it, as desktop Save dialogs do: the project goes there next.
    setNewFolder(null);
    setError(null);
    setFolder(path);
  };

  const downloadCopy = () => {
    const checked = checkProjectName(name);
    void downloadProject(checked.ok ? checked.name : request.name, request.text);
    answer(null);
  };

  const typedName = checkProjectName(name);
  return (
    <Dialog title={request.saveAs ? 'Save as' : 'Save'} onClose={() => answer(null)} className="file-dialog" testId="save-dialog">
      <p className="dialog__lead">Save the project into the workspace folder, where Netwright keeps its files on the computer running it.</p>
      <form onSubmit={(e) => void submit(e)}>
        <WorkspaceBrowser
          folder={folder}
          onFolder={(f) => (setFolder(f), setReplacing(null))}
          accept={(n) => kindOfName(n) === 'project'}
          onFile={(e) => (setName(e.name), setReplacing(null), setError(null))}
          order="newest"
          emptyText="No projects in this folder yet."
          entryTestId="save-entry"
          selected={typedName.ok ? typedName.name : name}
        />
        <label className="file-dialog__name">
          <span>File name</span>
          <input
            ref={input}
            className="field__input"
            data-testid="save-name"
            value={name}
            spellCheck={false}
            onChange={(e) => (setName(e.target.value), setError(null), setReplacing(null))}
          />
        </label>
        {newFolder !== null && (
          <div className="file-dialog__name" data-testid="save-new-folder">
            <span>New folder</span>
            <input
              className="field__input"
              data-testid="save-new-folder-name"
              value={newFolder}
              spellCheck={false}
              autoFocus
              onChange={(e) => (setNewFolder(e.target.value), setError(null))}
              onKeyDown={(e) => {
                // Enter makes the folder rather than saving the project; Escape gives up on it, not on the dialog.
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void makeFolder();
                }
                if (e.key === 'Escape') {
                  e.preventDefault();
                  e.stopPropagation();
                  setNewFolder(null);
                }
              }}
            />
            <button type="button" className="button" data-testid="save-new-folder-create" onClick={() => void makeFolder()}>
              Make folder
            </button>
          </div>
        )}
        {error && (
          <p className="callout callout--error" role="alert" data-testid="save-error">
            {error}
          </p>
        )}
        {replacing ? (
          <div className="callout" role="alertdialog" aria-label="Replace the file?" data-testid="save-confirm">
            <p>
              <strong>{replacing}</strong> already exists. Replace it with this project?
            </p>
            <div className="button-row">
              <button type="button" className="button button--primary" data-testid="save-replace" disabled={busy} onClick={() => void write(replacing, replacing.split('/').at(-1)!)}>
                Replace
              </button>
              <button type="button" className="button" data-testid="save-keep" onClick={() => setReplacing(null)}>
                Keep it
              </button>
            </div>
          </div>
        ) : (
          <div className="file-dialog__actions">
            <button type="button" className="button" data-testid="save-new-folder-button" disabled={newFolder !== null} onClick={() => {
                setNewFolder('');
                setError(null);
              }}>
              New folder
            </button>
            <button type="button" className="button" data-testid="save-download" title="Download the project to this computer; the workspace is not changed" onClick={downloadCopy}>
              Download a copy
            </button>
            <span className="file-dialog__spacer" />
            <button type="button" className="button" data-testid="save-cancel" onClick={() => answer(null)}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" data-testid="save-confirm-button" disabled={busy}>
              Save
            </button>
          </div>
        )}
      </form>
    </Dialog>
  );
}
