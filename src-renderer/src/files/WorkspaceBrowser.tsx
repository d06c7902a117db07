/**
 * Browsing the workspace folder (where Netwright keeps its files, through
 * the FileService): the folder's path with Up, then its subfolders and the
 * files a caller wants. Shared by "Your own data" in the Train view and the
 * web's Open and Save dialogs. The caller holds which folder is open.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { FileEntry } from '../../../shared/ipc/services';
import { services } from '../compute/services';
import { parentFolder } from '../training/import-files';
import { errorText } from '../training/store';
import { isHidden } from './file-names';

const FolderIcon = () => (
  <svg className="icon" width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" aria-hidden>
    <path d="M1.5 4.5v8a1 1 0 0 0 1 1h11a1 1 0 0 0 1-1v-6a1 1 0 0 0-1-1H8L6.5 3.5h-4a1 1 0 0 0-1 1Z" />
  </svg>
);

const FileIcon = () => (
  <svg className="icon" width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" aria-hidden>
    <path d="M3.5 1.5h6l3 3v10h-9Z" />
    <path d="M9.5 1.5v3h3" />
  </svg>
);

export type BrowserOrder = 'name' | 'newest';

/** Folders first, by name; then the files, by name or newest first. */
export function orderEntries(entries: readonly FileEntry[], order: BrowserOrder): FileEntry[] {
  const folders = entries.filter((e) => e.kind === 'folder').sort((a, b) => a.name.localeCompare(b.name));
  const files = entries.filter((e) => e.kind === 'file').sort((a, b) => (order === 'newest' ? b.modified - a.modified || a.name.localeCompare(b.name) : a.name.localeCompare(b.name)));
  return [...folders, ...files];
}

export function sizeText(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const timeText = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export interface WorkspaceBrowserProps {
  readonly folder: string;
  onFolder(folder: string): void;
  /** Which files are listed; subfolders always are, hidden entries never. */
  accept(name: string): boolean;
  onFile(entry: FileEntry): void;
  /** 'newest' lists files newest first with when each changed; 'name' by name, with sizes. */
  readonly order?: BrowserOrder;
  /** What an empty folder says. */
  readonly emptyText: string;
  /** Buttons beside the folder's path (Use this folder). */
  readonly pathActions?: ReactNode;
  readonly entryTestId: string;
  /** The file shown as chosen, by name. */
  readonly selected?: string;
}

export function WorkspaceBrowser({ folder, onFolder, accept, onFile, order = 'name', emptyText, pathActions, entryTestId, selected }: WorkspaceBrowserProps) {
  // Kept with the folder they list, so a list is never shown under another folder's name while the next one is read.
  const [listed, setListed] = useState<{ folder: string; entries: FileEntry[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const entries = listed?.folder === folder ? listed.entries : null;

  useEffect(() => {
    let live = true;
    setError(null);
    services.files.list(folder).then(
      (list) => live && setListed({ folder, entries: orderEntries(list.filter((e) => !isHidden(e.name) && (e.kind === 'folder' || accept(e.name))), order) }),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
    // `accept` is a filter the caller writes inline, new at each render: the folder and the order decide what is read.
  }, [folder, order]);

  return (
    <div className="workspace-browser" data-testid="workspace-browser" data-folder={folder}>
      <div className="workspace-browser__path">
        <span className="mono" title={`/${folder}`}>/{folder}</span>
        {folder && (
          <button type="button" className="button button--small" data-testid="workspace-up" onClick={() => onFolder(parentFolder(folder))}>
            Up
          </button>
        )}
        {pathActions}
      </div>
      {error && (
        <p className="callout callout--error" role="alert">
          {error}
        </p>
      )}
      {!entries && !error && <p className="hint">Reading the folder…</p>}
      {entries && entries.length === 0 && <p className="hint">{emptyText}</p>}
      {entries && entries.length > 0 && (
        <ul className="workspace-browser__list">
          {entries.map((e) => (
            <li key={e.path}>
              <button
                type="button"
                className="workspace-browser__entry"
                data-testid={entryTestId}
                data-kind={e.kind}
                data-name={e.name}
                aria-current={e.kind === 'file' && e.name === selected ? 'true' : undefined}
                onClick={() => (e.kind === 'folder' ? onFolder(e.path) : onFile(e))}
              >
                {e.kind === 'folder' ? <FolderIcon /> : <FileIcon />}
                <span className="workspace-browser__name">{e.name}</span>
                {e.kind === 'file' && <span className="muted">{order === 'newest' ? timeText(e.modified) : sizeText(e.size)}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
