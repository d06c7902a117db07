/**
 * The FileService (shared/ipc/services.ts): the workspace folder's files, for
 * web mode, where the page has no file system of its own. Every path is
 * relative to the workspace and resolved inside it; one that would leave it
 * (`..`, an absolute path, a NUL) is refused. Saves are atomic.
 */
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { MAX_OPEN_BYTES, type FileEntry, type FileService } from '../../shared/ipc/services';

export class FileServiceError extends Error {
  override readonly name = 'FileServiceError';
}

/** Text files larger than this are not opened through the service (a project is far smaller). */
const MAX_TEXT_BYTES = 64 * 1024 * 1024;

export function insideWorkspace(workspace: string, path: string): string {
  if (typeof path !== 'string' || path.includes('\0')) throw new FileServiceError('That is not a file name.');
  const base = resolve(workspace);
  const full = resolve(base, '.' + sep + path.replace(/\\/g, '/').replace(/^\/+/, ''));
  if (full !== base && !full.startsWith(base + sep)) throw new FileServiceError(`"${path}" is outside the workspace folder.`);
  return full;
}

const sizeText = (bytes: number) => (bytes >= 1e6 ? `${Math.round(bytes / 1e6)} MB` : bytes >= 1e3 ? `${Math.round(bytes / 1e3)} KB` : `${bytes} bytes`);

export interface FileServiceOptions {
  readonly workspace: string;
  /** The largest text and binary files opened, in bytes; lowered by tests. */
  readonly maxTextBytes?: number;
  readonly maxBytes?: number;
}

export function createFileService(options: FileServiceOptions): FileService {
  const toRelative = (full: string) => relative(resolve(options.workspace), full).split(sep).join('/');

  /** Reads a workspace file of at most `limit` bytes, or says in words why not. */
  async function read(path: string, limit: number): Promise<Buffer> {
    const full = insideWorkspace(options.workspace, path);
    try {
      const s = await stat(full);
      if (!s.isFile()) throw new FileServiceError(`"${path}" is not a file.`);
      if (s.size > limit) throw new FileServiceError(`"${path}" is too large to open here (${sizeText(s.size)}; at most ${sizeText(limit)}).`);
      return await readFile(full);
    } catch (e) {
      if (e instanceof FileServiceError) throw e;
      throw new FileServiceError(`"${path}" cannot be opened (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
    }
  }

  /** Writes a workspace file atomically, creating its folder. */
  async function write(path: string, content: string | Buffer): Promise<void> {
    const full = insideWorkspace(options.workspace, path);
    if (full === resolve(options.workspace)) throw new FileServiceError('Give the file a name.');
    await mkdir(dirname(full), { recursive: true });
    await writeFileAtomic(full, content);
  }

  return {
    async list(folder = '') {
      const dir = insideWorkspace(options.workspace, folder ?? '');
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        throw new FileServiceError(`The folder "${folder}" cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
      }
      const listed = await Promise.all(entries.filter((e) => e.isFile() || e.isDirectory()).map(async (e): Promise<FileEntry | undefined> => {
        const full = join(dir, e.name);
        try {
          const s = await stat(full);
          return { path: toRelative(full), name: e.name, kind: e.isDirectory() ? 'folder' : 'file', size: e.isDirectory() ? 0 : s.size, modified: s.mtimeMs };
        } catch {
          return undefined;
        }
      }));
      return listed.filter((e): e is FileEntry => e !== undefined).sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
    },
    async open(path: string) {
      return (await read(path, options.maxTextBytes ?? MAX_TEXT_BYTES)).toString('utf8');
    },
    async openBytes(path: string) {
      const bytes = await read(path, options.maxBytes ?? MAX_OPEN_BYTES);
      // A plain Uint8Array over exactly the file's bytes (a Buffer may share a larger pool).
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    async save(path: string, text: string) {
      if (typeof text !== 'string') throw new FileServiceError('Only text can be saved.');
      await write(path, text);
    },
    async makeFolder(path: string) {
      const full = insideWorkspace(options.workspace, path);
      if (full === resolve(options.workspace)) throw new FileServiceError('Give the folder a name.');
      const there = await stat(full).catch(() => null);
      if (there && !there.isDirectory()) throw new FileServiceError(`There is a file named "${path}" already.`);
      await mkdir(full, { recursive: true });
    },
    async saveBytes(path: string, bytes: Uint8Array) {
      if (!(bytes instanceof Uint8Array)) throw new FileServiceError('Only bytes can be saved.');
      const limit = options.maxBytes ?? MAX_OPEN_BYTES;
      if (bytes.byteLength > limit) throw new FileServiceError(`"${path}" is ${sizeText(bytes.byteLength)}, more than the ${sizeText(limit)} the workspace takes at once.`);
      await write(path, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    },
  };
}
