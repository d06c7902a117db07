/**
 * Shared by the export tests: the templates, writing an export to a folder,
 * and running one Python script over a whole table of cases (one process per
 * table, since importing torch takes seconds).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProject, type Project } from '../../shared/graph';

export const PYTHON = process.env['NETWRIGHT_PYTHON'] ?? '/usr/bin/python3';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function templates(): { file: string; project: Project }[] {
  const dir = join(ROOT, 'resources/templates');
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { file: string }[];
  return index.map(({ file }) => {
    const result = loadProject(readFileSync(join(dir, file), 'utf8'));
    if (!result.ok) throw new Error(`${file} does not load`);
    return { file, project: result.project };
  });
}

export function writeFiles(dir: string, files: ReadonlyMap<string, string | Uint8Array>): void {
  for (const [name, content] of files) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

/** Runs a script next to this file with JSON on stdin and returns the JSON it prints. */
export function runPython<T>(script: string, input: unknown, timeout = 240_000): T {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const run = spawnSync(PYTHON, [path], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 256 << 20, timeout });
  if (run.error || run.status !== 0) {
    throw new Error(`${PYTHON} ${script} failed: ${run.error?.message ?? ''}\n${run.stderr}\nThe export tests need Debian's python3-torch (apt-get install -y python3-torch), or NETWRIGHT_PYTHON set to a Python with torch and numpy.`);
  }
  return JSON.parse(run.stdout) as T;
}
