/**
 * Pass 2, infer shapes: walks the graph in order and asks each layer's shape
 * rule for its output shape. A rule's error is pinned to its node; layers
 * after a broken one are left without a shape rather than guessed.
 */
import { type DataKind, ShapeRuleError, type Shape, type WeightSpec } from '../layers/define';
import { graphError, type GraphError } from './catalogue';
import type { Wiring } from './validate';

export type { DataKind };

export interface NodeShapes {
  readonly inputShapes: Shape[];
  readonly outputShape: Shape;
  readonly dataKind: DataKind;
  readonly weights: WeightSpec[];
  readonly params: { readonly trainable: number; readonly nonTrainable: number; readonly pytorch?: { count: number; note: string } };
}

/** Layer types that may receive whole-number token ids, and whether they keep them whole. */
const INT_READERS: Record<string, DataKind> = { Embedding: 'float', Reshape: 'int', Flatten: 'int', Permute: 'int', RepeatVector: 'int', OnnxOp: 'float' };

const size = (s: Shape) => s.reduce((n, d) => n * d, 1);

/**
 * `keepOnnxOps`: shapes for the ONNX exporter, which writes layers the engine
 * cannot run as they are, so their cannotRun reasons are not errors.
 */
export function inferShapes(wiring: Wiring, options: { keepOnnxOps?: boolean } = {}): { shapes: Map<string, NodeShapes>; errors: GraphError[] } {
  const shapes = new Map<string, NodeShapes>();
  const errors: GraphError[] = [];
  for (const id of wiring.order) {
    const node = wiring.nodes.get(id)!;
    const def = node.def;
    if (!def) continue;
    const upstream = node.inputs.map((s) => shapes.get(s));
    if (upstream.some((u) => u === undefined)) continue; // an earlier layer failed
    const { min, max } = def.arity;
    if (node.inputs.length < min || node.inputs.length > max) continue; // reported by validate
    const inputShapes = upstream.map((u) => u!.outputShape);
    const kinds = upstream.map((u) => u!.dataKind);
    try {
      let dataKind: DataKind = node.type === 'Input' ? (node.params['dtype'] === 'int32' ? 'int' : 'float') : 'float';
      if (kinds.includes('int')) {
        if (!(node.type in INT_READERS)) throw new ShapeRuleError('NW029', `${node.type} "${id}" receives whole-number token ids; only Embedding turns them into numbers other layers can use.`, 'Put an Embedding layer between the Input and this layer, or set the Input\'s dtype to float32.');
        dataKind = INT_READERS[node.type]!;
      } else if (node.type === 'Embedding') {
        throw new ShapeRuleError('NW029', `Embedding "${id}" looks up whole-number token ids, but it receives decimal numbers.`, 'Set the dtype of the Input that feeds it to int32.');
      }
      const outputShape = def.inferShape(inputShapes, node.params);
      if (outputShape.some((d) => !(Number.isInteger(d) && d >= 1))) {
        throw new ShapeRuleError('NW028', `${node.type} "${id}" would output the shape (batch, ${outputShape.join(', ')}), which has an empty dimension.`);
      }
      const weights = def.weights?.(inputShapes, node.params) ?? [];
      const count = (trainable: boolean) => weights.filter((w) => w.trainable === trainable).reduce((n, w) => n + size(w.shape), 0);
      const pytorch = def.pytorchParams?.(inputShapes, node.params);
      shapes.set(id, { inputShapes, outputShape, dataKind, weights, params: { trainable: count(true), nonTrainable: count(false), ...(pytorch ? { pytorch } : {}) } });
      // A layer the engine cannot run keeps its shape (it is drawn and exported); only running it is an error.
      const cannot = options.keepOnnxOps ? undefined : def.cannotRun?.(inputShapes, node.params, kinds);
      if (cannot) errors.push(graphError('NW032', `${cannot} (layer "${id}")`, { node: id }));
    } catch (e) {
      if (!(e instanceof ShapeRuleError)) throw e;
      errors.push(graphError(e.code, e.message.includes(`"${id}"`) ? e.message : `${e.message} (layer "${id}")`, { node: id, ...(e.fix ? { fix: e.fix } : {}), ...(e.param ? { param: e.param } : {}) }));
    }
  }
  return { shapes, errors };
}
