/** `netwright ir FILE`: print the IR the compiler lowers the graph to. */
import { compile } from '../../shared/compiler';
import { printIR } from '../../shared/ir';
import type { Command } from './main';
import { CliError, formatIssue, parseOptions, readProject } from './project-file';

const usage = 'netwright ir FILE';

export const irCommand: Command = {
  name: 'ir',
  usage,
  summary: 'Print the intermediate representation (IR) of the model.',
  async run(args) {
    const { values, positionals } = parseOptions(args, {}, usage);
    if (values.help) {
      console.log(`Usage: ${usage}`);
      return 0;
    }
    const [file] = positionals;
    if (!file || positionals.length > 1) throw new CliError(`give exactly one project file.\nUsage: ${usage}`, 2);
    const project = await readProject(file);
    const result = compile(project);
    if (!result.ir) throw new CliError(`the model has errors, so it has no IR yet:\n${result.errors.map(formatIssue).join('\n')}`, 1);
    console.log(printIR(result.ir));
    return 0;
  },
};
