/**
 * The desktop's "Import from this computer…": the native Open dialog picks
 * files or a folder, main reads them (sizes first, so a huge folder is
 * refused before anything is read) and hands them to the same
 * DataService.importData that web mode's uploads reach, which copies them
 * into the workspace's data/ folder. The page never names a path.
 */
import type { BrowserWindow } from 'electron';
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { DatasetRef } from '../../shared/graph/schema';
import { MAX_IMPORT_BYTES, type DataUpload, type ImportKind } from '../../shared/ipc/services';
import { DataImportError, MAX_IMPORT_FILES, tooLarge } from '../services/data-import';

export interface DataImportShell {
  choose(window: BrowserWindow | null, kind: ImportKind): Promise<string[] | null>;
  importData(upload: DataUpload): Promise<DatasetRef>;
  /** Named in the refusal of an import that is too large. */
  readonly workspace: string;
}

/** The files under `dir`, relative to it with '/' separators; hidden entries and links are left out (a link could loop, or lead anywhere). */
async function walk(dir: string, prefix = ''): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(join(dir, prefix), { withFileTypes: true });
  } catch (e) {
    throw new DataImportError(`The folder ${join(dir, prefix)} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
  const found: string[] = [];
  for (const e of entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = `${prefix}${e.name}`;
    if (e.isDirectory()) found.push(...(await walk(dir, `${path}/`)));
    else if (e.isFile()) found.push(path);
    if (found.length > MAX_IMPORT_FILES) throw new DataImportError(`${dir} holds more than ${MAX_IMPORT_FILES.toLocaleString('en')} files, more than Netwright imports at once.`);
  }
  return found;
}

/** Reads what the dialog chose into an upload, refusing it by size before reading a byte. */
export async function readChosenData(kind: ImportKind, chosen: readonly string[], workspace: string, maxBytes = MAX_IMPORT_BYTES): Promise<DataUpload> {
  const root = chosen[0]!;
  const entries = kind === 'files' ? chosen.map((full) => ({ full, path: basename(full) })) : (await walk(root)).map((path) => ({ full: join(root, ...path.split('/')), path }));
  let total = 0;
  for (const e of entries) {
    total += (await stat(e.full)).size;
    if (total > maxBytes) throw tooLarge(kind === 'files' ? 'The chosen data' : basename(root), total, maxBytes, workspace);
  }
  const files = await Promise.all(entries.map(async (e) => ({ path: e.path, bytes: new Uint8Array(await readFile(e.full)) })));
  return kind === 'files' ? { kind, files } : { kind, name: basename(root), files };
}

/** The whole action: ask, read, copy; null when the person cancelled the dialog. */
export async function importChosenData(window: BrowserWindow | null, kind: ImportKind, shell: DataImportShell): Promise<DatasetRef | null> {
  const chosen = await shell.choose(window, kind);
  if (!chosen) return null;
  return shell.importData(await readChosenData(kind, chosen, shell.workspace));
}
