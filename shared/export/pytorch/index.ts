/**
 * PyTorch export: a folder with model.py (a readable nn.Module), its weights
 * in safetensors beside it, train.py (the project's training settings, with a
 * --distributed path for torchrun), data.py (the dataset) and a README.
 */
import type { Project } from '../../graph/schema';
import { dataScript } from './dataset';
import { buildPytorchModel } from './model';
import { pytorchReadme } from './readme';
import { encodeSafetensors } from '../../formats/safetensors';
import { trainScript } from './train';

export { PytorchExportError } from './model';

export interface ExportFiles {
  /** File name → contents: text, or bytes for weights. */
  readonly files: Map<string, string | Uint8Array>;
}

/**
 * What an export carries: the model's weights by IR parameter name
 * ("<node>/<weight>", in Keras's layout: a trainer's state, a checkpoint, or
 * the engine's fresh initialisation); or CODE_WITH_WEIGHTS, the text files
 * exactly as they read with weights beside them but without making them (the
 * Code view's preview of an export, kept fast on big models). Without either
 * the export has no weights file and the model starts from the framework's
 * own initialisation.
 */
export const CODE_WITH_WEIGHTS = 'code-with-weights';
export type ExportWeights = ReadonlyMap<string, Float32Array> | typeof CODE_WITH_WEIGHTS;

export function exportPytorch(project: Project, weights?: ExportWeights): ExportFiles {
  const model = buildPytorchModel(project, weights);
  const files = new Map<string, string | Uint8Array>([
    ['model.py', model.code],
    ['train.py', trainScript(project, model)],
    ['data.py', dataScript(project)],
    ['README.md', pytorchReadme(project, model, model.hasWeights)],
  ]);
  if (model.state) files.set('weights.safetensors', encodeSafetensors(model.state, { format: 'pt', source: 'netwright', model: model.className }));
  return { files };
}
