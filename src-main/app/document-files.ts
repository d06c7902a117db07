/**
 * Reading and writing the files the person chooses. Main hands each path to
 * the page only after a native dialog (or Open Recent) produced it, remembers
 * it as granted, and writes only to granted paths: the page can ask to save
 * over the file it opened, never over an arbitrary one. Every write is atomic
 * (write-file-atomic: a temporary file renamed over the old one), so a crash
 * mid-save leaves the previous file whole. A project's weights (trained or
 * imported) go beside it as PROJECT.safetensors when the page sends them,
 * and come back with the project when it is opened.
 */
import type { BrowserWindow } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { MAX_EXPORT_BYTES, MAX_PROJECT_CHARS } from '../../shared/ipc/bridge-schemas';
import type { OpenedFile, OpenKind, SavedProject, SaveFileRequest, SaveProjectRequest } from '../../shared/ipc/bridge';
import { PROJECT_EXTENSION, type FileDialogs } from './dialogs';
import type { RecentFiles } from './recent-files';
import { weightsBeside } from '../../shared/graph/weights-beside';

export class FileAccessError extends Error {
  override readonly name = 'FileAccessError';
}

export function kindOf(path: string): OpenKind | null {
  const ext = extname(path).toLowerCase();
  return ext === PROJECT_EXTENSION ? 'project' : ext === '.onnx' ? 'onnx' : null;
}

/** Adds .nwproj when the name has no extension (GTK's dialog does not add it). */
export function withProjectExtension(path: string): string {
  return extname(path) === '' ? `${path}${PROJECT_EXTENSION}` : path;
}

/** The weights beside a project, if there are any (and they are not too large to open). */
async function readSidecar(projectPath: string): Promise<Uint8Array | undefined> {
  const sidecar = weightsBeside(projectPath);
  const info = await stat(sidecar).catch(() => null);
  if (!info?.isFile() || info.size > MAX_EXPORT_BYTES) return undefined;
  return new Uint8Array(await readFile(sidecar));
}

const bytesOf = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export class DocumentFiles {
  private readonly granted = new Set<string>();

  constructor(private readonly recent: RecentFiles, private readonly dialogs: FileDialogs) {}

  /** Marks a path main itself produced (a dialog, a recovered autosave, the command line) as one the page may save to. */
  grant(path: string): void {
    this.granted.add(resolve(path));
  }

  isGranted(path: string): boolean {
    return this.granted.has(resolve(path)) || this.recent.has(path);
  }

  async open(window: BrowserWindow | null, kinds: readonly OpenKind[]): Promise<OpenedFile | null> {
    const path = await this.dialogs.chooseOpen(window, kinds);
    return path ? this.read(path) : null;
  }

  /** Reads a file main may read (one a dialog or Open Recent gave it). */
  async read(path: string): Promise<OpenedFile> {
    const kind = kindOf(path);
    if (!kind) throw new FileAccessError(`${basename(path)} is neither a Netwright project (.nwproj) nor an ONNX model (.onnx).`);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) throw new FileAccessError(`${path} cannot be opened: there is no such file.`);
    const limit = kind === 'project' ? MAX_PROJECT_CHARS : MAX_EXPORT_BYTES;
    if (info.size > limit) throw new FileAccessError(`${basename(path)} is too large to open (${info.size.toLocaleString('en')} bytes).`);
    const bytes = new Uint8Array(await readFile(path));
    this.grant(path);
    if (kind !== 'project') return { name: basename(path), path: resolve(path), kind, bytes };
    await this.recent.add(path);
    const weights = await readSidecar(path);
    return { name: basename(path), path: resolve(path), kind, bytes, ...(weights ? { weights } : {}) };
  }

  /** Saves over `request.path` when it was granted, else asks where; null when the dialog was cancelled. */
  async saveProject(window: BrowserWindow | null, request: SaveProjectRequest): Promise<SavedProject | null> {
    let path: string | null;
    if (request.path && !request.saveAs) {
      if (!this.isGranted(request.path)) throw new FileAccessError(`Refused to write ${request.path}: Netwright did not open or save that file.`);
      path = resolve(request.path);
    } else {
      const chosen = await this.dialogs.chooseSave(window, request.name, request.path ? dirname(request.path) : undefined);
      path = chosen ? withProjectExtension(chosen) : null;
    }
    if (!path) return null;
    await writeFileAtomic(path, request.text);
    if (request.weights) await writeFileAtomic(weightsBeside(path), bytesOf(request.weights));
    this.grant(path);
    await this.recent.add(path);
    return { name: basename(path), path };
  }

  /** An export (ONNX, a zip of code, weights): always through the Save dialog. */
  async saveFile(window: BrowserWindow | null, request: SaveFileRequest): Promise<boolean> {
    const path = await this.dialogs.chooseSave(window, request.name);
    if (!path) return false;
    await writeFileAtomic(path, bytesOf(request.bytes));
    return true;
  }
}
