/**
 * `netwright import MODEL.onnx -o PROJECT.nwproj`: opens an ONNX model as a
 * graph document. The weights go beside it, in PROJECT.safetensors, which
 * `netwright export` and `netwright run` pick up by themselves.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { compile } from '../../shared/compiler';
import { importOnnx, OnnxImportError, type ImportResult } from '../../shared/export/onnx';
import { encodeSafetensors, type NamedTensor } from '../training/safetensors';
import type { Command } from './main';
import { CliError, formatIssue, parseOptions } from './project-file';
import { weightsBeside } from '../../shared/graph/weights-beside';


/** Reads and imports an ONNX file; external-data files are read from the model's folder. */
export async function readOnnx(path: string, layout = true): Promise<ImportResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read "${path}": ${code === 'ENOENT' ? 'there is no such file' : (e as Error).message}.`, 2);
  }
  const folder = dirname(resolve(path));
  const readExternal = (location: string) => {
    const file = resolve(folder, location);
    if (!file.startsWith(folder)) return undefined; // external data stays beside the model
    try {
      return readFileSync(file);
    } catch {
      return undefined;
    }
  };
  try {
    return await importOnnx(bytes, { name: basename(path).replace(/\.onnx$/i, ''), readExternal, layout });
  } catch (e) {
    if (e instanceof OnnxImportError) throw new CliError(`cannot import "${path}": ${e.message}`, 1);
    throw e;
  }
}

const usage = 'netwright import MODEL.onnx -o PROJECT.nwproj';

export const importCommand: Command = {
  name: 'import',
  usage,
  summary: 'Open an ONNX model as a project, with its weights beside it.',
  async run(args) {
    const { values, positionals } = parseOptions(args, { output: { type: 'string', short: 'o' } }, usage);
    if (values.help) {
      console.log(`Usage: ${usage}\n\nWrites PROJECT.nwproj and its weights, PROJECT.safetensors.\nExit status: 0 when imported, 1 if the model uses something Netwright cannot represent, 2 if a file cannot be read or written.`);
      return 0;
    }
    const [file] = positionals;
    if (!file || positionals.length > 1) throw new CliError(`give exactly one ONNX file.\nUsage: ${usage}`, 2);
    if (!values.output) throw new CliError(`say where to write the project with -o PROJECT.nwproj.\nUsage: ${usage}`, 2);
    const { project, weights } = await readOnnx(file);
    const result = compile(project);
    if (!result.ir) throw new CliError(`the imported graph does not compile:\n${result.errors.map(formatIssue).join('\n')}`, 1);
    const shapes = new Map(result.ir.nodes.filter((n) => n.op === 'param').map((n) => [String(n.arg['name']), n.shape]));
    const tensors = new Map<string, NamedTensor>([...weights].map(([name, data]) => [name, { data, shape: shapes.get(name) ?? [data.length] }]));
    const weightsPath = weightsBeside(values.output);
    try {
      await writeFileAtomic(values.output, JSON.stringify(project, null, 2) + '\n');
      const bytes = encodeSafetensors(tensors, { format: 'netwright', source: basename(file) });
      await writeFileAtomic(weightsPath, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch (e) {
      throw new CliError(`cannot write the project: ${(e as Error).message}`, 2);
    }
    console.log(`Imported ${project.nodes.length} layers (${result.totals.total.toLocaleString('en')} parameters) from ${file}: wrote ${values.output} and ${join(dirname(weightsPath), basename(weightsPath))}.`);
    return 0;
  },
};
