/**
 * The desktop bridge: the one object the preload script exposes to the
 * renderer, as `window.netwright`. Declared here once; src-main/app/preload.ts
 * implements it and the renderer's Host reads it. It holds named functions
 * only, never raw ipcRenderer, and each function uses one channel from
 * BRIDGE_CHANNELS, the allow-list main registers handlers for. Main checks
 * every payload against bridge-schemas.ts (zod) before acting on it; this file
 * stays free of dependencies because the sandboxed preload bundles it.
 *
 * Files: the renderer never names a path of its choosing. Main hands paths out
 * (from its own dialogs, Open Recent, or a recovered autosave) and writes only
 * to a path it handed out; everything else goes through a native dialog.
 * Importing data is the same: the page says only "files" or "folder", and main
 * asks the person which, then copies them into the workspace.
 */
import type { DatasetRef } from '../graph/schema';
import type { ImportKind } from './services';

export const BRIDGE_KEY = 'netwright';

/** What the file dialogs offer to open. */
export type OpenKind = 'project' | 'onnx';

/** A file main read for the renderer. */
export interface OpenedFile {
  /** The file's name, without its folder ("mlp.nwproj"). */
  readonly name: string;
  /** Where it is, for Save and Open Recent; main only honours paths it handed out. */
  readonly path: string;
  readonly kind: OpenKind;
  readonly bytes: Uint8Array;
  /** A project's weights, when PROJECT.safetensors lies beside it (safetensors bytes). */
  readonly weights?: Uint8Array;
}

export interface SaveProjectRequest {
  /** The suggested file name for Save As ("mlp.nwproj"). */
  readonly name: string;
  /** The project file's text (serializeProject). */
  readonly text: string;
  /** Save over this file (one main handed out); without it, or with `saveAs`, main asks where. */
  readonly path?: string;
  readonly saveAs?: boolean;
  /** The weights exports carry, as safetensors: main writes them beside the project, as PROJECT.safetensors. */
  readonly weights?: Uint8Array;
}

export interface SavedProject {
  readonly name: string;
  readonly path: string;
}

export interface SaveFileRequest {
  /** The suggested file name. */
  readonly name: string;
  readonly bytes: Uint8Array;
  /** The media type, which picks the dialog's file filter. */
  readonly type: string;
}

/** What the renderer tells main about the open document: the window title, and whether closing would lose work. */
export interface DocumentState {
  readonly title: string;
  readonly dirty: boolean;
}

/** The autosaved copy of unsaved work, kept in userData until it is saved or discarded. */
export interface Recovery {
  readonly name: string;
  /** Where the project was saved before, if it was. */
  readonly path?: string;
  readonly text: string;
  /** When the copy was written (ms since the epoch). */
  readonly savedAt: number;
}

export type AutosaveRequest = Omit<Recovery, 'savedAt'>;

/** Edits on text fields that main performs with webContents (the page cannot paste by itself). */
export type TextEdit = 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll';

/** Commands the application menu sends to the page; the page owns the document, so it carries them out. */
export const MENU_COMMANDS = [
  'new', 'open', 'save', 'saveAs', 'importOnnx',
  'exportOnnx', 'exportPytorch', 'exportKeras', 'exportWeights',
  'undo', 'redo', 'cut', 'copy', 'paste', 'selectAll',
  'showDesign', 'showTrain', 'showEvaluate', 'showCode', 'toggleTheme', 'fitView', 'shortcuts',
] as const;

export type MenuCommandName = (typeof MENU_COMMANDS)[number];

export interface MenuCommand {
  readonly command: MenuCommandName;
  /** With 'save': the window closes once the save succeeds (the unsaved-changes prompt's Save). */
  readonly closeAfter?: boolean;
}

export interface NetwrightBridge {
  /** Node's platform name: 'linux', 'darwin', 'win32'. */
  readonly platform: string;
  /** Netwright's version, from package.json. */
  version(): Promise<string>;
  /** Shows the native Open dialog; null when cancelled. */
  openFile(kinds: readonly OpenKind[]): Promise<OpenedFile | null>;
  /** Saves the project atomically; null when the Save As dialog was cancelled. */
  saveProject(request: SaveProjectRequest): Promise<SavedProject | null>;
  /** Shows the native Save dialog for an export and writes the file atomically; false when cancelled. */
  saveFile(request: SaveFileRequest): Promise<boolean>;
  setDocument(state: DocumentState): Promise<void>;
  /** Writes the autosave copy; null deletes it (the work was saved or discarded). */
  autosave(request: AutosaveRequest | null): Promise<void>;
  /** The copy left by a crash, once, if the person chose to restore it at start-up. */
  takeRecovery(): Promise<Recovery | null>;
  editText(edit: TextEdit): Promise<void>;
  /**
   * Shows the native Open dialog for one's own data (files, or a folder), copies
   * what was chosen into the workspace's data/ folder (DataService.importData)
   * and answers the dataset that names the copy; null when cancelled.
   */
  importData(kind: ImportKind): Promise<DatasetRef | null>;
  /** Listens for menu commands; returns the function that stops listening. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** Listens for files main opened by itself (Open Recent, a file given to the app by the system). */
  onFileOpened(listener: (file: OpenedFile) => void): () => void;
}

/** Renderer → main (invoke/handle). */
export const BRIDGE_CHANNELS = {
  version: 'netwright:version',
  openFile: 'netwright:open-file',
  saveProject: 'netwright:save-project',
  saveFile: 'netwright:save-file',
  setDocument: 'netwright:set-document',
  autosave: 'netwright:autosave',
  takeRecovery: 'netwright:take-recovery',
  editText: 'netwright:edit-text',
  importData: 'netwright:import-data',
} as const;

/** Main → renderer (webContents.send / ipcRenderer.on). */
export const BRIDGE_EVENTS = {
  menuCommand: 'netwright:menu-command',
  fileOpened: 'netwright:file-opened',
} as const;

export type BridgeChannel = (typeof BRIDGE_CHANNELS)[keyof typeof BRIDGE_CHANNELS];
