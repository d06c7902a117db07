/**
 * IR → ONNX. Walks the IR once, in order; each op is mapped by one rule
 * (rules/, one file per op family), and the exporter itself only handles the
 * sources (inputs, weights, literals), layouts (layout.ts) and the graph's
 * inputs and outputs.
 *
 * What comes out:
 * - IR version and opset: 8 and 17 by default (what Debian's onnx 1.12 checks),
 *   or a newer opset on request;
 * - one input per model input, named as the IR names it (the Input node's id),
 *   and one output per model output (the output node's id), both channels-last
 *   as the user drew them, with a dynamic first dimension named "batch";
 * - nodes named "<layer>/<OpType>" and weights "<layer>/<weight>", where
 *   <layer> is the canvas node's label, or its id when it has none; weights
 *   that ONNX wants in another order (conv kernels, recurrent matrices) are
 *   stored in that order under the same name;
 * - inference semantics: Dropout disappears, BatchNormalization uses its
 *   moving statistics.
 */
import type { IRGraph, IRNode } from '../../ir/graph';
import type { OnnxOpArg } from '../../layers/onnx-op';
import { type Constant, type ExportContext, OnnxExportError } from './context';
import { findFusions } from './fusions';
import { OnnxGraphBuilder } from './graph-builder';
import { identity, isIdentity, type Perm, permuteData, samePerm, transposeBetween } from './layout';
import { DataType, type IModelProto, onnx, valueInfo } from './proto';
import { EXPORT_RULES } from './rules';

export const DEFAULT_OPSET = 17;
export const MIN_OPSET = 17;
export const MAX_OPSET = 22;

/** ONNX's IR version for an opset (onnx/helper.py's VERSION_TABLE). */
export function irVersionFor(opset: number): number {
  return opset <= 18 ? 8 : opset <= 20 ? 9 : opset <= 22 ? 10 : 11;
}

export interface OnnxExportOptions {
  /** ONNX opset, MIN_OPSET…MAX_OPSET; DEFAULT_OPSET when left out. */
  readonly opset?: number;
  /** Labels of canvas nodes, used instead of their ids to name nodes and weights. */
  readonly labels?: ReadonlyMap<string, string>;
  /** The graph's name (the project's name). */
  readonly name?: string;
  readonly docString?: string;
  readonly producerVersion?: string;
  /** Extra key/value pairs for the model's metadata_props. */
  readonly metadata?: Readonly<Record<string, string>>;
}

interface Value {
  readonly tensor?: { readonly name: string; readonly perm: Perm };
  readonly constant?: Constant;
  /** The same value in other layouts, by perm, made on first request. */
  readonly views: Map<string, string>;
}

/** Builds the ModelProto (as a plain object) for an IR graph and its weights. */
export function buildOnnxModel(ir: IRGraph, weights: ReadonlyMap<string, Float32Array>, options: OnnxExportOptions = {}): IModelProto {
  const opset = options.opset ?? DEFAULT_OPSET;
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET) {
    throw new OnnxExportError(null, `ONNX opset ${opset} is not supported: choose one from ${MIN_OPSET} to ${MAX_OPSET} (${DEFAULT_OPSET} is the default).`);
  }
  const g = new OnnxGraphBuilder();
  const fusion = findFusions(ir);
  const values: (Value | undefined)[] = [];
  const scopeOf = (origin: string) => options.labels?.get(origin)?.trim() || origin;

  // Input and output names are the graph's interface: reserve them first, so nothing else takes them.
  const outputNames = ir.outputs.map((o) => o.name);
  for (const id of ir.inputs) g.claimValue(String(ir.nodes[id]!.arg['name']));
  for (const name of outputNames) g.claimValue(name);

  const fail = (node: IRNode | null, message: string): never => {
    throw new OnnxExportError(node?.origin ?? null, node ? `layer "${node.origin}": ${message}` : message);
  };

  const valueOf = (id: number, scope: string, perm?: Perm): string => {
    const v = values[id];
    if (!v) return fail(ir.nodes[id] ?? null, `internal error: %${id} was used before it was exported`);
    const rank = ir.nodes[id]!.shape.length;
    const current = v.tensor?.perm ?? identity(rank);
    const want = perm ?? current;
    if (v.tensor && samePerm(want, v.tensor.perm)) return v.tensor.name;
    const key = want.join(',');
    const cached = v.views.get(key);
    if (cached) return cached;
    let made: string;
    if (v.constant) {
      const c = v.constant;
      made = g.initializer(c.name, want.map((p) => c.shape[p]!), isIdentity(want) ? c.data : permuteData(c.data, c.shape, want));
    } else {
      made = g.node('Transpose', [v.tensor!.name], { perm: transposeBetween(v.tensor!.perm, want) }, { scope })[0]!;
    }
    v.views.set(key, made);
    return made;
  };

  // Sources first: a fused node may read a weight the IR defines after it (a Dense's bias).
  const SOURCES = ['input', 'param', 'const'];
  const ordered = [...ir.nodes.filter((n) => SOURCES.includes(n.op)), ...ir.nodes.filter((n) => !SOURCES.includes(n.op))];
  for (const node of ordered) {
    if (fusion.absorbed.has(node.id)) continue;
    const scope = scopeOf(node.origin);
    if (node.op === 'input') {
      values[node.id] = { tensor: { name: String(node.arg['name']), perm: identity(node.shape.length) }, views: new Map() };
      continue;
    }
    if (node.op === 'param') {
      const name = String(node.arg['name']);
      const data = weights.get(name);
      const size = node.shape.reduce((n, d) => n * d, 1);
      if (!data) fail(node, `there is no value for the weight "${name}"`);
      if (data!.length !== size) fail(node, `the weight "${name}" has ${data!.length} values, but its shape [${node.shape.join(', ')}] needs ${size}`);
      const readable = name.startsWith(`${node.origin}/`) ? `${scope}/${name.slice(node.origin.length + 1)}` : name;
      values[node.id] = { constant: { data: data!, shape: node.shape, name: readable }, views: new Map() };
      continue;
    }
    if (node.op === 'const') {
      const literal = node.arg['values'] as number[];
      const size = node.shape.reduce((n, d) => n * d, 1);
      const data = literal.length === 1 ? new Float32Array(size).fill(literal[0]!) : Float32Array.from(literal);
      values[node.id] = { constant: { data, shape: node.shape, name: `${scope}/const` }, views: new Map() };
      continue;
    }
    const rule = EXPORT_RULES[node.op];
    let defined = false;
    const define = (value: Value) => {
      values[node.id] = value;
      const absorbedAdd = fusion.bias.get(node.id);
      if (absorbedAdd) values[absorbedAdd.node.id] = value;
      defined = true;
    };
    const op = (opType: string, inputs: readonly string[], attrs = {}, outputs: number | readonly string[] = 1) => g.node(opType, inputs, attrs, { scope, outputs });
    const ctx: ExportContext = {
      node,
      g,
      scope,
      opset,
      irNode: (id) => ir.nodes[id]!,
      permOf: (id) => values[id]?.tensor?.perm ?? identity(ir.nodes[id]!.shape.length),
      constantOf: (id) => values[id]?.constant,
      valueOf: (id, perm) => valueOf(id, scope, perm),
      perm: (i) => ctx.permOf(node.src[i]!),
      constant: (i) => ctx.constantOf(node.src[i]!),
      input: (i, perm) => valueOf(node.src[i]!, scope, perm),
      op,
      op1: (opType, inputs, attrs) => op(opType, inputs, attrs)[0]!,
      initializer: (name, dims, data) => g.initializer(name, dims, data),
      int64: (hint, v) => g.int64(`${scope}/${hint}`, v),
      float32: (hint, v, dims) => g.float32(`${scope}/${hint}`, v, dims),
      define: (name, perm) => define({ tensor: { name, perm: perm ?? identity(node.shape.length) }, views: new Map() }),
      defineConstant: (c) => define({ constant: c, views: new Map() }),
      fusedBias: fusion.bias.get(node.id),
      fusedPad: fusion.pad.get(node.id),
      fail: (message) => fail(node, message),
    };
    rule(ctx);
    if (!defined) fail(node, `internal error: the ONNX rule for "${node.op}" defined no value`);
  }

  // Outputs: the stable names reserved above, channels-last.
  const inputNames = new Set(ir.inputs.map((id) => String(ir.nodes[id]!.arg['name'])));
  const produced = new Set(g.nodes.flatMap((n) => n.output ?? []));
  const renamed = new Set<string>();
  ir.outputs.forEach(({ name, node: id }) => {
    const node = ir.nodes[id]!;
    const tensor = valueOf(id, scopeOf(node.origin), identity(node.shape.length));
    if (produced.has(tensor) && !inputNames.has(tensor) && !renamed.has(tensor)) {
      g.rename(tensor, name);
      renamed.add(name);
      // Later lookups of this value must find the new name.
      for (const v of values) {
        if (!v) continue;
        if (v.tensor?.name === tensor) (v as { tensor: { name: string; perm: Perm } }).tensor = { name, perm: v.tensor.perm };
        for (const [k, n] of v.views) if (n === tensor) v.views.set(k, name);
      }
    } else {
      g.node('Identity', [tensor], {}, { scope: scopeOf(node.origin), outputs: [name], reserved: true });
    }
  });

  // An imported ONNX operation's output keeps the type it had (a comparison's BOOL, ArgMax's INT64).
  const elemType = (n: IRNode) => (n.op === 'onnx' ? DataType[(n.arg as unknown as OnnxOpArg).outputType] : n.dtype === 'i32' ? DataType.INT32 : DataType.FLOAT);
  const dims = (n: IRNode) => n.shape.map((d, i) => (i === 0 ? 'batch' : d));
  // ONNX cannot work out the shape of an operation from another domain: say what it is, as the imported model did.
  const outputSet = new Set(outputNames);
  const declared = ir.nodes.flatMap((n) => {
    const t = values[n.id]?.tensor;
    const domain = n.op === 'onnx' ? (n.arg as unknown as OnnxOpArg).domain : '';
    return t && domain && domain !== 'ai.onnx' && isIdentity(t.perm) && !outputSet.has(t.name) ? [valueInfo(t.name, elemType(n), dims(n))] : [];
  });
  return {
    irVersion: irVersionFor(opset),
    opsetImport: [{ domain: '', version: opset }, ...customDomains(ir)],
    producerName: 'Netwright',
    producerVersion: options.producerVersion ?? '',
    docString: options.docString ?? '',
    metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: {
      name: options.name ?? 'netwright',
      node: g.nodes,
      initializer: g.initializers,
      input: ir.inputs.map((id) => valueInfo(String(ir.nodes[id]!.arg['name']), elemType(ir.nodes[id]!), dims(ir.nodes[id]!))),
      output: ir.outputs.map((o) => valueInfo(o.name, elemType(ir.nodes[o.node]!), dims(ir.nodes[o.node]!))),
      ...(declared.length ? { valueInfo: declared } : {}),
    },
  };
}

/** The operator sets of imported ONNX operations outside standard ONNX, each at the newest version they use. */
function customDomains(ir: IRGraph): { domain: string; version: number }[] {
  const versions = new Map<string, number>();
  for (const n of ir.nodes) {
    if (n.op !== 'onnx') continue;
    const { domain, opset } = n.arg as unknown as OnnxOpArg;
    if (domain && domain !== 'ai.onnx') versions.set(domain, Math.max(versions.get(domain) ?? 1, opset));
  }
  return [...versions].map(([domain, version]) => ({ domain, version }));
}

/** Exports an IR graph and its weights as an ONNX file's bytes. */
export function exportOnnx(ir: IRGraph, weights: ReadonlyMap<string, Float32Array>, options: OnnxExportOptions = {}): Uint8Array {
  return onnx.ModelProto.encode(buildOnnxModel(ir, weights, options)).finish();
}
