/**
 * Your own data: import it from this computer (ImportFromComputer), or browse
 * the workspace folder (where Netwright keeps its files) and choose a table,
 * an array file or a folder of images. The project then names it by its path;
 * the Data column describes it as it does the built-ins, or says in words
 * what is wrong with it.
 */
import { useState } from 'react';
import type { DatasetRef } from '../../../shared/graph/schema';
import { WorkspaceBrowser } from '../files/WorkspaceBrowser';
import { useProjectStore } from '../project/store';
import { datasetName, isDataFile } from './import-files';
import { ImportFromComputer } from './ImportFromComputer';

function use(dataset: DatasetRef): void {
  useProjectStore.getState().setDataset(dataset);
}

function choose(path: string): void {
  use({ name: datasetName(path), path });
}

export function DataImport({ onClose }: { onClose(): void }) {
  const [folder, setFolder] = useState('');

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
      <WorkspaceBrowser
        folder={folder}
        onFolder={setFolder}
        accept={isDataFile}
        onFile={(e) => (choose(e.path), onClose())}
        emptyText="No data files here."
        entryTestId="import-entry"
        pathActions={
          folder && (
            <button type="button" className="button button--small" data-testid="import-folder" onClick={() => (choose(folder), onClose())}>
              Use this folder
            </button>
          )
        }
      />
    </div>
  );
}
