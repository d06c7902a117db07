/**
 * The weights alone, as safetensors by IR name ("<layer>/<weight>"): the
 * Weights export, and the PROJECT.safetensors the desktop app saves beside a
 * project (the format `netwright export --weights` and checkpoints use).
 * Kept apart from exports.ts so the page can write it without loading the
 * exporters' worker-side code.
 */
import { encodeSafetensors, type NamedTensor } from '../../../shared/formats/safetensors';
import type { Project } from '../../../shared/graph';
import type { IRGraph } from '../../../shared/ir/graph';

/** Why an export could not be built, in words for the person (exports.ts throws it too). */
export class ModelExportError extends Error {
  override readonly name = 'ModelExportError';
}

export function weightsFile(ir: IRGraph, weights: ReadonlyMap<string, Float32Array>, project: Project): Uint8Array {
  const tensors = new Map<string, NamedTensor>();
  for (const node of ir.nodes) {
    if (node.op !== 'param') continue;
    const name = String(node.arg['name']);
    const data = weights.get(name);
    if (!data) throw new ModelExportError(`there is no value for the weight "${name}".`);
    tensors.set(name, { data, shape: node.shape });
  }
  return encodeSafetensors(tensors, { format: 'netwright', project: project.name });
}
