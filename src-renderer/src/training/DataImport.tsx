/**
 * Your own data: import it from this computer (ImportFromComputer), or browse
 * the workspace folder (where Netwright keeps its files) and choose a table,
 * an array file or a folder of images. The project then names it by its path;
 * the Data column describes it as it does the built-ins, or says in words
 * what is wrong with it.
 */
import { useEffect, useState } from 'react';
import type { DatasetRef } from '../../../shared/graph/schema';
import type { FileEntry } from '../../../shared/ipc/services';
import { services } from '../compute/services';
import { useProjectStore } from '../project/store';
import { datasetName, isDataFile, parentFolder } from './import-files';
import { ImportFromComputer } from './ImportFromComputer';
import { errorText } from './store';

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

function use(dataset: DatasetRef): void {
  useProjectStore.getState().setDataset(dataset);
}

function choose(path: string): void {
  use({ name: datasetName(path), path });
}

export function DataImport({ onClose }: { onClose(): void }) {
  const [folder, setFolder] = useState('');
  const [entries, setEntries] = useState<FileEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setEntries(null);
    services.files.list(folder).then(
      (list) => live && (setEntries(list.filter((e) => e.kind === 'folder' || isDataFile(e.name))), setError(null)),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [folder]);

  return (
    <div className="data-import" data-testid="data-import">
      <div className="data-import__head">
        <strong>Your own data</strong>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      <p className="hint">
        A CSV table (the last column is the label), NPY or IDX inputs with their labels file, or a folder with one subfolder of pictures per class. Imported data is copied into the workspace’s data folder.
      </p>
      <ImportFromComputer onImported={(dataset) => (use(dataset), onClose())} />
      <p className="hint">Or choose data already in the workspace folder:</p>
      <div className="data-import__path">
        <span className="mono">/{folder}</span>
        {folder && (
          <button type="button" className="button button--small" onClick={() => setFolder(parentFolder(folder))}>
            Up
          </button>
        )}
        {folder && (
          <button type="button" className="button button--small" data-testid="import-folder" onClick={() => (choose(folder), onClose())}>
            Use this folder
          </button>
        )}
      </div>
      {error && (
        <p className="callout callout--error" role="alert">
          {error}
        </p>
      )}
      {!entries && !error && <p className="hint">Reading the folder…</p>}
      {entries && entries.length === 0 && <p className="hint">No data files here.</p>}
      {entries && entries.length > 0 && (
        <ul className="data-import__list">
          {entries.map((e) => (
            <li key={e.path}>
              <button type="button" className="data-import__entry" data-testid="import-entry" data-kind={e.kind} onClick={() => (e.kind === 'folder' ? setFolder(e.path) : (choose(e.path), onClose()))}>
                {e.kind === 'folder' ? <FolderIcon /> : <FileIcon />} {e.name}
                {e.kind === 'file' && <span className="muted"> · {(e.size / 1024).toFixed(e.size < 10_240 ? 1 : 0)} KB</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
