/**
 * Autosave and crash recovery. While the open project has unsaved changes,
 * the page sends a copy every few seconds and it is written, atomically, to
 * one file in userData. Saving or discarding the work deletes the file, and so
 * does a normal quit; if the file is still there at the next start, the app
 * crashed (or was killed) with unsaved work, and main offers to restore it.
 */
import { readFile, rm } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { RecoverySchema } from '../../shared/ipc/bridge-schemas';
import type { AutosaveRequest, Recovery } from '../../shared/ipc/bridge';

export const AUTOSAVE_FILE = 'autosave.nwrecovery.json';

export class Autosave {
  constructor(private readonly file: string, private readonly now: () => number = Date.now) {}

  async write(request: AutosaveRequest): Promise<void> {
    const recovery: Recovery = { ...request, savedAt: this.now() };
    await writeFileAtomic(this.file, JSON.stringify(recovery));
  }

  /** The copy on disk, or null when there is none or it cannot be read (a damaged copy is not offered). */
  async read(): Promise<Recovery | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return null;
    }
    try {
      const parsed = RecoverySchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }
}
