/** `netwright inspect FILE [--json]`: a Keras-style summary and any errors. */
import { compile, formatSummary, summaryJson } from '../../shared/compiler';
import type { Command } from './main';
import { CliError, parseOptions, readProject } from './project-file';

const usage = 'netwright inspect FILE [--json]';

export const inspectCommand: Command = {
  name: 'inspect',
  usage,
  summary: 'Print each layer\'s output shape and parameters, the totals, and any errors.',
  async run(args) {
    const { values, positionals } = parseOptions(args, { json: { type: 'boolean' } }, usage);
    if (values.help) {
      console.log(`Usage: ${usage}\n\nExit status: 0 if the graph compiles, 1 if it has errors, 2 if the file cannot be read.`);
      return 0;
    }
    const [file] = positionals;
    if (!file || positionals.length > 1) throw new CliError(`give exactly one project file.\nUsage: ${usage}`, 2);
    let project;
    try {
      project = await readProject(file);
    } catch (e) {
      if (values.json && e instanceof CliError) {
        console.log(JSON.stringify({ params: { total: 0, trainable: 0, nonTrainable: 0 }, layers: [], errors: [{ code: 'NW001', node: null, message: e.message }] }));
        return e.exitCode;
      }
      throw e;
    }
    const result = compile(project, { shapesOnly: true });
    console.log(values.json ? JSON.stringify(summaryJson(result)) : formatSummary(project.name, result));
    return result.errors.length ? 1 : 0;
  },
};
