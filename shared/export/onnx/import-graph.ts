/**
 * The graph document an ONNX import builds, node by node. ONNX values are
 * tracked with the layout they are stored in (layout.ts): an imported
 * channels-first Conv stack becomes channels-last Netwright layers, and a
 * Permute layer appears only where the ONNX graph really reorders data the
 * way Netwright must see it (a Flatten of NCHW data, an NCHW model output).
 */
import type { Project, ProjectEdge, ProjectNode } from '../../graph/schema';
import { getLayer } from '../../layers';
import { ShapeRuleError } from '../../layers/define';
import { parseParams } from '../../layers/params';
import { identity, inverse, type Perm, samePerm } from './layout';
import { AttributeType, fromUtf8, int, type INodeProto, type ITensorProto } from './proto';
import { OnnxImportError, type TensorData } from './tensor-data';

/** A value computed by a layer: its Netwright (logical) shape, batch first as -1, and ONNX's storage order. */
export interface Tensor {
  readonly kind: 'tensor';
  readonly node: string;
  readonly shape: readonly number[];
  readonly perm: Perm;
  readonly dtype: 'f32' | 'i32';
}

export interface Const {
  readonly kind: 'const';
  readonly tensor: TensorData;
}

export type Val = Tensor | Const;

export const physicalShape = (t: Tensor) => t.perm.map((l) => t.shape[l]!);

export type AttrMap = ReadonlyMap<string, number | string | number[] | string[]>;

export function attributes(n: INodeProto): AttrMap {
  const out = new Map<string, number | string | number[] | string[]>();
  for (const a of n.attribute ?? []) {
    const name = a.name ?? '';
    switch (a.type) {
      case AttributeType.FLOAT: out.set(name, a.f ?? 0); break;
      case AttributeType.INT: out.set(name, int(a.i)); break;
      case AttributeType.STRING: out.set(name, fromUtf8(a.s)); break;
      case AttributeType.FLOATS: out.set(name, [...(a.floats ?? [])]); break;
      case AttributeType.INTS: out.set(name, (a.ints ?? []).map((v) => int(v))); break;
      case AttributeType.STRINGS: out.set(name, (a.strings ?? []).map((s) => fromUtf8(s))); break;
      default: break;
    }
  }
  return out;
}

/** What the model declares about a value (graph inputs and outputs, value_info): its element type and sizes (undefined where dynamic). */
export interface ValueInfo {
  readonly elemType: number;
  readonly dims: readonly (number | undefined)[] | undefined;
}

/** The import's state at one moment, to go back to when a handler refuses a node. */
export interface Snapshot {
  readonly made: number;
  readonly edges: number;
  readonly ids: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, Val>;
  readonly done: ReadonlySet<INodeProto>;
  readonly reversed: ReadonlyMap<string, Tensor>;
  readonly warnings: number;
}

interface MadeNode {
  id: string;
  readonly type: string;
  readonly params: Record<string, unknown>;
  readonly weights: Map<string, Float32Array>;
}

export class ImportGraph {
  readonly values = new Map<string, Val>();
  readonly consumers = new Map<string, INodeProto[]>();
  /** ONNX nodes already handled by a pattern that started at an earlier node. */
  readonly done = new Set<INodeProto>();
  readonly warnings: string[] = [];
  private readonly made: MadeNode[] = [];
  private readonly edges: { source: string; target: string; handle?: string }[] = [];
  private readonly ids = new Set<string>();

  /** Values that are another value read backwards in time (a reverse Slice), for a recurrent op to read with go_backwards. */
  readonly reversed = new Map<string, Tensor>();

  /** Declared types and shapes of values, by name (value_info, graph inputs and outputs). */
  readonly valueInfo = new Map<string, ValueInfo>();

  constructor(
    readonly nodes: readonly INodeProto[],
    readonly graphOutputs: ReadonlySet<string>,
    readonly readTensor: (t: ITensorProto) => TensorData,
  ) {
    for (const n of nodes) for (const i of n.input ?? []) if (i) this.consumers.set(i, [...(this.consumers.get(i) ?? []), n]);
  }

  snapshot(): Snapshot {
    return {
      made: this.made.length, edges: this.edges.length, ids: new Set(this.ids), values: new Map(this.values),
      done: new Set(this.done), reversed: new Map(this.reversed), warnings: this.warnings.length,
    };
  }

  /** Undoes everything since the snapshot: the layers and edges added, the values set, the nodes marked done. */
  restore(s: Snapshot): void {
    this.made.length = s.made;
    this.edges.length = s.edges;
    this.warnings.length = s.warnings;
    const reset = <K, V>(m: Map<K, V>, from: ReadonlyMap<K, V>) => {
      m.clear();
      for (const [k, v] of from) m.set(k, v);
    };
    reset(this.values, s.values);
    reset(this.reversed, s.reversed);
    this.ids.clear();
    for (const id of s.ids) this.ids.add(id);
    this.done.clear();
    for (const n of s.done) this.done.add(n);
  }

  /** Whether anything reads `value`: another node or the graph's outputs. */
  isUsed(value: string): boolean {
    return this.graphOutputs.has(value) || (this.consumers.get(value)?.length ?? 0) > 0;
  }

  /** The one ONNX node reading `value`, when exactly one does and it is not a graph output. */
  soleConsumer(value: string): INodeProto | undefined {
    const users = this.consumers.get(value) ?? [];
    return users.length === 1 && !this.graphOutputs.has(value) ? users[0] : undefined;
  }

  val(name: string, node?: INodeProto): Val {
    const v = this.values.get(name);
    if (!v) throw new OnnxImportError(`${where(node)}reads "${name}", which nothing in the model computes.`);
    return v;
  }

  tensor(name: string, node?: INodeProto): Tensor {
    const v = this.val(name, node);
    if (v.kind === 'const') throw new OnnxImportError(`${where(node)}computes on the constant "${name}"; Netwright layers compute on data, so this op has no layer.`);
    return v;
  }

  constant(name: string | undefined | null): TensorData | undefined {
    if (!name) return undefined;
    const v = this.values.get(name);
    return v?.kind === 'const' ? v.tensor : undefined;
  }

  claimId(hint: string): string {
    const id = this.freeId(hint);
    this.ids.add(id);
    return id;
  }

  private freeId(hint: string): string {
    const base = hint.trim().replace(/\s+/g, '_').slice(0, 180) || 'layer';
    let id = base;
    for (let k = 2; this.ids.has(id); k++) id = `${base}_${k}`;
    return id;
  }

  /**
   * Adds a layer, checking its parameters and weights as the compiler would.
   * Returns its output, stored in the IR's own order.
   */
  addLayer(type: string, params: Record<string, unknown>, inputs: readonly Tensor[], weights: Record<string, Float32Array>, hint: string, dtype?: 'f32' | 'i32'): Tensor {
    const def = getLayer(type);
    if (!def) throw new OnnxImportError(`internal error: no layer type "${type}"`);
    const { values, issues } = parseParams(def.params, params);
    if (issues.length) throw new OnnxImportError(`${hint}: the ${type} it becomes would have bad parameters: ${issues.map((i) => i.message).join('; ')}`);
    const shapes = inputs.map((t) => t.shape.slice(1));
    let out: readonly number[];
    try {
      out = def.inferShape(shapes, values);
    } catch (e) {
      if (e instanceof ShapeRuleError) throw new OnnxImportError(`${hint}: as a ${type}, ${e.message}`);
      throw e;
    }
    const specs = def.weights?.(shapes, values) ?? [];
    const stored = new Map<string, Float32Array>();
    for (const spec of specs) {
      const data = weights[spec.name];
      const size = spec.shape.reduce((n, d) => n * d, 1);
      if (!data || data.length !== size) throw new OnnxImportError(`${hint}: the ${type}'s ${spec.name} should have ${size} values, but the model gives ${data?.length ?? 'none'}.`);
      stored.set(spec.name, data);
    }
    const id = this.claimId(hint);
    this.made.push({ id, type, params, weights: stored });
    inputs.forEach((t, k) => this.edges.push({ source: t.node, target: id, ...(inputs.length > 1 ? { handle: `in${k}` } : {}) }));
    return { kind: 'tensor', node: id, shape: [-1, ...out], perm: identity(out.length + 1), dtype: dtype ?? 'f32' };
  }

  /**
   * The same data seen in layout `q`: free when it is already stored that
   * way, else a Permute layer whose output, stored as `q`, holds what ONNX
   * holds. The batch must stay first.
   */
  toPerm(t: Tensor, q: Perm, hint: string): Tensor {
    if (samePerm(t.perm, q)) return t;
    const qinv = inverse(q);
    const source = (a: number) => t.perm[qinv[a]!]!;
    if (source(0) !== 0) throw new OnnxImportError(`${hint}: the model moves the batch axis, which Netwright layers cannot do.`);
    const dims = identity(q.length).slice(1).map(source);
    const out = this.addLayer('Permute', { dims }, [t], {}, `${hint}/permute`);
    return { ...out, perm: [...q] };
  }

  /** The type and (mutable) parameters of a layer already added. */
  layer(id: string): { readonly type: string; readonly params: Record<string, unknown> } | undefined {
    return this.made.find((n) => n.id === id);
  }

  /**
   * Renames a layer, to give an output its ONNX name. A layer that has the
   * name already moves aside, unless it is one of `keep` (the inputs).
   */
  rename(from: string, to: string, keep: ReadonlySet<string> = new Set()): string {
    if (from === to) return from;
    const node = this.made.find((n) => n.id === from);
    if (!node) return from;
    if (this.ids.has(to)) {
      if (keep.has(to)) return from;
      const other = this.made.find((n) => n.id === to);
      if (!other) return from;
      this.rename(to, this.freeId(`${to}_${other.type.toLowerCase()}`));
    }
    this.ids.delete(from);
    this.ids.add(to);
    node.id = to;
    for (const e of this.edges) {
      if (e.source === from) e.source = to;
      if (e.target === from) e.target = to;
    }
    return to;
  }

  finish(name: string, outputs: readonly string[], description: string): { project: Project; weights: Map<string, Float32Array> } {
    const nodes: ProjectNode[] = this.made.map((n) => ({ id: n.id, type: n.type, params: n.params }));
    const edges: ProjectEdge[] = this.edges.map((e, i) => ({ id: `e${i}`, source: e.source, target: e.target, ...(e.handle ? { targetHandle: e.handle } : {}) }));
    const weights = new Map<string, Float32Array>();
    for (const n of this.made) for (const [w, data] of n.weights) weights.set(`${n.id}/${w}`, data);
    const project: Project = { format: 'netwright', version: 1, name, nodes, edges, outputs: [...outputs], ...(description ? { description } : {}) };
    return { project, weights };
  }
}

export function where(node?: INodeProto): string {
  return node ? `the ${node.opType} node "${node.name || node.output?.[0] || '?'}" ` : '';
}

/** Readable layer name from an ONNX node: "conv1/Conv" → "conv1". */
export function hintOf(n: INodeProto): string {
  const name = n.name || n.output?.[0] || (n.opType ?? 'node').toLowerCase();
  const slash = name.lastIndexOf('/');
  return slash > 0 ? name.slice(0, slash) : name;
}
