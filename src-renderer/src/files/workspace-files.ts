/**
 * Web mode's Open and Save, over the server's workspace folder (the
 * FileService): Save writes over the document's own workspace file, and
 * otherwise asks where in a dialog; Open asks in a dialog that lists the
 * workspace's projects and ONNX models (or takes one from this computer).
 * The dialogs are React components (OpenDialog, SaveDialog), so the Host's
 * promise-shaped calls go through one pending prompt that WebFileDialogs
 * shows and answers.
 */
import { create } from 'zustand';
import type { OpenKind } from '../../../shared/ipc/bridge';
import { weightsBeside } from '../../../shared/graph/weights-beside';
import { services } from '../compute/services';
import { parentFolder } from '../training/import-files';
import type { HostFile, ProjectSaveRequest, SavedFile } from '../host';

/** A dialog the Host waits on; `id` tells one prompt from the next, so each gets a fresh dialog. */
export type FilePrompt = { readonly id: number } & (
  | { readonly kind: 'save'; readonly request: ProjectSaveRequest; answer(saved: SavedFile | null): void }
  | { readonly kind: 'open'; readonly kinds: readonly OpenKind[]; answer(file: HostFile | null): void }
);

export const useFilePrompt = create<{ readonly prompt: FilePrompt | null }>(() => ({ prompt: null }));

let nextId = 1;

/** Shows a prompt and resolves with its answer. One at a time: asking again while one is open (Ctrl+S in the Save dialog) does nothing. */
function ask<T>(make: (id: number, answer: (value: T | null) => void) => FilePrompt): Promise<T | null> {
  if (useFilePrompt.getState().prompt) return Promise.resolve(null);
  return new Promise((resolve) => {
    useFilePrompt.setState({
      prompt: make(nextId++, (value) => {
        useFilePrompt.setState({ prompt: null });
        resolve(value);
      }),
    });
  });
}

/** Writes a project into the workspace, and its weights beside it when the request carries them. */
export async function writeProject(path: string, request: ProjectSaveRequest): Promise<void> {
  await services.files.save(path, request.text);
  if (request.weights) await services.files.saveBytes(weightsBeside(path), request.weights);
}

/** Save: straight over the document's workspace file when it has one, else (and for Save As) where the person says. */
export async function saveToWorkspace(request: ProjectSaveRequest): Promise<SavedFile | null> {
  if (request.path && !request.saveAs) {
    await writeProject(request.path, request);
    return { name: request.name, path: request.path };
  }
  return ask<SavedFile>((id, answer) => ({ id, kind: 'save', request, answer }));
}

export function openFromWorkspace(kinds: readonly OpenKind[]): Promise<HostFile | null> {
  return ask<HostFile>((id, answer) => ({ id, kind: 'open', kinds, answer }));
}

/**
 * A workspace file as the Host hands files over; a project keeps its path, so
 * Save writes back to it, and brings the weights that lie beside it.
 */
export async function readWorkspaceFile(path: string, name: string, kind: OpenKind): Promise<HostFile> {
  if (kind === 'onnx') return { name, kind, bytes: await services.files.openBytes(path) };
  const bytes = new TextEncoder().encode(await services.files.open(path));
  const sidecar = weightsBeside(path);
  const besides = (await services.files.list(parentFolder(sidecar))).some((e) => e.path === sidecar && e.kind === 'file');
  // Weights that cannot be read do not stop the project opening: file-actions says so when it decodes them.
  const weights = besides ? await services.files.openBytes(sidecar).catch(() => undefined) : undefined;
  return { name, kind, bytes, path, ...(weights ? { weights } : {}) };
}
