/**
 * Opening, saving and importing files, the same way from the top bar's
 * buttons, the keyboard, the desktop's File menu and a file the desktop hands
 * over (Open Recent). The Host decides what "open" and "save" mean: native
 * dialogs and files on disk on the desktop, the file picker and a download
 * on the web.
 */
import { CURRENT_VERSION, FORMAT, serializeProject, type Project } from '../../../shared/graph';
import { useEditorStore } from '../editor/store';
import { host, type HostFile } from '../host';
import { useProjectStore } from '../project/store';
import { useViewStore } from '../views/store';
import { fileStem } from '../code/names';
import { currentFile, useDocumentFiles } from './document-store';

const notify = (kind: 'info' | 'error', text: string) => useEditorStore.getState().notify({ kind, text });

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Opens project text as a new document (undo brings the previous one back).
 * `path` is where it lives; `saved: false` marks it as unsaved work (a
 * recovered autosave, an import). Returns false, and says why, when it cannot be read.
 */
export function openProjectText(name: string, text: string, options: { path?: string; saved?: boolean } = {}): boolean {
  const errors = useProjectStore.getState().openFile(name, text);
  if (errors.length) {
    notify('error', `${name} could not be opened: ${errors[0]!.message}`);
    return false;
  }
  const s = useProjectStore.getState();
  useDocumentFiles.getState().set(s.documentKey, { name, ...(options.path ? { path: options.path } : {}), baseline: options.saved === false ? null : s.project });
  useEditorStore.getState().clearSelection();
  useViewStore.getState().show('design');
  return true;
}

/** Imports an ONNX model as a new, unsaved project. Its weights are not kept: the editor holds architectures. */
export async function importOnnxBytes(name: string, bytes: Uint8Array): Promise<boolean> {
  const stem = fileStem(name.replace(/\.onnx$/i, ''));
  let project: Project;
  try {
    // Loaded on demand: the importer lays the graph out with elkjs, a megabyte and a half the app need not load at start.
    const { importOnnx } = await import('../../../shared/export/onnx/import');
    project = (await importOnnx(bytes)).project;
  } catch (error) {
    notify('error', `${name} could not be imported: ${message(error)}`);
    return false;
  }
  if (!openProjectText(`${stem}.nwproj`, serializeProject(project), { saved: false })) return false;
  notify('info', `Imported ${name}: ${project.nodes.length} layers. Its weights stay in the .onnx file; exports start from fresh weights.`);
  return true;
}

/** A file the Host handed over: a project or an ONNX model. */
export async function openHostFile(file: HostFile): Promise<boolean> {
  if (file.kind === 'onnx') return importOnnxBytes(file.name, file.bytes);
  return openProjectText(file.name, new TextDecoder().decode(file.bytes), file.path ? { path: file.path } : {});
}

export async function openFromHost(kinds: readonly ('project' | 'onnx')[] = ['project', 'onnx']): Promise<boolean> {
  let file: HostFile | null;
  try {
    file = await host.openFile(kinds);
  } catch (error) {
    notify('error', `The file could not be opened: ${message(error)}`);
    return false;
  }
  return file ? openHostFile(file) : false;
}

/** Saves the open project: over its own file when it has one, else wherever the person says. Resolves true once written. */
export async function saveDocument(options: { saveAs?: boolean } = {}): Promise<boolean> {
  const s = useProjectStore.getState();
  if (!s.project) return false;
  const project = s.project;
  const file = currentFile(s);
  let saved;
  try {
    saved = await host.saveProject({ name: file.name, text: serializeProject(project), ...(file.path ? { path: file.path } : {}), ...(options.saveAs ? { saveAs: true } : {}) });
  } catch (error) {
    notify('error', `${file.name} could not be saved: ${message(error)}`);
    return false;
  }
  if (!saved) return false;
  // The project as it was when saving started: edits made while the dialog was open are still unsaved.
  useDocumentFiles.getState().set(s.documentKey, { name: saved.name, path: saved.path ?? file.path, baseline: project });
  return true;
}

/** A new, empty project: one input layer to start from. */
export function newProject(): Project {
  return {
    format: FORMAT,
    version: CURRENT_VERSION,
    name: 'Untitled',
    nodes: [{ id: 'input', type: 'Input', params: { shape: [2] }, position: { x: 0, y: 0 } }],
    edges: [],
  };
}

export function openNewProject(): void {
  const errors = useProjectStore.getState().openFile('untitled.nwproj', serializeProject(newProject()));
  if (errors.length) return;
  const s = useProjectStore.getState();
  useDocumentFiles.getState().set(s.documentKey, { name: 'untitled.nwproj', baseline: s.project });
  useEditorStore.getState().clearSelection();
  useViewStore.getState().show('design');
}
