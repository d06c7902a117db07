/**
 * `netwright export FILE --format onnx|pytorch|keras [--weights DIR] [--opset N] -o OUT`:
 * writes a model in another format (PyTorch and Keras: a folder of code, see export-code.ts). Each format is one row of FORMATS, so a
 * new exporter (PyTorch, Keras code) adds a row and nothing else.
 *
 * Weights come from a training run's checkpoint (--weights: the run folder
 * that `netwright train --out` wrote, its checkpoint/ folder, or a
 * .safetensors file), else from PROJECT.safetensors beside the project (what
 * `netwright import` writes), else from the engine's own seeded
 * initialisation, exactly the weights training would start from.
 */
import { initialWeights } from '../engine/initial-weights';
import { stat, readFile } from 'node:fs/promises';
import { basename, dirname, extname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { compile } from '../../shared/compiler';
import { exportOnnx, OnnxExportError, DEFAULT_OPSET, MIN_OPSET, MAX_OPSET } from '../../shared/export/onnx';
import type { Project } from '../../shared/graph';
import type { ExportFiles } from '../../shared/export/pytorch';
import { weightsMisfit } from '../../shared/export/weights-fit';
import type { IRGraph } from '../../shared/ir/graph';
import { CheckpointError, loadCheckpoint } from '../training/checkpoint';
import { isCodeExportError, isFolder, kerasFormat, pytorchFormat, writeFolder } from './export-code';
import { decodeSafetensors } from '../training/safetensors';
import type { Command } from './main';
import { weightsBeside } from '../../shared/graph/weights-beside';
import { CliError, formatIssue, parseOptions, readProject } from './project-file';

export interface ExportInput {
  readonly project: Project;
  readonly ir: IRGraph;
  /** Every weight, by IR param name ("<node>/<weight>"). */
  readonly weights: ReadonlyMap<string, Float32Array>;
  readonly opset?: number;
}

export interface ExportFormat {
  readonly name: string;
  /** The usual file extension, with its dot; none for formats that write a folder. */
  readonly extension?: string;
  readonly summary: string;
  /** Whether the format carries weights (code-only formats do not need them). */
  readonly needsWeights: boolean;
  write(input: ExportInput): Uint8Array | string | ExportFiles | Promise<Uint8Array | string | ExportFiles>;
}

const onnxFormat: ExportFormat = {
  name: 'onnx',
  extension: '.onnx',
  summary: 'an ONNX model with its weights (IR version 8, opset 17 unless --opset says otherwise)',
  needsWeights: true,
  write: ({ project, ir, weights, opset }) => exportOnnx(ir, weights, {
    ...(opset !== undefined ? { opset } : {}),
    name: project.name,
    docString: project.description ?? '',
    labels: labelsOf(project),
    metadata: { 'netwright.format': 'netwright-onnx/1' },
  }),
};

export const FORMATS: ExportFormat[] = [onnxFormat, pytorchFormat, kerasFormat];

/** Canvas labels, which exporters use for readable names. */
export function labelsOf(project: Pick<Project, 'nodes'>): Map<string, string> {
  return new Map(project.nodes.filter((n) => n.label).map((n) => [n.id, n.label!]));
}

export { initialWeights };

/** Weights from a run folder, its checkpoint/ folder, or a .safetensors file. */
export async function readWeights(path: string): Promise<Map<string, Float32Array>> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new CliError(`cannot read weights from "${path}": there is no such file or folder.`, 2);
  if (info.isFile()) {
    try {
      // A plain Uint8Array: decodeSafetensors slices it, and a Buffer's slice is a view of a shared pool.
      const { tensors } = decodeSafetensors(new Uint8Array(await readFile(path)));
      return new Map([...tensors].map(([name, t]) => [name, t.data]));
    } catch (e) {
      throw new CliError(`cannot read weights from "${path}": ${(e as Error).message}`, 2);
    }
  }
  const runFolder = basename(path) === 'checkpoint' && !(await stat(`${path}/checkpoint`).catch(() => null)) ? dirname(path) : path;
  try {
    return (await loadCheckpoint(runFolder)).state;
  } catch (e) {
    if (e instanceof CheckpointError) throw new CliError(e.message, 2);
    throw e;
  }
}

/** Checks that a checkpoint has every weight the model needs, with the right size. */
function checkWeights(ir: IRGraph, weights: ReadonlyMap<string, Float32Array>, source: string): void {
  const misfit = weightsMisfit(ir, weights);
  if (misfit?.kind === 'missing') throw new CliError(`the weights in "${source}" have no "${misfit.name}": were they trained from this project?`, 1);
  if (misfit?.kind === 'size') throw new CliError(`the weight "${misfit.name}" in "${source}" has ${misfit.values} values, but the model needs ${misfit.needs} ([${misfit.shape.join(', ')}]): the project changed since it was trained.`, 1);
}

const usage = 'netwright export FILE --format onnx|pytorch|keras [--weights DIR] [--opset N] -o OUT';

export const exportCommand: Command = {
  name: 'export',
  usage,
  summary: 'Write the model as ONNX, or as PyTorch or Keras code (with trained or freshly initialised weights).',
  async run(args) {
    const { values, positionals } = parseOptions(args, {
      format: { type: 'string', short: 'f' },
      weights: { type: 'string', short: 'w' },
      opset: { type: 'string' },
      output: { type: 'string', short: 'o' },
    }, usage);
    if (values.help) {
      console.log([
        `Usage: ${usage}`,
        '',
        'Formats:',
        ...FORMATS.map((f) => `  ${f.name.padEnd(8)} ${f.summary}`),
        '',
        'Options:',
        '  --weights DIR  a training run folder (or its checkpoint/ folder, or a .safetensors file);',
        '                 without it: PROJECT.safetensors beside the project if there is one,',
        '                 else the engine\'s seeded initialisation',
        `  --opset N      ONNX opset, ${MIN_OPSET} to ${MAX_OPSET} (default ${DEFAULT_OPSET})`,
        '  -o OUT         the file to write (for pytorch and keras: the folder)',
        '',
        'Exit status: 0 when written, 1 if the model cannot be exported, 2 if an input cannot be read.',
      ].join('\n'));
      return 0;
    }
    const [file] = positionals;
    if (!file || positionals.length > 1) throw new CliError(`give exactly one project file.\nUsage: ${usage}`, 2);
    const formatName = values.format ?? (values.output ? FORMATS.find((f) => f.extension === extname(values.output!))?.name : undefined);
    const format = FORMATS.find((f) => f.name === formatName);
    if (!format) throw new CliError(`${formatName ? `unknown format "${formatName}"` : 'say which format with --format'}; choose one of: ${FORMATS.map((f) => f.name).join(', ')}.\nUsage: ${usage}`, 2);
    if (!values.output) throw new CliError(`say where to write with -o OUT.\nUsage: ${usage}`, 2);
    let opset: number | undefined;
    if (values.opset !== undefined) {
      opset = Number(values.opset);
      if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET) throw new CliError(`--opset must be a whole number from ${MIN_OPSET} to ${MAX_OPSET}, not "${values.opset}".`, 2);
    }

    const project = await readProject(file);
    // Exports need not run on the engine: imported ONNX ops it cannot run are written back as they are.
    const result = compile(project, { keepOnnxOps: true });
    if (!result.ir) throw new CliError(`the model has errors, so it cannot be exported:\n${result.errors.map(formatIssue).join('\n')}`, 1);
    let weights = new Map<string, Float32Array>();
    let weightSource = 'freshly initialised weights';
    if (format.needsWeights) {
      const sidecar = weightsBeside(file);
      const source = values.weights ?? ((await stat(sidecar).catch(() => null)) ? sidecar : undefined);
      if (source) {
        weights = await readWeights(source);
        checkWeights(result.ir, weights, source);
        weightSource = `weights from ${source}`;
      } else {
        weights = initialWeights(result.ir, project.training?.seed ?? 0);
      }
    }
    let out: Uint8Array | string | ExportFiles;
    try {
      out = await format.write({ project, ir: result.ir, weights, ...(opset !== undefined ? { opset } : {}) });
    } catch (e) {
      if (e instanceof OnnxExportError || isCodeExportError(e)) throw new CliError(e.message, 1);
      throw e;
    }
    let size: number;
    try {
      if (isFolder(out)) size = await writeFolder(values.output, out);
      else {
        await writeFileAtomic(values.output, typeof out === 'string' ? out : Buffer.from(out.buffer, out.byteOffset, out.byteLength));
        size = typeof out === 'string' ? out.length : out.byteLength;
      }
    } catch (e) {
      throw new CliError(`cannot write "${values.output}": ${(e as Error).message}`, 2);
    }
    console.log(`Wrote ${values.output} (${format.name}, ${size.toLocaleString('en')} bytes, ${weightSource}).`);
    return 0;
  },
};
