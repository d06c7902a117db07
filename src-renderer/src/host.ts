/**
 * The Host: everything the renderer asks of the world outside the page. The
 * desktop app provides it through the preload bridge (window.netwright);
 * in web mode the page stands alone. Components never touch the bridge
 * directly, so the same renderer runs in both.
 */
import type { DatasetRef } from '../../shared/graph/schema';
import type { AutosaveRequest, DocumentState, MenuCommand, NetwrightBridge, OpenKind, Recovery, TextEdit } from '../../shared/ipc/bridge';
import type { ImportKind } from '../../shared/ipc/services';
import { download } from './files/browser-files';
import { openFromWorkspace, saveToWorkspace } from './files/workspace-files';

/** A file the person chose to open. */
export interface HostFile {
  readonly name: string;
  readonly kind: OpenKind;
  readonly bytes: Uint8Array;
  /** Where it lives, so saving goes back there: a path on disk (desktop), or in the workspace folder (web). */
  readonly path?: string;
  /** A project's weights from PROJECT.safetensors beside it, as safetensors bytes. */
  readonly weights?: Uint8Array;
}

export interface ProjectSaveRequest {
  /** The file name to suggest ("mlp.nwproj"). */
  readonly name: string;
  readonly text: string;
  /** The file it was opened from or last saved to: on disk (desktop), or in the workspace folder (web). */
  readonly path?: string;
  /** Ask where, even when it has a file. */
  readonly saveAs?: boolean;
  /** The weights exports carry, as safetensors, written beside the project (PROJECT.safetensors). */
  readonly weights?: Uint8Array;
}

export interface SavedFile {
  readonly name: string;
  readonly path?: string;
}

/** What only the desktop app has: its menu, autosave and crash recovery, and the close guard. */
export interface DesktopShell {
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  onFileOpened(listener: (file: HostFile) => void): () => void;
  setDocument(state: DocumentState): Promise<void>;
  autosave(request: AutosaveRequest | null): Promise<void>;
  takeRecovery(): Promise<Recovery | null>;
  /** Undo, cut, copy, paste… in the focused text field, done by the browser engine itself. */
  editText(edit: TextEdit): Promise<void>;
  /** One's own data through the native Open dialog, copied into the workspace; the dataset that names it, or null when cancelled. */
  importData(kind: ImportKind): Promise<DatasetRef | null>;
}

export interface Host {
  readonly kind: 'desktop' | 'web';
  readonly platform: string;
  version(): Promise<string>;
  /**
   * Hands a file (an export) to the person: a download in web mode, the native Save
   * dialog on the desktop. `name` is the suggested file name; `type` its
   * media type. Resolves false when the person cancelled.
   */
  saveFile(name: string, bytes: Uint8Array, type: string): Promise<boolean>;
  /** Asks for a file to open: the native Open dialog, or the workspace's in the browser (with the file picker one click away). Null when cancelled. */
  openFile(kinds: readonly OpenKind[]): Promise<HostFile | null>;
  /** Saves a project file: over its own file when it has one, else wherever the person says (on the web, a folder of the workspace). */
  saveProject(request: ProjectSaveRequest): Promise<SavedFile | null>;
  /** The desktop shell; absent in web mode. */
  readonly shell?: DesktopShell;
}

/**
 * Errors from main arrive as "Error invoking remote method 'netwright:…': FileAccessError: Refused …";
 * the person needs only the last part.
 */
export function withoutIpcPrefix(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  const match = /^Error invoking remote method '[^']*': (?:(\w*Error): )?([\s\S]*)$/.exec(error.message);
  return match ? Object.assign(new Error(match[2]), { name: match[1] ?? 'Error' }) : error;
}

function clean<A extends unknown[], R>(call: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return (...args) =>
    call(...args).catch((error: unknown) => {
      throw withoutIpcPrefix(error);
    });
}

function desktopHost(): Host | undefined {
  // No window outside a page (unit tests import this module too).
  const bridge: NetwrightBridge | undefined = typeof window === 'undefined' ? undefined : window.netwright;
  if (!bridge) return undefined;
  return {
    kind: 'desktop',
    platform: bridge.platform,
    version: () => bridge.version(),
    saveFile: clean((name: string, bytes: Uint8Array, type: string) => bridge.saveFile({ name, bytes, type })),
    openFile: clean((kinds: readonly OpenKind[]) => bridge.openFile(kinds)),
    saveProject: clean((request: ProjectSaveRequest) => bridge.saveProject(request)),
    shell: {
      onMenuCommand: (listener) => bridge.onMenuCommand(listener),
      onFileOpened: (listener) => bridge.onFileOpened(listener),
      setDocument: (state) => bridge.setDocument(state),
      autosave: (request) => bridge.autosave(request),
      takeRecovery: () => bridge.takeRecovery(),
      editText: (edit) => bridge.editText(edit),
      importData: clean((kind: ImportKind) => bridge.importData(kind)),
    },
  };
}

/**
 * Web mode: files live in the server's workspace folder, as the desktop's
 * live on disk. Open and Save are the app's own dialogs over it
 * (files/workspace-files.ts); exports are downloads.
 */
const webHost: Host = {
  kind: 'web',
  platform: 'browser',
  version: () => Promise.resolve(__NETWRIGHT_VERSION__),
  saveFile: download,
  openFile: openFromWorkspace,
  saveProject: saveToWorkspace,
};

export const host: Host = desktopHost() ?? webHost;
