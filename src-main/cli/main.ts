/**
 * The `netwright` command line: one subcommand per file in this folder.
 * Each returns its exit status; nothing here calls process.exit, so output is
 * always flushed.
 */
import { exportCommand } from './export';
import { importCommand } from './import';
import { inspectCommand } from './inspect';
import { irCommand } from './ir';
import { CliError } from './project-file';
import { runCommand } from './run';
import { serveCommand } from './serve';
import { trainCommand } from './train';

export interface Command {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  run(args: string[]): Promise<number>;
}

const COMMANDS: readonly Command[] = [inspectCommand, irCommand, trainCommand, exportCommand, importCommand, runCommand, serveCommand];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return ['Usage: netwright <command> [options]', '', 'Commands:', ...COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`), '', 'Run "netwright <command> --help" for a command\'s options.'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`netwright: unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof CliError) {
      console.error(`netwright ${name}: ${e.message}`);
      return e.exitCode;
    }
    throw e;
  }
}
