/**
 * What the browser's file pickers gave, as an upload for
 * DataService.importData: the files' bytes with their paths inside the chosen
 * folder. The size is checked before any file is read, so choosing a huge
 * folder by mistake costs nothing. Deciding what the files make (a table, an
 * inputs and labels pair, images by class) is main's job (data-import.ts).
 */
import { MAX_IMPORT_BYTES, type DataUpload, type ImportKind } from '../../../shared/ipc/services';
import { formatBytes } from '../inspector/format';

/** The part of a DOM File read here. */
export interface PickedFile {
  readonly name: string;
  readonly size: number;
  /** "flowers/cats/1.png" for a folder's file; "" for a file picked by itself. */
  readonly webkitRelativePath: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export class UploadError extends Error {
  override readonly name = 'UploadError';
}

/** "3 files, 1.2 MB", for the line shown while an upload runs. */
export function uploadSummary(picked: readonly PickedFile[]): string {
  const bytes = picked.reduce((sum, f) => sum + f.size, 0);
  return `${picked.length} file${picked.length === 1 ? '' : 's'}, ${formatBytes(bytes)}`;
}

/** Reads the picked files into an upload; null when nothing was picked. */
export async function readUpload(kind: ImportKind, picked: readonly PickedFile[], maxBytes = MAX_IMPORT_BYTES): Promise<DataUpload | null> {
  if (picked.length === 0) return null;
  const bytes = picked.reduce((sum, f) => sum + f.size, 0);
  if (bytes > maxBytes) {
    throw new UploadError(`The chosen ${kind === 'folder' ? 'folder holds' : 'files hold'} ${formatBytes(bytes)}, more than the ${formatBytes(maxBytes)} Netwright imports at once. Copy the data into Netwright's workspace folder yourself and choose it from the list.`);
  }
  const read = (f: PickedFile, path: string) => f.arrayBuffer().then((b) => ({ path, bytes: new Uint8Array(b) }));
  if (kind === 'files') return { kind, files: await Promise.all(picked.map((f) => read(f, f.name))) };
  // A folder's files all start with the folder's own name: "flowers/cats/1.png".
  const name = picked[0]!.webkitRelativePath.split('/')[0] || 'data';
  const inside = (f: PickedFile) => f.webkitRelativePath.split('/').slice(1).join('/') || f.name;
  return { kind, name, files: await Promise.all(picked.map((f) => read(f, inside(f)))) };
}
