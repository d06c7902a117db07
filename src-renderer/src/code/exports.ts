/**
 * The model exports the Code view (and the desktop's File › Export menu)
 * offers, each one file to hand to the person:
 *
 *   onnx     model.onnx, with weights (IR version 8, opset 17)
 *   pytorch  a zip: model.py, weights.safetensors, train.py, data.py, README.md
 *   keras    a zip: model.py, weights/*.npy, train.py, data.py, README.md
 *   weights  the weights alone, as safetensors, by IR name ("<layer>/<weight>"),
 *            the format `netwright export --weights` and checkpoints use
 *
 * The weights are the engine's fresh initialisation (fresh-weights.ts) unless
 * the caller passes others (a trained run's or an imported file's, chosen by
 * model-weights.ts), which must fit the graph. Pure: runs in the export
 * worker and in tests.
 */
import { zipSync } from 'fflate';
import { compile } from '../../../shared/compiler';
import { exportKeras } from '../../../shared/export/keras';
import { exportOnnx } from '../../../shared/export/onnx/export';
import { exportPytorch, type ExportFiles } from '../../../shared/export/pytorch';
import { misfitText, weightsMisfit } from '../../../shared/export/weights-fit';
import type { Project } from '../../../shared/graph';
import type { IRGraph } from '../../../shared/ir/graph';
import { freshWeights } from './fresh-weights';
import type { ExportKind } from './export-kinds';
import { fileStem, labelsOf } from './names';
import { ModelExportError, weightsFile } from './weights-file';

export type { ExportKind } from './export-kinds';
export { ModelExportError } from './weights-file';

export interface ExportedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly type: string;
}

function compiledIr(project: Project): IRGraph {
  // Imported ONNX ops the engine cannot run are still written back as they were.
  const result = compile(project, { keepOnnxOps: true });
  if (result.ir) return result.ir;
  const first = result.errors[0];
  throw new ModelExportError(`the model has ${result.errors.length === 1 ? 'a problem' : `${result.errors.length} problems`} to fix first${first ? `: ${first.message}` : ''}.`);
}

/** A folder of files as a zip, everything inside one folder named after the zip. */
export function zipFolder(folder: string, { files }: ExportFiles): Uint8Array {
  const text = new TextEncoder();
  const entries: Record<string, Uint8Array> = {};
  for (const [name, content] of files) entries[`${folder}/${name}`] = typeof content === 'string' ? text.encode(content) : content;
  // Weights barely compress; code does. Level 6 is zlib's default.
  return zipSync(entries, { level: 6 });
}

export function buildExport(kind: ExportKind, project: Project, options: { weights?: ReadonlyMap<string, Float32Array>; version?: string } = {}): ExportedFile {
  const ir = compiledIr(project);
  const misfit = options.weights && weightsMisfit(ir, options.weights);
  if (misfit) throw new ModelExportError(`the weights given do not fit the model: ${misfitText(misfit)}.`);
  const weights = options.weights ?? freshWeights(ir, project.training?.seed ?? 0);
  const stem = fileStem(project.name);
  switch (kind) {
    case 'onnx':
      return {
        name: `${stem}.onnx`,
        type: 'application/octet-stream',
        bytes: exportOnnx(ir, weights, {
          name: project.name,
          docString: project.description ?? '',
          labels: labelsOf(project),
          producerVersion: options.version ?? '',
          metadata: { 'netwright.format': 'netwright-onnx/1' },
        }),
      };
    case 'pytorch':
      return { name: `${stem}-pytorch.zip`, type: 'application/zip', bytes: zipFolder(`${stem}-pytorch`, exportPytorch(project, weights)) };
    case 'keras':
      return { name: `${stem}-keras.zip`, type: 'application/zip', bytes: zipFolder(`${stem}-keras`, exportKeras(project, weights)) };
    case 'weights':
      return { name: `${stem}.safetensors`, type: 'application/octet-stream', bytes: weightsFile(ir, weights, project) };
  }
}
