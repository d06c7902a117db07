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
 * An ONNX node no layer reads, or that its layer's handler refuses (a Conv
 * with a computed kernel, a HardSigmoid with its own slope), becomes an
 * OnnxOp node that keeps the operation as it is (import-generic.ts); the
 * handler's partial work is undone first.
 *
 * Every failure is an OnnxImportError with a sentence saying what is wrong:
 * a truncated or non-protobuf file, an opset newer than Netwright knows, a
 * missing external-data file, or an op that can neither become a layer nor
 * be kept as an ONNX operation (one that mixes the samples of a batch, say).
 */
import type { Project } from '../../graph/schema';
import { arrange } from './arrange';
import { MAX_OPSET } from './export';
import { ImportGraph, type Tensor, where } from './import-graph';
import { KeepError, keepOnnxOp } from './import-generic';
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

/** The version of a non-standard domain the model imports (1 when it does not say). */
function domainVersion(model: IModelProto, domain: string): number {
  const entry = (model.opsetImport ?? []).find((o) => o.domain === domain);
  return Math.max(1, entry ? int(entry.version) : 1);
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

  for (const vi of [...(graph.input ?? []), ...(graph.valueInfo ?? []), ...(graph.output ?? [])]) {
    const tensor = vi.type?.tensorType;
    if (!vi.name || !tensor) continue;
    const dims = tensor.shape?.dim?.map((d) => (d.dimValue !== undefined && d.dimValue !== null && int(d.dimValue) > 0 ? int(d.dimValue) : undefined));
    g.valueInfo.set(vi.name, { elemType: tensor.elemType ?? DataType.FLOAT, dims });
  }
  for (const t of graph.initializer ?? []) g.values.set(t.name ?? '', { kind: 'const', tensor: g.readTensor(t) });
  const inputs: ImportedInput[] = [];
  for (const vi of graph.input ?? []) {
    const name = vi.name ?? '';
    if (g.values.has(name)) continue; // an initializer listed as an input (IR < 4)
    inputs.push(addInput(g, name, vi, fromNetwright));
  }

  for (const n of nodes) {
    if (g.done.has(n)) continue;
    const standard = !n.domain || n.domain === 'ai.onnx';
    const handler = standard ? HANDLERS[n.opType ?? ''] : undefined;
    let refusal: OnnxImportError | undefined;
    if (handler) {
      const before = g.snapshot();
      try {
        handler(g, n, opset);
        continue;
      } catch (e) {
        if (!(e instanceof OnnxImportError)) throw e;
        g.restore(before);
        refusal = e;
      }
    }
    const before = g.snapshot();
    try {
      keepOnnxOp(g, n, standard ? opset : domainVersion(model, n.domain!));
    } catch (e) {
      if (!(e instanceof OnnxImportError)) throw e;
      g.restore(before);
      const reason = e instanceof KeepError ? `${e.reason}.` : e.message;
      if (refusal) throw new OnnxImportError(`${refusal.message} It cannot be kept as an ONNX operation either: ${reason}`);
      const what = standard ? `the ONNX op ${n.opType}` : `"${n.opType}" from the "${n.domain}" domain`;
      throw new OnnxImportError(`the model uses ${what} (${where(n).trim() || 'a node'}), which has no Netwright layer and cannot be kept as an ONNX operation: ${reason}`);
    }
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

