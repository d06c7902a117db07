/**
 * Opening, saving and importing files, the same way from the top bar's
 * buttons, the keyboard, the desktop's File menu and a file the desktop hands
 * over (Open Recent). The Host decides what "open" and "save" mean: native
 * dialogs and files on disk on the desktop, the app's own dialogs over the
 * server's workspace folder on the web. Weights travel with models: an imported ONNX file's are kept
 * for its document, and the desktop saves and reopens a project's weights
 * beside it, as PROJECT.safetensors.
 */
import type { ImportResult } from '../../../shared/export/onnx/import';
import type { Recovery } from '../../../shared/ipc/bridge';
import { decodeSafetensors, type NamedTensor } from '../../../shared/formats/safetensors';
import { CURRENT_VERSION, FORMAT, serializeProject, type Project } from '../../../shared/graph';
import { useEditorStore } from '../editor/store';
import { host, type HostFile } from '../host';
import { downloadProject } from './browser-files';
import { useProjectStore } from '../project/store';
import { useViewStore } from '../views/store';
import { knownWeights } from '../code/model-weights';
import { fileStem } from '../code/names';
import { exportGraph, useModelWeights, weightsPlanFor } from '../code/use-model-weights';
import { weightsFile } from '../code/weights-file';
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

/** Autosaved work the person chose to restore: it opens as unsaved, tied to the file it came from, if any. */
export function restoreRecovery(recovery: Recovery): boolean {
  return openProjectText(recovery.name, recovery.text, { ...(recovery.path ? { path: recovery.path } : {}), saved: false });
}

/**
 * Imports an ONNX model as a new, unsaved project, keeping its weights for
 * that document (code/model-weights.ts), so exports carry them.
 */
export async function importOnnxBytes(name: string, bytes: Uint8Array): Promise<boolean> {
  const stem = fileStem(name.replace(/\.onnx$/i, ''));
  let imported: ImportResult;
  try {
    // Loaded on demand: the importer lays the graph out with elkjs, a megabyte and a half the app need not load at start.
    const { importOnnx } = await import('../../../shared/export/onnx/import');
    imported = await importOnnx(bytes);
  } catch (error) {
    notify('error', `${name} could not be imported: ${message(error)}`);
    return false;
  }
  const { project, weights } = imported;
  if (!openProjectText(`${stem}.nwproj`, serializeProject(project), { saved: false })) return false;
  const layers = `${project.nodes.length} layers`;
  if (weights.size === 0) {
    notify('info', `Imported ${name}: ${layers}.`);
    return true;
  }
  useModelWeights.getState().add(knownWeights(useProjectStore.getState().documentKey, { kind: 'import', file: name }, weights, project));
  notify('info', `Imported ${name}: ${layers}, with its weights. Exports carry them; saving the project keeps them beside it (${stem}.safetensors).`);
  return true;
}

/** Keeps the weights that lay beside a project file (PROJECT.safetensors) for the document just opened. */
function keepSidecar(projectName: string, bytes: Uint8Array): void {
  const file = `${projectName.replace(/\.nwproj$/i, '')}.safetensors`;
  let tensors: Map<string, NamedTensor>;
  try {
    tensors = decodeSafetensors(bytes).tensors;
  } catch (error) {
    notify('error', `${file}, the weights beside ${projectName}, could not be read (${message(error)}). Exports carry freshly initialised weights.`);
    return;
  }
  const weights = new Map([...tensors].map(([n, t]) => [n, t.data]));
  const shapes = new Map([...tensors].map(([n, t]) => [n, t.shape]));
  useModelWeights.getState().add({ documentKey: useProjectStore.getState().documentKey, origin: { kind: 'sidecar', file }, weights, shapes });
}

/** A file the Host handed over: a project (with its weights, when they lie beside it) or an ONNX model. */
export async function openHostFile(file: HostFile): Promise<boolean> {
  if (file.kind === 'onnx') return importOnnxBytes(file.name, file.bytes);
  if (!openProjectText(file.name, new TextDecoder().decode(file.bytes), file.path ? { path: file.path } : {})) return false;
  if (file.weights) keepSidecar(file.name, file.weights);
  return true;
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

/** The weights exports of the document carry, as safetensors; none when those are fresh ones. */
function weightsToSave(project: Project, documentKey: number): Uint8Array | undefined {
  const carry = weightsPlanFor(project, documentKey).carry;
  const ir = carry && exportGraph(project);
  return ir ? weightsFile(ir, carry.weights, project) : undefined;
}

/**
 * Saves the open project: over its own file when it has one, else wherever
 * the person says, with its weights beside it. Resolves true once written.
 */
export async function saveDocument(options: { saveAs?: boolean } = {}): Promise<boolean> {
  const s = useProjectStore.getState();
  if (!s.project) return false;
  const project = s.project;
  const file = currentFile(s);
  let saved;
  try {
    // The weights exports carry go beside the project, so reopening it brings them back.
    const weights = weightsToSave(project, s.documentKey);
    saved = await host.saveProject({ name: file.name, text: serializeProject(project), ...(file.path ? { path: file.path } : {}), ...(options.saveAs ? { saveAs: true } : {}), ...(weights ? { weights } : {}) });
  } catch (error) {
    notify('error', `${file.name} could not be saved: ${message(error)}`);
    return false;
  }
  if (!saved) return false;
  // The project as it was when saving started: edits made while the dialog was open are still unsaved.
  useDocumentFiles.getState().set(s.documentKey, { name: saved.name, path: saved.path ?? file.path, baseline: project });
  return true;
}

/** "Download a copy" (web): the project as a .nwproj download. A copy: the document's own file, and whether it counts as saved, stay as they were. */
export async function downloadCopy(): Promise<boolean> {
  const s = useProjectStore.getState();
  if (!s.project) return false;
  return downloadProject(currentFile(s).name, serializeProject(s.project));
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
