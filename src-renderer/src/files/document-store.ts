/**
 * Which file each open document belongs to, and whether it has unsaved
 * changes. The project store (project/store.ts) gives every opened document a
 * `documentKey`, and undo can bring an earlier document back; so the file
 * name, its path (desktop) and the project as last saved are kept per key,
 * and "unsaved" means the project on screen is not the one last saved (edits
 * never mutate, so identity is the test, and undoing back to the saved
 * state makes the document clean again).
 */
import { create } from 'zustand';
import type { Project } from '../../../shared/graph';
import { useProjectStore, type ProjectStore } from '../project/store';
import { fileStem } from '../code/names';

export interface DocumentFile {
  /** The file name, e.g. "mlp.nwproj". */
  readonly name: string;
  /** Where it lives on disk (desktop only); none until it is saved. */
  readonly path?: string;
  /** The project as opened or last saved; null when it has never been saved (recovered work). */
  readonly baseline: Project | null;
}

export interface DocumentFilesState {
  readonly files: ReadonlyMap<number, DocumentFile>;
}

export interface DocumentFilesActions {
  set(key: number, file: DocumentFile): void;
}

export const useDocumentFiles = create<DocumentFilesState & DocumentFilesActions>()((set) => ({
  files: new Map(),
  set: (key, file) => set((s) => ({ files: new Map(s.files).set(key, file) })),
}));

/** The file name a document gets before it is saved: a dropped file's own name, else one made from the project's name. */
export function defaultFileName(store: Pick<ProjectStore, 'template' | 'project'>): string {
  if (store.template.id.startsWith('file:')) return store.template.id.slice('file:'.length);
  return `${fileStem(store.project?.name ?? store.template.label)}.nwproj`;
}

/** The current document's file, registering it first if it is new (a template, a dropped file). */
export function currentFile(store: Pick<ProjectStore, 'documentKey' | 'template' | 'project'> = useProjectStore.getState()): DocumentFile {
  const known = useDocumentFiles.getState().files.get(store.documentKey);
  if (known) return known;
  const file: DocumentFile = { name: defaultFileName(store), baseline: store.project };
  useDocumentFiles.getState().set(store.documentKey, file);
  return file;
}

export function isDirty(project: Project | null, file: DocumentFile): boolean {
  return project !== null && project !== file.baseline;
}

// Every document is registered the moment it opens, so its baseline is the project as opened.
currentFile();
useProjectStore.subscribe((s, prev) => {
  if (s.documentKey !== prev.documentKey) currentFile(s);
});

/** Whether the open project has unsaved changes, for components. */
export function useUnsaved(): boolean {
  const project = useProjectStore((s) => s.project);
  const key = useProjectStore((s) => s.documentKey);
  const file = useDocumentFiles((s) => s.files.get(key));
  return file ? isDirty(project, file) : false;
}
