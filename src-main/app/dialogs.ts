/**
 * The native dialogs the shell shows: Open, Save, Import data, the
 * unsaved-changes prompt on close and the offer to restore autosaved work. Each is one function over
 * Electron's `dialog`, so tests can mock it and the rest of the shell can
 * take them as plain functions.
 */
import { dialog, type BrowserWindow, type FileFilter } from 'electron';
import { extname } from 'node:path';
import type { OpenKind } from '../../shared/ipc/bridge';
import type { ImportKind } from '../../shared/ipc/services';

export const PROJECT_EXTENSION = '.nwproj';

const OPEN_FILTERS: Record<OpenKind, FileFilter> = {
  project: { name: 'Netwright projects', extensions: ['nwproj'] },
  onnx: { name: 'ONNX models', extensions: ['onnx'] },
};

/** Save dialog filters by the suggested file's extension. */
const SAVE_FILTERS: Readonly<Record<string, FileFilter>> = {
  '.nwproj': OPEN_FILTERS.project,
  '.onnx': OPEN_FILTERS.onnx,
  '.zip': { name: 'Zip archives', extensions: ['zip'] },
  '.safetensors': { name: 'Safetensors weights', extensions: ['safetensors'] },
  '.svg': { name: 'SVG images', extensions: ['svg'] },
  '.png': { name: 'PNG images', extensions: ['png'] },
};

export function openFilters(kinds: readonly OpenKind[]): FileFilter[] {
  return kinds.map((k) => OPEN_FILTERS[k]);
}

export function saveFilters(name: string): FileFilter[] {
  const filter = SAVE_FILTERS[extname(name).toLowerCase()];
  return filter ? [filter, { name: 'All files', extensions: ['*'] }] : [{ name: 'All files', extensions: ['*'] }];
}

export interface FileDialogs {
  chooseOpen(window: BrowserWindow | null, kinds: readonly OpenKind[]): Promise<string | null>;
  chooseSave(window: BrowserWindow | null, suggestedName: string, defaultFolder?: string): Promise<string | null>;
}

export const nativeFileDialogs: FileDialogs = {
  async chooseOpen(window, kinds) {
    const options = { title: kinds.includes('project') ? 'Open a project' : 'Import an ONNX model', properties: ['openFile' as const], filters: openFilters(kinds) };
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
  async chooseSave(window, suggestedName, defaultFolder) {
    const options = { title: 'Save', defaultPath: defaultFolder ? `${defaultFolder}/${suggestedName}` : suggestedName, filters: saveFilters(suggestedName), properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const] };
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  },
};

/**
 * The Open dialog for one's own data: several files, or one folder (a dialog
 * cannot offer both outside macOS). No file filter: MNIST's IDX files have no
 * extension, and a filter would hide them.
 */
export async function chooseData(window: BrowserWindow | null, kind: ImportKind): Promise<string[] | null> {
  const options = kind === 'files'
    ? { title: 'Import data: a CSV table, or NPY or IDX inputs with their labels', properties: ['openFile' as const, 'multiSelections' as const] }
    : { title: 'Import a folder of images, one subfolder per class', properties: ['openDirectory' as const] };
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return result.canceled || result.filePaths.length === 0 ? null : result.filePaths;
}

export type CloseChoice = 'save' | 'discard' | 'cancel';

/** Buttons in this order; Save is the default, Cancel what Escape picks. */
export const CLOSE_BUTTONS = ['Save', "Don't Save", 'Cancel'] as const;

export async function askUnsavedChanges(window: BrowserWindow, title: string): Promise<CloseChoice> {
  const { response } = await dialog.showMessageBox(window, {
    type: 'warning',
    message: `Do you want to save the changes you made to ${title}?`,
    detail: "Your changes will be lost if you don't save them.",
    buttons: [...CLOSE_BUTTONS],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
  });
  return (['save', 'discard', 'cancel'] as const)[response] ?? 'cancel';
}

export async function askRestore(name: string, savedAt: number): Promise<boolean> {
  const { response } = await dialog.showMessageBox({
    type: 'question',
    message: 'Netwright did not close properly last time.',
    detail: `Unsaved changes to ${name} were kept from ${new Date(savedAt).toLocaleString()}. Restore them?`,
    buttons: ['Restore', 'Discard'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  });
  return response === 0;
}

export function showError(window: BrowserWindow | null, message: string, detail?: string): void {
  const options = { type: 'error' as const, message, ...(detail ? { detail } : {}) };
  void (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options));
}
