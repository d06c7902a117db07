/**
 * The PyTorch and Keras rows of `netwright export`. Unlike ONNX they write a
 * folder of code (model.py, train.py, data.py, a README) with the weights
 * beside it, so -o names a folder.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { exportKeras, KerasExportError } from '../../shared/export/keras';
import { exportPytorch, PytorchExportError, type ExportFiles } from '../../shared/export/pytorch';
import type { ExportFormat } from './export';

export const pytorchFormat: ExportFormat = {
  name: 'pytorch',
  summary: 'a folder: model.py (an nn.Module), weights.safetensors, train.py (--distributed runs under torchrun), data.py, README.md',
  needsWeights: true,
  write: ({ project, weights }) => exportPytorch(project, weights),
};

export const kerasFormat: ExportFormat = {
  name: 'keras',
  summary: 'a folder: model.py (Keras 3), weights/*.npy, train.py (compile and fit), data.py, README.md',
  needsWeights: true,
  write: ({ project, weights }) => exportKeras(project, weights),
};

/** Errors these exporters report as a message (exit status 1), never a stack trace. */
export const isCodeExportError = (e: unknown) => e instanceof PytorchExportError || e instanceof KerasExportError;

export const isFolder = (out: unknown): out is ExportFiles => typeof out === 'object' && out !== null && 'files' in out;

/** Writes every file under `dir`, each atomically; returns the bytes written. */
export async function writeFolder(dir: string, { files }: ExportFiles): Promise<number> {
  let bytes = 0;
  for (const [name, content] of files) {
    const path = join(dir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, typeof content === 'string' ? content : Buffer.from(content.buffer, content.byteOffset, content.byteLength));
    bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
  }
  return bytes;
}
