/**
 * What the evaluation needs to know about the model from its graph: the shape
 * of one input sample and of one output, from the compiler's shape inference.
 */
import type { Project } from '../../../shared/graph/schema';
import { compileProject } from '../project/compiled';

export interface ModelShapes {
  /** One sample, without the batch axis: [2], [28, 28], [28, 28, 1]. */
  readonly input: readonly number[] | null;
  /** One sample's outputs, without the batch axis: [1], [10]. */
  readonly output: readonly number[] | null;
}

export function modelShapes(project: Project): ModelShapes {
  const { result } = compileProject(project);
  const inputNode = project.nodes.find((n) => n.type === 'Input');
  const input = inputNode ? result.shapes.get(inputNode.id)?.outputShape : undefined;
  const outputId = result.wiring.outputs[0];
  const output = outputId ? result.shapes.get(outputId)?.outputShape : undefined;
  return { input: input ?? null, output: output ?? null };
}

/** Values per sample for a shape: [28, 28] → 784. */
export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, d) => a * d, 1);
