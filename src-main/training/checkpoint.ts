/**
 * Checkpoints: weights plus optimizer state in one safetensors file, and a
 * JSON file saying where the run was. Both are written atomically, so a crash
 * mid-write never leaves a broken checkpoint behind.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from './safetensors';

export interface CheckpointInfo {
  readonly epoch: number;
  readonly seed: number;
  readonly project: string;
  readonly backend: string;
  readonly metrics?: unknown;
  readonly restoredBest?: boolean;
}

export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
}

export async function saveCheckpoint(outDir: string, state: ReadonlyMap<string, Float32Array>, info: CheckpointInfo): Promise<string> {
  const dir = join(outDir, 'checkpoint');
  await mkdir(dir, { recursive: true });
  const tensors = new Map<string, NamedTensor>([...state].map(([name, data]) => [name, { data, shape: [data.length] }]));
  const bytes = encodeSafetensors(tensors, { format: 'netwright', epoch: String(info.epoch) });
  await writeFileAtomic(join(dir, 'weights.safetensors'), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  await writeFileAtomic(join(dir, 'checkpoint.json'), JSON.stringify(info, null, 2) + '\n');
  return dir;
}

export async function loadCheckpoint(outDir: string): Promise<{ info: CheckpointInfo; state: Map<string, Float32Array> }> {
  const dir = join(outDir, 'checkpoint');
  let info: CheckpointInfo;
  let bytes: Uint8Array;
  try {
    info = JSON.parse(await readFile(join(dir, 'checkpoint.json'), 'utf8')) as CheckpointInfo;
    bytes = await readFile(join(dir, 'weights.safetensors'));
  } catch (e) {
    throw new CheckpointError(`There is no readable checkpoint in "${dir}" (${(e as Error).message}). Train once with --out ${outDir} first, or point --resume at a run folder.`);
  }
  const { tensors } = decodeSafetensors(bytes);
  return { info, state: new Map([...tensors].map(([name, t]) => [name, t.data])) };
}
