/**
 * File › Open Recent: the last few project files, newest first, kept in a
 * small JSON file in userData. Paths on this list are ones the person opened or
 * saved through a native dialog, so main may read them again without asking.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';

export const RECENT_LIMIT = 10;

const RecentListSchema = z.array(z.string().min(1).max(4096)).max(100);

export class RecentFiles {
  private paths: string[] = [];
  private listeners: (() => void)[] = [];

  /** `file`: where the list is kept; undefined keeps it in memory only (tests). */
  constructor(private readonly file?: string) {}

  /** Reads the list; a missing or malformed file is an empty list, never an error at start-up. */
  async load(): Promise<void> {
    if (!this.file) return;
    try {
      const parsed = RecentListSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      this.paths = parsed.success ? parsed.data.slice(0, RECENT_LIMIT) : [];
    } catch {
      this.paths = [];
    }
  }

  /** Called after every change (main rebuilds the menu). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  list(): readonly string[] {
    return this.paths;
  }

  has(path: string): boolean {
    return this.paths.includes(resolve(path));
  }

  async add(path: string): Promise<void> {
    const full = resolve(path);
    this.paths = [full, ...this.paths.filter((p) => p !== full)].slice(0, RECENT_LIMIT);
    await this.persist();
  }

  async remove(path: string): Promise<void> {
    const full = resolve(path);
    this.paths = this.paths.filter((p) => p !== full);
    await this.persist();
  }

  async clear(): Promise<void> {
    this.paths = [];
    await this.persist();
  }

  private async persist(): Promise<void> {
    if (this.file) await writeFileAtomic(this.file, JSON.stringify(this.paths, null, 2) + '\n');
    for (const listener of this.listeners) listener();
  }
}
