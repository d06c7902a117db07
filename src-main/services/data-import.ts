/**
 * Bringing one's own data into the workspace (DataService.importData): the
 * files a person chose on their computer, uploaded by the browser or read by
 * main after the desktop's Open dialog, go under the workspace's data/ folder
 * in the layouts the readers (src-main/data) take, and the answer is the
 * DatasetRef that names them:
 *   one table (CSV, TSV)       → data/iris.csv
 *   NPY or IDX arrays          → data/<inputs>/: the folder when the names pair
 *                                up as the readers expect (x_train.npy with
 *                                y_train.npy, MNIST's train-images with
 *                                train-labels), else the inputs file with the
 *                                option "labels" naming the other file
 *   a folder                   → data/<folder>/ (images by class, or arrays)
 * Files that cannot make a dataset are refused before anything is written.
 * Writing is atomic: everything goes into a hidden staging folder that is then
 * renamed into place, so a failed import leaves nothing half-written. A name
 * already taken gets a number (iris-2.csv); nothing is overwritten.
 */
import { lstat, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { DatasetRef } from '../../shared/graph/schema';
import { MAX_IMPORT_BYTES, type DataUpload, type UploadFile } from '../../shared/ipc/services';
import { insideWorkspace } from './files';

export class DataImportError extends Error {
  override readonly name = 'DataImportError';
}

/** Where imports go, inside the workspace. */
export const DATA_FOLDER = 'data';
/** More files than this is not a dataset someone picked by hand or folder; it stops a runaway page. */
export const MAX_IMPORT_FILES = 200_000;

const TABLE = /\.(csv|tsv|txt)$/i;
const ARRAY = /\.(npy|idx|gz)$|idx\d-ubyte$/i;
/** A labels file by its name: "labels", "targets", IDX's rank-1 files, y.npy or y_train.npy. */
const LABELS = /label|target|idx1-ubyte|^y([_\-.]|$)/i;
/** Names the folder readers pair by themselves (src-main/data/array-files.ts and idx.ts). */
const NPY_PAIRS = [['x_train.npy', 'y_train.npy'], ['x.npy', 'y.npy']] as const;
const IDX_TRAIN = [/^train-images[-.]idx3-ubyte(\.gz)?$/, /^train-labels[-.]idx1-ubyte(\.gz)?$/] as const;
/** Files an operating system leaves in folders, which no one means to import. */
const LITTER = new Set(['thumbs.db', 'desktop.ini']);
/** Characters some file system refuses, and anything that climbs out of a folder. */
const BAD_SEGMENT = /^\.{1,2}$|[\\/:*?"<>|\p{Cc}]/u;

const FileSchema = z.strictObject({ path: z.string().min(1).max(4096), bytes: z.instanceof(Uint8Array) });
const UploadSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('files'), files: z.array(FileSchema).max(MAX_IMPORT_FILES) }),
  z.strictObject({ kind: z.literal('folder'), name: z.string().min(1).max(255), files: z.array(FileSchema).max(MAX_IMPORT_FILES) }),
]);

const baseName = (path: string) => path.split('/').at(-1) ?? path;

/** "x_train.npy" → "x_train"; "train-images-idx3-ubyte.gz" → "train-images". */
function stem(name: string): string {
  return name.replace(/\.gz$/i, '').replace(/\.(csv|tsv|txt|npy|idx)$/i, '').replace(/[-.]idx\d-ubyte$/i, '');
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** A name fit for a file or folder of its own: what the person called it, minus what a file system refuses. */
function cleanName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\p{Cc}]/gu, '_').replace(/^[.\s]+|[.\s]+$/g, '');
  return cleaned || 'data';
}

/** The refusal of an import over the size limit: how large it is, and the way around. */
export function tooLarge(name: string, bytes: number, maxBytes: number, workspace: string): DataImportError {
  return new DataImportError(`${name} is ${megabytes(bytes)}, more than the ${megabytes(maxBytes)} Netwright imports at once. Copy it into the workspace folder (${workspace}) yourself and choose it from the list.`);
}

/** The path's folders and name, each checked: an import writes only inside its own folder. */
function segments(path: string): string[] {
  const parts = path.split('/');
  if (parts.some((p) => p === '' || BAD_SEGMENT.test(p))) throw new DataImportError(`"${path}" is not a name Netwright can write. Rename it and import again.`);
  return parts;
}

const isLitter = (path: string) => path.split('/').some((p) => p.startsWith('.') || LITTER.has(p.toLowerCase()));

/** The dataset inside a set of NPY or IDX files (names only): the folder, or one inputs file with its labels. */
function arraysEntry(names: readonly string[]): { inputs?: string; labels?: string } | undefined {
  const lower = new Set(names.map((n) => n.toLowerCase()));
  if (NPY_PAIRS.some(([x, y]) => lower.has(x) && lower.has(y))) return {};
  if (IDX_TRAIN.every((pattern) => names.some((n) => pattern.test(n)))) return {};
  if (names.length !== 2) return undefined;
  const labels = names.filter((n) => LABELS.test(n));
  if (labels.length !== 1) return undefined;
  return { inputs: names.find((n) => n !== labels[0])!, labels: labels[0]! };
}

const PAIR_ADVICE = 'Import the inputs and the labels file together, e.g. x_train.npy with y_train.npy, or train-images-idx3-ubyte with train-labels-idx1-ubyte (a test split may come along as x_test.npy and y_test.npy, or t10k-images and t10k-labels).';

function arraysOrRefuse(names: readonly string[]): { inputs?: string; labels?: string } {
  const entry = arraysEntry(names);
  if (entry) return entry;
  if (names.length === 1) throw new DataImportError(`${names[0]} holds either the inputs or the labels, not both. ${PAIR_ADVICE}`);
  if (names.length === 2) throw new DataImportError(`Netwright cannot tell which of ${names[0]} and ${names[1]} holds the labels. Put "labels" in that file's name (or call the pair x.npy and y.npy) and import them again.`);
  throw new DataImportError(`${names.join(', ')} do not pair up into inputs and labels. ${PAIR_ADVICE}`);
}

interface Plan {
  /** "file": the one file is the import; "folder": the files go into a folder of this name. */
  readonly kind: 'file' | 'folder';
  readonly name: string;
  readonly files: readonly UploadFile[];
  /** Inside the folder: the file the dataset names, and its labels file (option "labels"). */
  readonly entry?: { inputs?: string; labels?: string };
}

/** What to write and what the dataset will name, from the file names alone; refuses what cannot be a dataset. */
export function planImport(upload: DataUpload): Plan {
  for (const f of upload.files) segments(f.path);
  const files = upload.files.filter((f) => !isLitter(f.path));
  if (upload.kind === 'files') {
    if (files.length === 0) throw new DataImportError('No files were chosen.');
    const names = files.map((f) => baseName(f.path));
    if (new Set(names).size !== names.length) throw new DataImportError('Two of the chosen files have the same name. Choose each file once.');
    const odd = names.find((n) => !TABLE.test(n) && !ARRAY.test(n));
    if (odd) throw new DataImportError(`${odd} is not a data file Netwright reads. Choose a CSV table, or NPY or IDX arrays; for pictures, import a folder with one subfolder per class.`);
    const tables = names.filter((n) => TABLE.test(n));
    if (tables.length > 0 && names.length > 1) throw new DataImportError(`Choose one table at a time (you chose ${names.join(', ')}). A CSV table holds its labels in its last column, so it needs no other file.`);
    if (tables.length === 1) return { kind: 'file', name: cleanName(names[0]!), files };
    const entry = arraysOrRefuse(names);
    return { kind: 'folder', name: cleanName(stem(entry.inputs ?? names.find((n) => !LABELS.test(n)) ?? names[0]!)), files: files.map((f, i) => ({ path: names[i]!, bytes: f.bytes })), entry };
  }
  const name = cleanName(upload.name);
  if (files.length === 0) throw new DataImportError(`The folder ${upload.name} holds no files.`);
  const paths = new Set(files.map((f) => f.path));
  if (paths.size !== files.length) throw new DataImportError(`The folder ${upload.name} lists a file twice.`);
  const top = files.map((f) => f.path).filter((p) => !p.includes('/'));
  const hasSubfolders = top.length < files.length;
  const arrays = top.filter((n) => ARRAY.test(n));
  const tables = top.filter((n) => TABLE.test(n));
  if (arrays.length > 0) {
    const entry = arraysEntry(arrays);
    if (entry) return { kind: 'folder', name, files, entry };
    if (!hasSubfolders) arraysOrRefuse(arrays);
  }
  if (!hasSubfolders && tables.length === 1 && top.length === 1) return { kind: 'folder', name, files, entry: { inputs: tables[0]! } };
  if (!hasSubfolders) {
    throw new DataImportError(`${upload.name} has no class folders. Put the images in one subfolder per class, e.g. ${upload.name}/cats/1.png and ${upload.name}/dogs/1.png (optionally inside train/ and test/ folders), and import the folder again.`);
  }
  return { kind: 'folder', name, files, entry: {} };
}

async function taken(path: string): Promise<boolean> {
  return lstat(path).then(() => true, (e: NodeJS.ErrnoException) => e.code !== 'ENOENT');
}

/** `name`, or name-2, name-3… (before the extension, for a file): the first not in `dir`. */
async function freshName(dir: string, name: string, file: boolean): Promise<string> {
  const dot = file ? name.lastIndexOf('.') : -1;
  const [base, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 1; n <= 10_000; n++) {
    const candidate = n === 1 ? name : `${base}-${n}${ext}`;
    if (!(await taken(join(dir, candidate)))) return candidate;
  }
  throw new DataImportError(`The data folder already holds too many imports called ${name}. Remove some and try again.`);
}

/** Writes an import under `<workspace>/data/` and answers the dataset that names it. `maxBytes` is lowered by tests. */
export async function importData(workspace: string, upload: DataUpload, maxBytes = MAX_IMPORT_BYTES): Promise<DatasetRef> {
  const parsed = UploadSchema.safeParse(upload);
  if (!parsed.success) throw new DataImportError(`The import was not understood: ${z.prettifyError(parsed.error)}`);
  const plan = planImport(parsed.data);
  const total = plan.files.reduce((sum, f) => sum + f.bytes.byteLength, 0);
  if (total > maxBytes) throw tooLarge(plan.name, total, maxBytes, workspace);
  const dataDir = insideWorkspace(workspace, DATA_FOLDER);
  await mkdir(dataDir, { recursive: true }).catch((e: NodeJS.ErrnoException) => {
    throw new DataImportError(`The workspace's ${DATA_FOLDER} folder (${dataDir}) cannot be made (${e.code ?? e.message}).`);
  });
  const stage = await mkdtemp(join(dataDir, '.import-'));
  try {
    for (const f of plan.files) {
      const full = insideWorkspace(stage, segments(plan.kind === 'file' ? plan.name : f.path).join('/'));
      await mkdir(dirname(full), { recursive: true });
      await writeFile(full, f.bytes);
    }
    // Between choosing the name and the rename another import could take it; on a desktop with one person that is no real risk.
    const final = await freshName(dataDir, plan.name, plan.kind === 'file');
    await rename(plan.kind === 'file' ? join(stage, plan.name) : stage, join(dataDir, final));
    const path = `${DATA_FOLDER}/${final}`;
    const { inputs, labels } = plan.entry ?? {};
    return { name: plan.kind === 'file' ? stem(final) : final, path: inputs ? `${path}/${inputs}` : path, ...(labels ? { options: { labels } } : {}) };
  } catch (e) {
    if (e instanceof DataImportError) throw e;
    throw new DataImportError(`The data could not be written into the workspace (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
