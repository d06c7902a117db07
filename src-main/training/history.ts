/**
 * Run history: each run folder keeps history.json with the project's name,
 * its training settings and one record per epoch, so runs can be compared.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { Project } from '../../shared/graph/schema';
import type { EpochRecord } from '../../shared/ipc/services';

/** One epoch's figures; declared once, with the services the app uses to show them. */
export type { EpochRecord };

export interface RunHistory {
  readonly project: string;
  readonly training: Project['training'];
  readonly started: string;
  readonly epochs: EpochRecord[];
}

export async function readHistory(outDir: string): Promise<RunHistory | undefined> {
  try {
    return JSON.parse(await readFile(join(outDir, 'history.json'), 'utf8')) as RunHistory;
  } catch {
    return undefined;
  }
}

export async function appendHistory(outDir: string, project: Project, record: EpochRecord): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const previous = await readHistory(outDir);
  const history: RunHistory = previous ?? { project: project.name, training: project.training, started: new Date().toISOString(), epochs: [] };
  const epochs = [...history.epochs.filter((e) => e.epoch < record.epoch), record];
  await writeFileAtomic(join(outDir, 'history.json'), JSON.stringify({ ...history, epochs }, null, 2) + '\n');
}
