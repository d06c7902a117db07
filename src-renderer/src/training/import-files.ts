/**
 * Which of the workspace's files can be a dataset, and the name a chosen one
 * gets in the project. The readers (src-main/data) take CSV and TSV tables,
 * NPY arrays, IDX files (MNIST's format, also gzipped) and folders: one
 * subfolder of images per class, or NPY/IDX files side by side.
 */
const DATA_FILE = /\.(csv|tsv|txt|npy|idx|gz)$|idx\d-ubyte$/i;

export function isDataFile(name: string): boolean {
  return DATA_FILE.test(name);
}

/** "data/flowers.csv" → "flowers"; "images/cats-vs-dogs" → "cats-vs-dogs". */
export function datasetName(path: string): string {
  const base = path.replace(/\/+$/, '').split('/').at(-1) ?? path;
  return base.replace(/\.(csv|tsv|txt|npy|idx|gz)$/i, '').replace(/\.(csv|tsv|txt|npy|idx)$/i, '') || 'data';
}

/** The folder above `folder` ("" is the workspace itself). */
export function parentFolder(folder: string): string {
  const parts = folder.split('/').filter(Boolean);
  return parts.slice(0, -1).join('/');
}
