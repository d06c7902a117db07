/**
 * ONNX → a graph document and its weights. The model is decoded, checked
 * (readable protobuf, an opset Netwright knows, weights all present), and
 * each ONNX node becomes catalogue layers (import-ops.ts). Layouts are
 * converted: a channels-first input (one that feeds a Conv or a pooling op)
 * becomes a channels-last Input, and data stays in ONNX's order internally
 * until a layer needs Netwright's (see import-graph.ts).
 *
 * Inputs keep their ONNX names as node ids; each output's layer takes the
 * output's name. So export → import → export keeps the interface, and the
 * outputs, the same.
 *
 * Every failure is an OnnxImportError with a sentence saying what is wrong:
 * a truncated or non-protobuf file, an opset newer than Netwright knows, a
 * missing external-data file, or an op with no layer.
 */
import type { Project } from '../../graph/schema';
import { arrange } from './arrange';
import { MAX_OPSET } from './export';
import { ImportGraph, type Tensor } from './import-graph';
import { IMPORT_OPS, type ImportHandler } from './import-ops';
import { recurrentHandler, sliceHandler } from './import-recurrent';
import { channelsFirst, identity, inverse, type Perm } from './layout';
import { DataType, int, type IModelProto, onnx } from './proto';
import { type ExternalReader, OnnxImportError, readTensor } from './tensor-data';

export { OnnxImportError, type ExternalReader } from './tensor-data';

const HANDLERS: Record<string, ImportHandler> = { ...IMPORT_OPS, RNN: recurrentHandler('RNN'), GRU: recurrentHandler('GRU'), LSTM: recurrentHandler('LSTM'), Slice: sliceHandler };

/** Ops that read their input channels-first: an input they read is taken as channels-first. */
const CHANNELS_FIRST = new Set(['Conv', 'ConvTranspose', 'MaxPool', 'AveragePool', 'GlobalAveragePool', 'GlobalMaxPool', 'BatchNormalization', 'Resize', 'Upsample']);

export interface ImportOptions {
  /** The project's name; the graph's name by default. */
  readonly name?: string;
  /** Reads an external-data file the model names (relative to the model's folder). */
  readonly readExternal?: ExternalReader;
  /** Lay the graph out with elkjs (default true). */
  readonly layout?: boolean;
}

export interface ImportedInput {
  readonly name: string;
  /** The ONNX input's storage order, as a layout of the Input node's (channels-last) axes: ONNX axis j is Netwright axis perm[j]. */
  readonly perm: Perm;
  readonly dtype: 'f32' | 'i32';
}

export interface ImportResult {
  readonly project: Project;
  /** Weights by IR param name, "<node>/<weight>". */
  readonly weights: Map<string, Float32Array>;
  readonly inputs: readonly ImportedInput[];
  readonly opset: number;
}

export function decodeModel(bytes: Uint8Array): IModelProto {
  let model: IModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new OnnxImportError(`this is not a readable ONNX model: ${/index out of range|premature/i.test((e as Error).message) ? 'the file is truncated' : 'the file is not ONNX protobuf data'} (${(e as Error).message}).`);
  }
  const graph = model.graph;
  if (!graph || !int(model.irVersion) || (!graph.node?.length && !graph.output?.length)) {
    throw new OnnxImportError('this is not an ONNX model: it has no graph (the file may be truncated, or another kind of file).');
  }
  return model;
}

/** The default-domain opset, checked against what Netwright knows. */
function opsetOf(model: IModelProto): number {
  const entry = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  const version = entry ? int(entry.version) : 1;
  if (version > MAX_OPSET) throw new OnnxImportError(`the model uses ONNX opset ${version}; Netwright reads opsets up to ${MAX_OPSET}. Export it again with an older opset.`);
  if (version < 1) throw new OnnxImportError(`the model names an invalid ONNX opset (${version}).`);
  return version;
}

/** Imports the graph (synchronously, without layout). */
export function importOnnxGraph(bytes: Uint8Array, options: Omit<ImportOptions, 'layout'> = {}): ImportResult {
  const model = decodeModel(bytes);
  const opset = opsetOf(model);
  const graph = model.graph!;
  const nodes = graph.node ?? [];
  const outputs = (graph.output ?? []).map((o) => o.name ?? '');
  const g = new ImportGraph(nodes, new Set(outputs), (t) => readTensor(t, options.readExternal));
  // Netwright's own exports keep channels-last inputs; for other models, an image input read by a Conv is channels-first.
  const fromNetwright = model.producerName === 'Netwright';

  for (const t of graph.initializer ?? []) g.values.set(t.name ?? '', { kind: 'const', tensor: g.readTensor(t) });
  const inputs: ImportedInput[] = [];
  for (const vi of graph.input ?? []) {
    const name = vi.name ?? '';
    if (g.values.has(name)) continue; // an initializer listed as an input (IR < 4)
    inputs.push(addInput(g, name, vi, fromNetwright));
  }

  for (const n of nodes) {
    if (g.done.has(n)) continue;
    if (n.domain && n.domain !== 'ai.onnx') throw new OnnxImportError(`the model uses "${n.opType}" from the "${n.domain}" domain, which is not standard ONNX; Netwright cannot read it.`);
    const handler = HANDLERS[n.opType ?? ''];
    if (!handler) throw new OnnxImportError(`the model uses the ONNX op ${n.opType} (node "${n.name || n.output?.[0]}"), which has no Netwright layer yet.`);
    handler(g, n, opset);
  }

  const ids: string[] = [];
  const inputIds = new Set(inputs.map((i) => i.name));
  for (const name of outputs) {
    const v = g.val(name);
    if (v.kind === 'const') throw new OnnxImportError(`the model's output "${name}" is a constant, not computed from its inputs.`);
    let t: Tensor = g.toPerm(v, identity(v.shape.length), name);
    // An output that is an input unchanged still needs a layer: the compiler wants every Input to feed one.
    if (inputIds.has(t.node)) t = g.addLayer('Activation', { activation: 'linear' }, [t], {}, `${name}_identity`);
    const id = g.rename(t.node, name, inputIds);
    if (!ids.includes(id)) ids.push(id);
  }
  const { project, weights } = g.finish(options.name ?? (graph.name || 'Imported model'), ids, model.docString ?? '');
  return { project, weights, inputs, opset };
}

function addInput(g: ImportGraph, name: string, vi: NonNullable<NonNullable<IModelProto['graph']>['input']>[number], fromNetwright: boolean): ImportedInput {
  const tensor = vi.type?.tensorType;
  if (!tensor) throw new OnnxImportError(`the model's input "${name}" is not a tensor.`);
  const elem = tensor.elemType ?? DataType.FLOAT;
  const float = [DataType.FLOAT, DataType.DOUBLE, DataType.FLOAT16].includes(elem);
  const integer = [DataType.INT32, DataType.INT64].includes(elem);
  if (!float && !integer) throw new OnnxImportError(`the model's input "${name}" holds ${DataType[elem] ?? elem} values; Netwright inputs are decimals or whole numbers.`);
  const dims = (tensor.shape?.dim ?? []).map((d) => (d.dimValue !== undefined && d.dimValue !== null && int(d.dimValue) > 0 ? int(d.dimValue) : d.dimParam || '?'));
  if (dims.length < 2) throw new OnnxImportError(`the model's input "${name}" has ${dims.length} axes; Netwright needs a batch axis and at least one more.`);
  const rest = dims.slice(1);
  if (rest.some((d) => typeof d !== 'number')) throw new OnnxImportError(`the model's input "${name}" has a dynamic size (${rest.join(', ')}) after the batch axis; Netwright needs fixed sizes there.`);
  const rank = dims.length;
  const readers = g.consumers.get(name) ?? [];
  const channelsFirstInput = !fromNetwright && rank >= 3 && readers.some((r) => CHANNELS_FIRST.has(r.opType ?? '') && (r.opType !== 'BatchNormalization' || rank >= 3));
  const perm = channelsFirstInput ? channelsFirst(rank) : identity(rank);
  const physical = [-1, ...(rest as number[])];
  const logical = inverse(perm).map((j) => physical[j]!);
  const dtype = float ? 'f32' : 'i32';
  const made = g.addLayer('Input', { shape: logical.slice(1), ...(dtype === 'i32' ? { dtype: 'int32' } : {}) }, [], {}, name, dtype);
  g.values.set(name, { ...made, perm });
  return { name: made.node, perm, dtype };
}

/** Imports an ONNX model as a laid-out graph document with its weights. */
export async function importOnnx(bytes: Uint8Array, options: ImportOptions = {}): Promise<ImportResult> {
  const result = importOnnxGraph(bytes, options);
  if (options.layout === false) return result;
  return { ...result, project: await arrange(result.project) };
}

