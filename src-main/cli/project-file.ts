/** Reading a project file for a command, with messages that say what to do. */
import { readFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadProject, type Project } from '../../shared/graph';
import type { GraphError } from '../../shared/compiler';

/** An error a command reports as one line and an exit status, never a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

export function formatIssue(e: GraphError): string {
  const where = e.node ? ` [${e.node}]` : e.path ? ` (${e.path})` : '';
  return `${e.code}${where} ${e.message}\n       Fix: ${e.fix}`;
}

/** Reads and validates a project; exit status 2 if it cannot be read. */
export async function readProject(path: string): Promise<Project> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder, not a file' : (e as Error).message;
    throw new CliError(`cannot read "${path}": ${why}.`, 2);
  }
  const result = loadProject(text);
  if (!result.ok) throw new CliError(`"${path}" is not a valid project:\n${result.errors.map(formatIssue).join('\n')}`, 2);
  return result.project;
}

/** parseArgs, with unknown options turned into a CliError that shows the usage. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError(`${(e as Error).message}\nUsage: ${usage}`, 2);
  }
}
