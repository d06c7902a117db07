/**
 * Keras 3 export: model.py (Sequential or Functional), the weights as one
 * .npy file per weight, train.py (compile and fit with the project's
 * settings), data.py (the dataset) and a README.
 */
import type { Project } from '../../graph/schema';
import { dataScript } from '../pytorch/dataset';
import type { ExportFiles, ExportWeights } from '../pytorch';
import { buildKerasModel, KerasExportError } from './model';
import { encodeNpy } from './npy';
import { kerasReadme } from './readme';
import { kerasTrainScript } from './train';

export { KerasExportError } from './model';

/** `weights` by IR parameter name ("<node>/<weight>"), in Keras's layout, or CODE_WITH_WEIGHTS (see ../pytorch); without them the model starts from Keras's initialisation. */
export function exportKeras(project: Project, weights?: ExportWeights): ExportFiles {
  const model = buildKerasModel(project);
  const files = new Map<string, string | Uint8Array>([
    ['model.py', model.code],
    ['train.py', kerasTrainScript(project, model)],
    ['data.py', dataScript(project)],
    ['README.md', kerasReadme(project, model, weights !== undefined)],
  ]);
  if (typeof weights === 'object') {
    for (const [layer, list] of model.weights) {
      for (const w of list) {
        const data = weights.get(w.param);
        if (!data) throw new KerasExportError(`the weights have no "${w.param}". Export weights saved from this model, or none to start from fresh ones.`);
        const size = w.shape.reduce((n, d) => n * d, 1);
        if (data.length !== size) throw new KerasExportError(`weight "${w.param}" has ${data.length} values, but the layer needs ${size} (shape [${w.shape.join(', ')}]); were the weights saved from another model?`);
        files.set(`weights/${layer}.${w.name}.npy`, encodeNpy(data, w.shape));
      }
    }
  }
  return { files };
}
