/**
 * OnnxOp: an ONNX operation Netwright has no layer for, kept as it is so an
 * imported model round-trips. The importer makes one for every ONNX node no
 * catalogue layer reads (shared/export/onnx/import-generic.ts); the ONNX
 * exporter writes it back as the same operation with the same attributes
 * (rules/onnx-op.ts), and the engine runs it where the table below says how
 * to compute it with IR ops.
 *
 * Its data is in ONNX's own axis order: the importer hands it its inputs
 * exactly as ONNX holds them (a Permute first where Netwright's layout
 * differs), so the operation means what the ONNX specification says. Axis 0
 * is the batch, as everywhere in Netwright: an operation that would mix
 * samples (reduce over axis 0, transpose it away) has no shape here.
 *
 * The table (OPS) gives, per standard op:
 * - shape: the output shape from the input shapes, attributes and constant
 *   inputs; ops with no entry, or whose shape depends on data, take the
 *   `output_shape` recorded at import;
 * - lower: how the engine computes it with IR ops; ops with no lowering
 *   (Erf, Sin, ArgMax…) are drawn, edited and exported, but running the
 *   model is a catalogued error (NW032).
 * Comparisons give 1 or 0 (as decimals) for true or false; when training,
 * gradients pass through them as through the `step` activation.
 */
import { z } from 'zod';
import { BATCH, type IRValue } from '../ir/graph';
import type { Op } from '../ir/ops';
import { defineLayer, ShapeRuleError, type LowerContext, type Shape, type WeightSpec } from './define';
import { choice, int, json, text } from './params';

// ── Parameters ─────────────────────────────────────────────────────────

/** An ONNX attribute, typed as in AttributeProto (f, i, s, floats, ints, strings), so it is written back exactly. */
export type OnnxAttribute =
  | { readonly f: number }
  | { readonly i: number }
  | { readonly s: string }
  | { readonly floats: readonly number[] }
  | { readonly ints: readonly number[] }
  | { readonly strings: readonly string[] };
export type OnnxAttributes = Readonly<Record<string, OnnxAttribute>>;

/**
 * One ONNX input of the operation, in ONNX's order: "data" is the next
 * incoming connection; null an optional input left out; a weight is a
 * decimal constant the node holds (trainable, like any layer's weights);
 * values are a small constant kept in the parameters (axes, shapes, pads,
 * single numbers), of an ONNX data type.
 */
export type OnnxInput =
  | 'data'
  | null
  | { readonly weight: string; readonly shape: readonly number[] }
  | { readonly values: readonly number[]; readonly shape: readonly number[]; readonly type: OnnxType };

/** ONNX tensor element types, by their TensorProto.DataType names. */
export const ONNX_TYPES = [
  'FLOAT', 'DOUBLE', 'FLOAT16', 'BFLOAT16', 'INT64', 'INT32', 'INT16', 'INT8', 'UINT64', 'UINT32', 'UINT16', 'UINT8', 'BOOL', 'STRING',
] as const;
export type OnnxType = (typeof ONNX_TYPES)[number];

const dims = z.array(z.number().int().min(0)).max(8);
const ATTRIBUTE: z.ZodType<OnnxAttribute> = z.union([
  z.object({ f: z.number() }).strict(),
  z.object({ i: z.number().int() }).strict(),
  z.object({ s: z.string() }).strict(),
  z.object({ floats: z.array(z.number()) }).strict(),
  z.object({ ints: z.array(z.number().int()) }).strict(),
  z.object({ strings: z.array(z.string()) }).strict(),
]);
const WEIGHT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INPUT: z.ZodType<OnnxInput> = z.union([
  z.literal('data'),
  z.null(),
  z.object({ weight: z.string().regex(WEIGHT_NAME), shape: dims }).strict(),
  z.object({ values: z.array(z.number()).max(1 << 16), shape: dims, type: z.enum(ONNX_TYPES) }).strict()
    .refine((c) => c.values.length === 1 || c.values.length === c.shape.reduce((n, d) => n * d, 1), 'values must fill the shape'),
]);

/** What the `onnx` IR op carries (compile with keepOnnxOps): the parameters, as the exporter needs them. */
export interface OnnxOpArg {
  readonly opType: string;
  readonly domain: string;
  readonly opset: number;
  readonly attributes: OnnxAttributes;
  readonly inputs: readonly OnnxInput[];
  readonly outputs: number;
  readonly outputType: OnnxType;
  /** Whether the exporter may keep its inputs' layout (see isPointwise). */
  readonly pointwise: boolean;
}

// ── Operands and attributes ────────────────────────────────────────────

/** An input as the shape rules see it: data (batch first, as BATCH), a weight, or known values. */
type Operand =
  | { readonly kind: 'data'; readonly shape: readonly number[] }
  | { readonly kind: 'weight'; readonly shape: readonly number[]; readonly name: string }
  | { readonly kind: 'values'; readonly shape: readonly number[]; readonly values: readonly number[]; readonly type: OnnxType };
type Operands = readonly (Operand | undefined)[];

/** An operand while lowering: the same, and its IR value. */
type Val = Operand & { ir(): IRValue };
type Vals = readonly (Val | undefined)[];

class Attrs {
  constructor(private readonly a: OnnxAttributes) {}

  has(name: string): boolean {
    return name in this.a;
  }

  num(name: string, fallback: number): number {
    const v = this.a[name];
    if (v && 'i' in v) return v.i;
    if (v && 'f' in v) return v.f;
    return fallback;
  }

  list(name: string): readonly number[] | undefined {
    const v = this.a[name];
    if (v && 'ints' in v) return v.ints;
    if (v && 'floats' in v) return v.floats;
    return undefined;
  }

  str(name: string, fallback: string): string {
    const v = this.a[name];
    return v && 's' in v ? v.s : fallback;
  }
}

const size = (s: readonly number[]) => s.reduce((n, d) => n * d, 1);
const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
const full = (s: readonly number[]) => `(${s.map((d) => (d === BATCH ? 'batch' : d)).join(', ')})`;

function fail(message: string, code: 'NW020' | 'NW021' | 'NW024' | 'NW025' = 'NW025'): never {
  throw new ShapeRuleError(code, message);
}

function data(o: Operands, k: number, op: string): readonly number[] {
  const x = o[k];
  if (x?.kind !== 'data') fail(`${op} needs data (an incoming connection) as its input ${k + 1}.`, 'NW020');
  return x.shape;
}

/** Known values of input k (a constant in the parameters), or undefined. */
function values(o: Operands, k: number): readonly number[] | undefined {
  const x = o[k];
  return x?.kind === 'values' ? x.values : undefined;
}

/** An ONNX axis of a rank-`rank` value as a non-negative axis that is not the batch. */
function axisOf(op: string, axis: number, rank: number, what = 'axis'): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) fail(`${op} uses ${what} ${axis}, but its input has ${rank} axes.`);
  if (a === 0) fail(`${op} works along axis 0, the batch: it would mix the samples of a batch, which Netwright layers never do.`);
  return a;
}

/**
 * Numpy broadcasting, with the batch kept first: data inputs must have the
 * output's rank (so their batch axes line up) and constants may have fewer
 * axes, or as many with 1 along the batch.
 */
function broadcast(op: string, shapes: readonly { readonly shape: readonly number[]; readonly batched: boolean }[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.shape.length));
  const batched = shapes.some((s) => s.batched);
  for (const s of shapes) {
    if (s.batched && s.shape.length !== rank) fail(`${op} broadcasts ${full(s.shape)} against a value with ${rank} axes, which would line the batch axis up with another axis.`, 'NW021');
    if (batched && !s.batched && s.shape.length === rank && s.shape[0] !== 1) fail(`${op} has a constant input of shape (${s.shape.join(', ')}), whose first axis would run along the batch.`, 'NW021');
  }
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const x = s.shape[s.shape.length - rank + i] ?? 1;
      if (x === 1 || x === d) continue;
      if (d !== 1) fail(`${op} cannot broadcast ${shapes.map((t) => full(t.shape)).join(' and ')} together.`, 'NW021');
      d = x;
    }
    out.push(d);
  }
  return out;
}

const shapeOfOperand = (x: Operand) => ({ shape: x.shape, batched: x.kind === 'data' });

/** IR broadcasting of two values' shapes (BATCH only ever meets BATCH or 1). */
function irBroadcast(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    return x === 1 ? y : x;
  });
}

// ── How the engine computes an op ──────────────────────────────────────

/** Builds IR with full shapes (batch first). */
class Build {
  constructor(private readonly ctx: LowerContext) {}

  emit(op: Op, src: readonly IRValue[], shape: readonly number[], arg: Record<string, unknown> = {}): IRValue {
    return this.ctx.ir.emit(op, src, shape, arg);
  }

  /** A literal constant (no batch axis); one value fills the shape. */
  literal(v: readonly number[], shape: readonly number[] = [1]): IRValue {
    return this.ctx.ir.emit('const', [], shape.length ? shape : [1], { values: [...v] });
  }

  un(op: Op, x: IRValue, arg: Record<string, unknown> = {}): IRValue {
    return this.emit(op, [x], x.shape, arg);
  }

  bin(op: Op, a: IRValue, b: IRValue): IRValue {
    return this.emit(op, [a, b], irBroadcast(a.shape, b.shape));
  }

  /** x + c, x · c… with a single number c. */
  withNumber(op: Op, x: IRValue, c: number): IRValue {
    return this.bin(op, x, this.literal([c]));
  }

  reshape(x: IRValue, shape: readonly number[]): IRValue {
    return same(x.shape, shape) ? x : this.emit('reshape', [x], shape, { shape: [...shape] });
  }

  /** The cells [start, start + count) of one axis. */
  slice(x: IRValue, axis: number, start: number, count: number): IRValue {
    const shape = [...x.shape];
    shape[axis] = count;
    return this.emit('slice', [x], shape, { starts: [start], ends: [start + count], axes: [axis] });
  }

  /** Pads each axis by repeating its edge values: [before, after] per axis. */
  edgePad(x: IRValue, pads: readonly (readonly [number, number])[]): IRValue {
    pads.forEach(([before, after], axis) => {
      if (!before && !after) return;
      const copies = (edge: IRValue, n: number) => {
        if (n === 1) return edge;
        const shape = [...edge.shape];
        shape[axis] = n;
        return this.reshape(this.emit('repeat', [edge], [...edge.shape.slice(0, axis), n, ...edge.shape.slice(axis)], { axis, times: n }), shape);
      };
      const n = x.shape[axis]!;
      const parts = [...(before ? [copies(this.slice(x, axis, 0, 1), before)] : []), x, ...(after ? [copies(this.slice(x, axis, n - 1, 1), after)] : [])];
      const shape = [...x.shape];
      shape[axis] = n + before + after;
      x = this.emit('concat', parts, shape, { axis });
    });
    return x;
  }

  reduce(op: 'reduce_sum' | 'reduce_mean' | 'reduce_max', x: IRValue, axes: readonly number[], keepDims: boolean): IRValue {
    const shape = keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
    return this.emit(op, [x], shape, { axes: [...axes], keepDims });
  }
}

interface OpSpec {
  /** The full output shape (BATCH first); undefined when it depends on data (output_shape then says). */
  shape(o: Operands, a: Attrs, opset: number): readonly number[] | undefined;
  /** Why the engine cannot compute it with these operands, as a clause; undefined when it can. */
  cannotRun?(o: Operands, a: Attrs, opset: number): string | undefined;
  /** How the engine computes it; absent when it cannot at all. */
  lower?(b: Build, v: Vals, a: Attrs, opset: number): IRValue;
  /** Computes value by value, so any layout gives the same result when its constants are single numbers. */
  readonly pointwise?: boolean;
}

const x0 = (v: Vals) => v[0]!.ir();

/** A unary op applied value by value; `lower` absent when no IR op computes it. */
function unary(lower?: (b: Build, x: IRValue, a: Attrs) => IRValue, cannotRun?: (a: Attrs) => string | undefined): OpSpec {
  return {
    pointwise: true,
    shape: (o, _a) => data(o, 0, 'This operation'),
    ...(cannotRun ? { cannotRun: (_o: Operands, a: Attrs) => cannotRun(a) } : {}),
    ...(lower ? { lower: (b: Build, v: Vals, a: Attrs) => lower(b, x0(v), a) } : {}),
  };
}

const irUnary = (op: Op, arg: (a: Attrs) => Record<string, unknown> = () => ({})) => unary((b, x, a) => b.un(op, x, arg(a)));

/** Numpy-broadcasting op over all its inputs, folded pairwise. */
function nary(fold?: (b: Build, x: IRValue, y: IRValue) => IRValue, finish?: (b: Build, y: IRValue, count: number) => IRValue): OpSpec {
  return {
    pointwise: true,
    shape(o) {
      const present = o.filter((x): x is Operand => x !== undefined);
      return broadcast('This operation', present.map(shapeOfOperand));
    },
    ...(fold ? {
      lower(b: Build, v: Vals) {
        const present = v.filter((x): x is Val => x !== undefined).map((x) => x.ir());
        const y = present.slice(1).reduce((acc, x) => fold(b, acc, x), present[0]!);
        return finish ? finish(b, y, present.length) : y;
      },
    } : {}),
  };
}

const binaryIr = (op: Op) => nary((b, x, y) => b.bin(op, x, y));

/** 1 where d > 0, else 0 (the step activation). */
const positive = (b: Build, d: IRValue) => b.un('step', d);
const oneMinus = (b: Build, x: IRValue) => b.bin('sub', b.literal([1]), x);
const comparison = (f: (b: Build, x: IRValue, y: IRValue) => IRValue): OpSpec => nary(f);

/** The reduction axes (the batch is axis 0, never reduced), [] for ONNX's no-op on empty axes, undefined when data gives them. */
function reduceAxes(op: string, o: Operands, a: Attrs, rank: number): number[] | undefined {
  let axes = a.list('axes');
  if (!axes && o[1]) {
    axes = values(o, 1);
    if (!axes) return undefined; // computed while running: output_shape says
  }
  if (!axes || axes.length === 0) {
    if (a.num('noop_with_empty_axes', 0)) return [];
    axes = Array.from({ length: rank }, (_, i) => i);
  }
  return [...new Set(axes.map((ax) => axisOf(op, ax, rank, 'axis')))].sort((p, q) => p - q);
}

function reduction(op: string, lower?: (b: Build, x: IRValue, axes: number[], keep: boolean) => IRValue): OpSpec {
  return {
    shape(o, a) {
      const x = data(o, 0, op);
      const axes = reduceAxes(op, o, a, x.length);
      if (!axes) return undefined;
      const keep = a.num('keepdims', 1) !== 0;
      return keep ? x.map((d, i) => (axes.includes(i) ? 1 : d)) : x.filter((_, i) => !axes.includes(i));
    },
    ...(lower ? {
      lower(b: Build, v: Vals, a: Attrs) {
        const x = x0(v);
        const axes = reduceAxes(op, v, a, x.shape.length)!;
        if (axes.length === 0) return x;
        return lower(b, x, axes, a.num('keepdims', 1) !== 0);
      },
    } : {}),
  };
}

/** Softmax-like ops: the axis is checked; opset < 13 works on the value flattened from the axis on. */
function softmaxLike(ir?: 'softmax' | 'log_softmax'): OpSpec {
  const axisFor = (rank: number, a: Attrs, opset: number) => axisOf('Softmax', a.num('axis', opset >= 13 ? -1 : 1), rank);
  return {
    shape(o, a, opset) {
      const x = data(o, 0, 'Softmax');
      axisFor(x.length, a, opset);
      return x;
    },
    ...(ir ? {
      lower(b: Build, v: Vals, a: Attrs, opset: number) {
        const x = x0(v);
        const rank = x.shape.length;
        const axis = axisFor(rank, a, opset);
        if (opset >= 13 || axis === rank - 1) return b.un(ir, x, { axis });
        const flat = [...x.shape.slice(0, axis), size(x.shape.slice(axis))];
        return b.reshape(b.un(ir, b.reshape(x, flat), { axis: axis }), x.shape);
      },
    } : {}),
  };
}

function reshapeTarget(op: string, x: readonly number[], target: readonly number[], allowZero: boolean): number[] {
  const rest = target.slice(1).map((d, i) => (d === 0 && !allowZero ? x[i + 1]! : d));
  const first = target[0];
  if (first === undefined) fail(`${op} would remove the batch axis.`);
  if (first !== 0 && first !== -1 && rest.includes(-1)) fail(`${op} reshapes across the batch axis, which would mix the samples of a batch.`);
  if (rest.filter((d) => d === -1).length > 1 || rest.some((d) => d < -1 || (d === 0 && allowZero))) fail(`${op} has an invalid target shape [${target.join(', ')}].`, 'NW024');
  const count = size(x.slice(1));
  const known = size(rest.filter((d) => d !== -1));
  if (rest.includes(-1) ? count % known !== 0 : count !== known) fail(`${op} cannot turn ${full(x)} into ${full([BATCH, ...rest])}.`, 'NW024');
  return [BATCH, ...rest.map((d) => (d === -1 ? count / known : d))];
}

/** Squeeze and Unsqueeze axes: the attribute before opset 13, the input from 13 on. */
const squeezeAxes = (o: Operands, a: Attrs) => a.list('axes') ?? values(o, 1);

function sliceParams(o: Operands, a: Attrs, rank: number): { axes: number[]; starts: number[]; ends: number[]; steps: number[] } | undefined {
  const fromInputs = o.length > 1;
  const starts = fromInputs ? values(o, 1) : a.list('starts');
  const ends = fromInputs ? values(o, 2) : a.list('ends');
  if (!starts || !ends) return undefined;
  const axes = (fromInputs ? (o[3] ? values(o, 3) : undefined) : a.list('axes')) ?? starts.map((_, i) => i);
  const steps = (fromInputs && o[4] ? values(o, 4) : undefined) ?? starts.map(() => 1);
  if (fromInputs && ((o[3] && !values(o, 3)) || (o[4] && !values(o, 4)))) return undefined;
  return { axes: axes.map((ax) => (ax < 0 ? ax + rank : ax)), starts: [...starts], ends: [...ends], steps: [...steps] };
}

/** ONNX Slice's [start, count] along one axis of size d. */
function sliceRange(d: number, start: number, end: number, step: number): [number, number] {
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  let s = start < 0 ? start + d : start;
  let e = end < 0 ? end + d : end;
  if (step > 0) {
    s = clamp(s, 0, d);
    e = clamp(e, 0, d);
  } else {
    s = clamp(s, 0, d - 1);
    e = clamp(e, -1, d - 1);
  }
  return [s, Math.max(0, Math.ceil((e - s) / step))];
}

const BIG = 2 ** 31 - 1;

function slicePlan(o: Operands, a: Attrs): { shape: number[]; ranges: { axis: number; start: number; count: number; step: number }[] } | undefined {
  const x = data(o, 0, 'Slice');
  const p = sliceParams(o, a, x.length);
  if (!p) return undefined;
  const shape = [...x];
  const ranges = p.axes.map((axis, i) => {
    const [start, end, step] = [p.starts[i]!, p.ends[i]!, p.steps[i]!];
    if (axis < 0 || axis >= x.length) fail(`Slice uses axis ${axis}, but its input has ${x.length} axes.`);
    if (step === 0) fail('Slice has a step of 0.');
    if (axis === 0) {
      if (start === 0 && end >= BIG && step === 1) return { axis, start: 0, count: -1, step: 1 };
      fail('Slice cuts the batch axis, which would drop samples from a batch.');
    }
    const [s, count] = sliceRange(x[axis]!, start, end, step);
    shape[axis] = count;
    return { axis, start: s, count, step };
  }).filter((r) => r.axis !== 0);
  return { shape, ranges };
}

function gatherPlan(o: Operands, a: Attrs): { axis: number; indices: number[]; shape: number[] } | undefined {
  const x = o[0];
  const ind = o[1];
  if (!x || !ind) fail('Gather needs two inputs.');
  if (x.kind !== 'data') {
    // A lookup table: the indices are the data, and their batch leads.
    if (ind.kind !== 'data') return undefined;
    if (a.num('axis', 0) !== 0 && a.num('axis', 0) !== -x.shape.length) return undefined;
    return { axis: 0, indices: [], shape: [...ind.shape, ...x.shape.slice(1)] };
  }
  const axis = axisOf('Gather', a.num('axis', 0), x.shape.length);
  if (ind.kind !== 'values') return undefined;
  const n = x.shape[axis]!;
  const indices = ind.values.map((i) => (i < 0 ? i + n : i));
  if (indices.some((i) => i < 0 || i >= n)) fail(`Gather reads index ${ind.values.find((i) => i < -n || i >= n)} of an axis of size ${n}.`);
  return { axis, indices, shape: [...x.shape.slice(0, axis), ...ind.shape, ...x.shape.slice(axis + 1)] };
}

function matmulShape(o: Operands): number[] {
  const [p, q] = [o[0], o[1]];
  if (!p || !q) fail('MatMul needs two inputs.');
  if (q.kind === 'data' && q.shape.length === 2) fail('MatMul multiplies by data whose rows run along the batch, which would mix the samples of a batch.');
  if (p.kind !== 'data' && p.shape.length < 2) fail('MatMul multiplies a vector constant by data, which Netwright cannot line up with the batch.');
  const a = p.shape;
  const b = q.shape.length === 1 ? [q.shape[0]!, 1] : q.shape;
  if (a.length < 2) fail(`MatMul needs a matrix on its left, but it gets ${full(a)}.`, 'NW020');
  if (a[a.length - 1] !== b[b.length - 2]) fail(`MatMul cannot multiply ${full(a)} by ${full(q.shape)}: the inner sizes differ.`, 'NW021');
  let lead: number[];
  if (a.length === 2 && p.kind === 'data') lead = [];
  else lead = broadcast('MatMul', [{ shape: a.slice(0, -2), batched: p.kind === 'data' }, { shape: b.slice(0, -2), batched: q.kind === 'data' }]);
  const out = [...lead, a[a.length - 2]!, b[b.length - 1]!];
  return q.shape.length === 1 ? out.slice(0, -1) : out;
}

function depthToSpace(o: Operands, a: Attrs, inverse: boolean): number[] {
  const x = data(o, 0, inverse ? 'SpaceToDepth' : 'DepthToSpace');
  const bs = a.num('blocksize', 1);
  if (x.length !== 4) fail(`${inverse ? 'SpaceToDepth' : 'DepthToSpace'} needs (batch, channels, height, width) data, but it gets ${full(x)}.`, 'NW020');
  const [, c, h, w] = x as [number, number, number, number];
  if (inverse) {
    if (h % bs || w % bs) fail(`SpaceToDepth cannot cut ${h}×${w} into blocks of ${bs}.`, 'NW024');
    return [BATCH, c * bs * bs, h / bs, w / bs];
  }
  if (c % (bs * bs)) fail(`DepthToSpace cannot spread ${c} channels over blocks of ${bs}×${bs}.`, 'NW024');
  return [BATCH, c / (bs * bs), h * bs, w * bs];
}

function padPlan(o: Operands, a: Attrs, opset: number, rank: number): { pads: [number, number][]; value: number | undefined } | undefined {
  const flat = opset >= 11 ? values(o, 1) : a.list('pads');
  if (!flat) return undefined;
  const axes = (opset >= 18 && o[3] ? values(o, 3) : undefined)?.map((ax) => (ax < 0 ? ax + rank : ax)) ?? Array.from({ length: rank }, (_, i) => i);
  if (opset >= 18 && o[3] && !values(o, 3)) return undefined;
  const pads: [number, number][] = Array.from({ length: rank }, () => [0, 0]);
  axes.forEach((ax, i) => (pads[ax] = [flat[i]!, flat[i + axes.length]!]));
  const value = opset >= 11 ? (o[2] ? values(o, 2)?.[0] : 0) : a.num('value', 0);
  return { pads, value };
}

/** A Conv's or pooling op's window over the spatial axes (2…) of ONNX's channels-first data. */
interface Window {
  readonly window: number[];
  readonly strides: number[];
  readonly dilations: number[];
  readonly pads: [number, number][];
  readonly inSize: number[];
  readonly outSize: number[];
}

function windowOf(op: string, x: readonly number[], window: readonly number[], a: Attrs, ceil = false): Window {
  const k = window.length;
  if (x.length !== k + 2) fail(`${op} with a ${k}-D window needs (batch, channels, ${k} more axes) data, but it gets ${full(x)}.`, 'NW020');
  const inSize = x.slice(2);
  const strides = [...(a.list('strides') ?? window.map(() => 1))];
  const dilations = [...(a.list('dilations') ?? window.map(() => 1))];
  const autoPad = a.str('auto_pad', 'NOTSET');
  let pads: [number, number][];
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    pads = inSize.map((n, i) => {
      const total = Math.max((Math.ceil(n / strides[i]!) - 1) * strides[i]! + (window[i]! - 1) * dilations[i]! + 1 - n, 0);
      const small = Math.floor(total / 2);
      return autoPad === 'SAME_UPPER' ? [small, total - small] : [total - small, small];
    });
  } else {
    const flat = autoPad === 'VALID' ? undefined : a.list('pads');
    pads = window.map((_, i) => [flat?.[i] ?? 0, flat?.[i + k] ?? 0]);
  }
  const outSize = inSize.map((n, i) => {
    const span = n + pads[i]![0] + pads[i]![1] - ((window[i]! - 1) * dilations[i]! + 1);
    if (span < 0) fail(`${op}'s window of ${window[i]} does not fit in ${n} values on spatial axis ${i + 1}.`, 'NW024');
    let out = (ceil ? Math.ceil(span / strides[i]!) : Math.floor(span / strides[i]!)) + 1;
    if (ceil && (out - 1) * strides[i]! >= n + pads[i]![0]) out -= 1; // the last window must start inside the data or its front padding
    return out;
  });
  return { window: [...window], strides, dilations, pads, inSize, outSize };
}

/** Channels-first → channels-last and back, for the engine's windowed ops. */
const lastPerm = (rank: number) => [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];
const firstPerm = (rank: number) => [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)];

function permute(b: Build, x: IRValue, perm: readonly number[]): IRValue {
  return b.emit('transpose', [x], perm.map((p) => x.shape[p]!), { perm: [...perm] });
}

/** The pads Keras's 'same' computes for an output of this size: what the engine uses for a windowed op marked 'same'. */
function sameBefore(w: Window): boolean {
  return w.inSize.every((n, i) => {
    const total = Math.max((w.outSize[i]! - 1) * w.strides[i]! + (w.window[i]! - 1) * w.dilations[i]! + 1 - n, 0);
    return Math.floor(total / 2) === w.pads[i]![0];
  });
}

const convWindow = (o: Operands, a: Attrs) => {
  const x = data(o, 0, 'Conv');
  const w = o[1];
  if (!w || w.kind === 'data') return undefined;
  const k = w.shape.length - 2;
  if (k < 1) fail(`Conv's kernel (${w.shape.join(', ')}) has no spatial axes.`, 'NW020');
  const group = a.num('group', 1);
  if (x[1]! !== w.shape[1]! * group) fail(`Conv's kernel reads ${w.shape[1]! * group} channels, but its input has ${x[1]}.`, 'NW021');
  return { w: windowOf('Conv', x, a.list('kernel_shape') ?? w.shape.slice(2), a), out: w.shape[0]!, group, k };
};

function poolSpec(op: 'MaxPool' | 'AveragePool'): OpSpec {
  const plan = (o: Operands, a: Attrs) => windowOf(op, data(o, 0, op), a.list('kernel_shape') ?? [], a, a.num('ceil_mode', 0) === 1);
  const includePad = (a: Attrs) => op === 'AveragePool' && a.num('count_include_pad', 0) === 1;
  return {
    shape(o, a) {
      const x = data(o, 0, op);
      return [BATCH, x[1]!, ...plan(o, a).outSize];
    },
    cannotRun(o, a) {
      const w = plan(o, a);
      const ceil = a.num('ceil_mode', 0) === 1;
      if (w.window.length > 3) return 'it pools over more than 3 axes';
      if (w.dilations.some((d) => d !== 1)) return 'its window is dilated';
      if (includePad(a)) return ceil ? 'it counts padding in its averages and rounds its size up' : undefined;
      if (sameBefore(w) || (op === 'MaxPool' && !ceil)) return undefined;
      return `it pads by [${w.pads.map((p) => p.join(', ')).join('; ')}] and leaves the padding out of its ${op === 'MaxPool' ? 'maxima, rounding its size up' : 'averages'}, which the engine's padding cannot reproduce`;
    },
    // Padding cells never count: the engine's 'same' pooling leaves them out, and where its pads differ from
    // ONNX's, a max pool reads copies of the edge values instead (every window holds a real cell, so the maxima agree).
    lower(b, v, a) {
      const w = plan(v, a);
      const x = x0(v);
      const rank = x.shape.length;
      let t = permute(b, x, lastPerm(rank));
      let padding = 'same';
      if (w.pads.some(([p, q]) => p || q) && (includePad(a) || !sameBefore(w))) {
        const pads: [number, number][] = [[0, 0], ...w.pads, [0, 0]];
        const shape = t.shape.map((d, i) => d + pads[i]![0] + pads[i]![1]);
        t = includePad(a) ? b.emit('pad', [t], shape, { pads }) : b.edgePad(t, pads);
        padding = 'valid';
      }
      const y = b.emit(op === 'MaxPool' ? 'max_pool' : 'avg_pool', [t], [BATCH, ...w.outSize, x.shape[1]!], { window: w.window, strides: w.strides, padding });
      return permute(b, y, firstPerm(rank));
    },
  };
}

const isNumber = (o: Operand | undefined): o is Operand & { kind: 'values' } => o?.kind === 'values' && o.values.length === 1;

/** Pow by these exponents has exact IR forms. */
const POWERS: Record<string, (b: Build, x: IRValue) => IRValue> = {
  '1': (_b, x) => x,
  '2': (b, x) => b.un('square', x),
  '3': (b, x) => b.bin('mul', b.un('square', x), x),
  '4': (b, x) => b.un('square', b.un('square', x)),
  '0.5': (b, x) => b.un('sqrt', x),
  '-1': (b, x) => b.bin('div', b.literal([1]), x),
  '-0.5': (b, x) => b.bin('div', b.literal([1]), b.un('sqrt', x)),
  '-2': (b, x) => b.bin('div', b.literal([1]), b.un('square', x)),
};

const SELU = { alpha: 1.6732632423543772, gamma: 1.0507009873554805 };

/** Ops Netwright knows the shape of; those with `lower` the engine also runs. */
const OPS: Record<string, OpSpec> = {
  // Unary, value by value
  Identity: unary((_b, x) => x),
  Abs: irUnary('abs'),
  Neg: irUnary('neg'),
  Exp: irUnary('exp'),
  Log: irUnary('log'),
  Sqrt: irUnary('sqrt'),
  Sigmoid: irUnary('sigmoid'),
  Tanh: irUnary('tanh'),
  Relu: irUnary('relu'),
  Softplus: irUnary('softplus'),
  Softsign: irUnary('softsign'),
  Elu: irUnary('elu', (a) => ({ alpha: a.num('alpha', 1) })),
  LeakyRelu: irUnary('leaky_relu', (a) => ({ alpha: a.num('alpha', 0.01) })),
  Selu: unary((b, x, a) => {
    const [alpha, gamma] = [a.num('alpha', SELU.alpha), a.num('gamma', SELU.gamma)];
    if (Math.abs(alpha - SELU.alpha) < 1e-6 && Math.abs(gamma - SELU.gamma) < 1e-6) return b.un('selu', x);
    return b.un('scale', b.un('elu', x, { alpha }), { factor: gamma });
  }),
  Celu: unary((b, x, a) => {
    const alpha = a.num('alpha', 1);
    return b.un('scale', b.un('elu', b.un('scale', x, { factor: 1 / alpha }), { alpha: 1 }), { factor: alpha });
  }),
  // max(0, min(1, αx + β)) = hard_sigmoid(6αx + 6β − 3), since hard_sigmoid(y) = clip(y/6 + ½, 0, 1)
  HardSigmoid: unary((b, x, a) => {
    const [alpha, beta] = [a.num('alpha', 0.2), a.num('beta', 0.5)];
    return b.un('hard_sigmoid', b.withNumber('add', b.un('scale', x, { factor: 6 * alpha }), 6 * beta - 3));
  }),
  HardSwish: unary((b, x) => b.bin('mul', x, b.un('hard_sigmoid', x))),
  Mish: unary((b, x) => b.bin('mul', x, b.un('tanh', b.un('softplus', x)))),
  Gelu: unary((b, x, a) => b.un('gelu', x, { approximate: a.str('approximate', 'none') === 'tanh' })),
  ThresholdedRelu: unary((b, x, a) => b.bin('mul', x, positive(b, b.withNumber('sub', x, a.num('alpha', 1))))),
  // x − λ·sign… as ONNX: x < −λ → x + bias; x > λ → x − bias; else 0
  Shrink: unary((b, x, a) => {
    const [lambd, bias] = [a.num('lambd', 0.5), a.num('bias', 0)];
    const above = b.bin('mul', positive(b, b.withNumber('sub', x, lambd)), b.withNumber('sub', x, bias));
    const below = b.bin('mul', positive(b, b.un('neg', b.withNumber('add', x, lambd))), b.withNumber('add', x, bias));
    return b.bin('add', above, below);
  }),
  Sign: unary((b, x) => b.bin('sub', positive(b, x), positive(b, b.un('neg', x)))),
  Reciprocal: unary((b, x) => b.bin('div', b.literal([1]), x)),
  Not: unary((b, x) => oneMinus(b, x)),
  Dropout: unary((_b, x) => x),
  Cast: unary(
    (b, x, a) => (a.num('to', 1) === 9 ? positive(b, b.un('abs', x)) : x),
    (a) => ([1, 9, 11].includes(a.num('to', 1)) ? undefined : 'it converts to whole numbers or to half precision'),
  ),
  Erf: unary(), Sin: unary(), Cos: unary(), Tan: unary(), Asin: unary(), Acos: unary(), Atan: unary(),
  Sinh: unary(), Cosh: unary(), Asinh: unary(), Acosh: unary(), Atanh: unary(),
  Floor: unary(), Ceil: unary(), Round: unary(), IsNaN: unary(), IsInf: unary(), BitwiseNot: unary(), LRN: unary(),
  MeanVarianceNormalization: unary(),
  Clip: {
    pointwise: true,
    shape: (o) => data(o, 0, 'Clip'),
    cannotRun: (o) => (o.slice(1).some((c) => c && c.kind === 'data') ? 'its bounds are data' : undefined),
    // min(max(x, lo), hi), as ONNX defines it (so hi wins when lo > hi)
    lower(b, v, a, opset) {
      let x = x0(v);
      if (opset < 11) {
        if (a.has('min')) x = b.withNumber('maximum', x, a.num('min', 0));
        if (a.has('max')) x = b.withNumber('minimum', x, a.num('max', 0));
        return x;
      }
      if (v[1]) x = b.bin('maximum', x, v[1].ir());
      if (v[2]) x = b.bin('minimum', x, v[2].ir());
      return x;
    },
  },

  // Broadcasting, value by value
  Add: binaryIr('add'),
  Sub: binaryIr('sub'),
  Mul: binaryIr('mul'),
  Div: binaryIr('div'),
  Max: binaryIr('maximum'),
  Min: binaryIr('minimum'),
  Sum: binaryIr('add'),
  Mean: nary((b, x, y) => b.bin('add', x, y), (b, y, n) => b.un('scale', y, { factor: 1 / n })),
  Pow: {
    ...nary(),
    cannotRun: (o) => (isNumber(o[1]) && String(o[1].values[0]) in POWERS ? undefined : `only powers ${Object.keys(POWERS).join(', ')} of a fixed exponent are computed`),
    lower: (b, v) => POWERS[String(values(v, 1)![0])]!(b, x0(v)),
  },
  Mod: nary(), BitShift: nary(), BitwiseAnd: nary(), BitwiseOr: nary(), BitwiseXor: nary(),
  PRelu: nary((b, x, slope) => b.bin('add', b.un('relu', x), b.bin('mul', b.withNumber('minimum', x, 0), slope))),
  Greater: comparison((b, x, y) => positive(b, b.bin('sub', x, y))),
  Less: comparison((b, x, y) => positive(b, b.bin('sub', y, x))),
  GreaterOrEqual: comparison((b, x, y) => oneMinus(b, positive(b, b.bin('sub', y, x)))),
  LessOrEqual: comparison((b, x, y) => oneMinus(b, positive(b, b.bin('sub', x, y)))),
  Equal: comparison((b, x, y) => {
    const d = b.bin('sub', x, y);
    return b.bin('sub', oneMinus(b, positive(b, d)), positive(b, b.un('neg', d)));
  }),
  And: comparison((b, x, y) => b.bin('mul', x, y)),
  Or: comparison((b, x, y) => b.bin('maximum', x, y)),
  Xor: comparison((b, x, y) => b.un('abs', b.bin('sub', x, y))),
  // cond ? x : y  =  y + cond·(x − y)
  Where: {
    ...nary(),
    lower(b, v) {
      const [c, x, y] = [v[0]!.ir(), v[1]!.ir(), v[2]!.ir()];
      return b.bin('add', y, b.bin('mul', c, b.bin('sub', x, y)));
    },
  },

  // Reductions
  ReduceSum: reduction('ReduceSum', (b, x, axes, keep) => b.reduce('reduce_sum', x, axes, keep)),
  ReduceMean: reduction('ReduceMean', (b, x, axes, keep) => b.reduce('reduce_mean', x, axes, keep)),
  ReduceMax: reduction('ReduceMax', (b, x, axes, keep) => b.reduce('reduce_max', x, axes, keep)),
  ReduceMin: reduction('ReduceMin', (b, x, axes, keep) => b.un('neg', b.reduce('reduce_max', b.un('neg', x), axes, keep))),
  ReduceSumSquare: reduction('ReduceSumSquare', (b, x, axes, keep) => b.reduce('reduce_sum', b.un('square', x), axes, keep)),
  ReduceL1: reduction('ReduceL1', (b, x, axes, keep) => b.reduce('reduce_sum', b.un('abs', x), axes, keep)),
  ReduceL2: reduction('ReduceL2', (b, x, axes, keep) => b.un('sqrt', b.reduce('reduce_sum', b.un('square', x), axes, keep))),
  ReduceLogSum: reduction('ReduceLogSum', (b, x, axes, keep) => b.un('log', b.reduce('reduce_sum', x, axes, keep))),
  // log Σ e^x, computed as m + log Σ e^(x − m) with m the maximum
  ReduceLogSumExp: reduction('ReduceLogSumExp', (b, x, axes, keep) => {
    const m = b.reduce('reduce_max', x, axes, true);
    const y = b.bin('add', b.un('log', b.reduce('reduce_sum', b.un('exp', b.bin('sub', x, m)), axes, true)), m);
    return keep ? y : b.reshape(y, x.shape.filter((_, i) => !axes.includes(i)));
  }),
  ReduceProd: reduction('ReduceProd'),
  ArgMax: {
    shape(o, a) {
      const x = data(o, 0, 'ArgMax');
      const axis = axisOf('ArgMax', a.num('axis', 0), x.length);
      return a.num('keepdims', 1) ? x.map((d, i) => (i === axis ? 1 : d)) : x.filter((_, i) => i !== axis);
    },
  },
  Softmax: softmaxLike('softmax'),
  LogSoftmax: softmaxLike('log_softmax'),
  Hardmax: softmaxLike(),
  LpNormalization: {
    shape(o, a) {
      const x = data(o, 0, 'LpNormalization');
      axisOf('LpNormalization', a.num('axis', -1), x.length);
      return x;
    },
    cannotRun: (_o, a) => ([1, 2].includes(a.num('p', 2)) ? undefined : 'only the L1 and L2 norms are computed'),
    lower(b, v, a) {
      const x = x0(v);
      const axis = axisOf('LpNormalization', a.num('axis', -1), x.shape.length);
      const norm = a.num('p', 2) === 1 ? b.reduce('reduce_sum', b.un('abs', x), [axis], true) : b.un('sqrt', b.reduce('reduce_sum', b.un('square', x), [axis], true));
      return b.bin('div', x, norm);
    },
  },
  InstanceNormalization: {
    shape(o) {
      const x = data(o, 0, 'InstanceNormalization');
      if (x.length < 3) fail(`InstanceNormalization needs (batch, channels, …) data with at least one more axis, but it gets ${full(x)}.`, 'NW020');
      return x;
    },
    cannotRun: (o) => (o[1]?.kind === 'data' || o[2]?.kind === 'data' ? 'its scale and bias are data' : undefined),
    lower(b, v, a) {
      const x = x0(v);
      const axes = x.shape.map((_, i) => i).slice(2);
      const centred = b.bin('sub', x, b.reduce('reduce_mean', x, axes, true));
      const variance = b.reduce('reduce_mean', b.un('square', centred), axes, true);
      const y = b.bin('div', centred, b.un('sqrt', b.withNumber('add', variance, a.num('epsilon', 1e-5))));
      const perChannel = (k: number) => b.reshape(v[k]!.ir(), [x.shape[1]!, ...axes.map(() => 1)]);
      return b.bin('add', b.bin('mul', y, perChannel(1)), perChannel(2));
    },
  },

  // Layout
  Transpose: {
    shape(o, a) {
      const x = data(o, 0, 'Transpose');
      const perm = a.list('perm') ?? x.map((_, i) => x.length - 1 - i);
      if (perm.length !== x.length || !same([...perm].sort((p, q) => p - q), x.map((_, i) => i))) fail(`Transpose's perm [${perm.join(', ')}] does not fit ${full(x)}.`);
      if (perm[0] !== 0) fail('Transpose moves the batch axis, which would mix the samples of a batch.');
      return perm.map((p) => x[p]!);
    },
    lower(b, v, a) {
      const x = x0(v);
      const perm = a.list('perm') ?? x.shape.map((_, i) => x.shape.length - 1 - i);
      return b.emit('transpose', [x], perm.map((p) => x.shape[p]!), { perm: [...perm] });
    },
  },
  Flatten: {
    shape(o, a) {
      const x = data(o, 0, 'Flatten');
      const axis = a.num('axis', 1);
      if ((axis < 0 ? axis + x.length : axis) !== 1) fail(`Flatten from axis ${axis} would mix the batch into the rows.`);
      return [BATCH, size(x.slice(1))];
    },
    lower: (b, v) => b.reshape(x0(v), [BATCH, size(x0(v).shape.slice(1))]),
  },
  Reshape: {
    shape(o, a) {
      const target = values(o, 1);
      return target ? reshapeTarget('Reshape', data(o, 0, 'Reshape'), target, a.num('allowzero', 0) === 1) : undefined;
    },
    lower: (b, v, a) => b.reshape(x0(v), reshapeTarget('Reshape', x0(v).shape, values(v, 1)!, a.num('allowzero', 0) === 1)),
  },
  Squeeze: {
    shape(o, a) {
      const x = data(o, 0, 'Squeeze');
      const given = squeezeAxes(o, a);
      if (!given && o[1]) return undefined;
      const axes = given ? given.map((ax) => axisOf('Squeeze', ax, x.length)) : x.flatMap((d, i) => (i > 0 && d === 1 ? [i] : []));
      if (axes.some((ax) => x[ax] !== 1)) fail(`Squeeze removes an axis of ${full(x)} whose size is not 1.`, 'NW024');
      return x.filter((_, i) => !axes.includes(i));
    },
    lower: (b, v, a) => b.reshape(x0(v), OPS['Squeeze']!.shape(v, a, 13)!),
  },
  Unsqueeze: {
    shape(o, a) {
      const x = data(o, 0, 'Unsqueeze');
      const given = squeezeAxes(o, a);
      if (!given) return undefined;
      const rank = x.length + given.length;
      const axes = given.map((ax) => axisOf('Unsqueeze', ax, rank));
      const out = x.slice(1);
      for (const ax of [...axes].sort((p, q) => p - q)) out.splice(ax - 1, 0, 1);
      return [BATCH, ...out];
    },
    lower: (b, v, a) => b.reshape(x0(v), OPS['Unsqueeze']!.shape(v, a, 13)!),
  },
  Concat: {
    shape(o, a) {
      const present = o.filter((x): x is Operand => x !== undefined);
      const first = present.find((x) => x.kind === 'data') ?? present[0]!;
      const axis = axisOf('Concat', a.num('axis', 0), first.shape.length);
      present.forEach((x) => {
        if (x.shape.length !== first.shape.length || x.shape.some((d, j) => j !== axis && j > 0 && d !== first.shape[j])) {
          fail(`Concat joins along axis ${axis}, so all other axes must match, but it gets ${full(first.shape)} and ${full(x.shape)}.`, 'NW021');
        }
      });
      const out = [...first.shape];
      out[axis] = present.reduce((n, x) => n + x.shape[axis]!, 0);
      return out;
    },
    cannotRun: (o) => (o.some((x) => x && x.kind !== 'data') ? 'it joins data to a constant, which has no batch axis' : undefined),
    lower(b, v, a) {
      const xs = v.filter((x): x is Val => x !== undefined).map((x) => x.ir());
      const axis = axisOf('Concat', a.num('axis', 0), xs[0]!.shape.length);
      const out = [...xs[0]!.shape];
      out[axis] = xs.reduce((n, x) => n + x.shape[axis]!, 0);
      return b.emit('concat', xs, out, { axis });
    },
  },
  Expand: {
    shape(o) {
      const target = values(o, 1);
      return target ? broadcast('Expand', [{ shape: data(o, 0, 'Expand'), batched: true }, { shape: target, batched: false }]) : undefined;
    },
    lower: (b, v) => b.bin('add', x0(v), b.literal([0], values(v, 1)!)),
  },
  Tile: {
    shape(o) {
      const x = data(o, 0, 'Tile');
      const repeats = values(o, 1);
      if (!repeats) return undefined;
      if (repeats.length !== x.length) fail(`Tile needs one repeat count per axis of ${full(x)}.`);
      if (repeats[0] !== 1) fail('Tile repeats along the batch axis, which would change the number of samples.');
      return x.map((d, i) => (i === 0 ? d : d * repeats[i]!));
    },
    lower(b, v) {
      let x = x0(v);
      values(v, 1)!.forEach((r, axis) => {
        if (axis === 0 || r === 1) return;
        const repeated = [...x.shape.slice(0, axis), r, ...x.shape.slice(axis)];
        const merged = [...x.shape];
        merged[axis] = r * x.shape[axis]!;
        x = b.reshape(b.emit('repeat', [x], repeated, { axis, times: r }), merged);
      });
      return x;
    },
  },
  Pad: {
    shape(o, a, opset) {
      const x = data(o, 0, 'Pad');
      const plan = padPlan(o, a, opset, x.length);
      if (!plan) return undefined;
      if (plan.pads[0]!.some((p) => p !== 0)) fail('Pad pads the batch axis, which would add samples to a batch.');
      return x.map((d, i) => (i === 0 ? d : d + plan.pads[i]![0] + plan.pads[i]![1]));
    },
    cannotRun(o, a, opset) {
      if (a.str('mode', 'constant') !== 'constant') return `it pads by "${a.str('mode', 'constant')}", and only constant padding is computed`;
      const plan = padPlan(o, a, opset, data(o, 0, 'Pad').length)!;
      if (plan.pads.some(([p, q]) => p < 0 || q < 0)) return 'it crops (negative pads)';
      return plan.value === undefined ? 'its padding value is data' : undefined;
    },
    lower(b, v, a, opset) {
      const x = x0(v);
      const { pads, value } = padPlan(v, a, opset, x.shape.length)!;
      const shape = x.shape.map((d, i) => (i === 0 ? d : d + pads[i]![0] + pads[i]![1]));
      if (!value) return b.emit('pad', [x], shape, { pads });
      return b.withNumber('add', b.emit('pad', [b.withNumber('sub', x, value)], shape, { pads }), value);
    },
  },
  Slice: {
    shape: (o, a) => slicePlan(o, a)?.shape,
    cannotRun: (o, a) => (slicePlan(o, a)!.ranges.every((r) => r.step === 1 || (r.step === -1 && r.count === data(o, 0, 'Slice')[r.axis])) ? undefined : 'only steps of 1, and -1 over a whole axis, are computed'),
    lower(b, v, a) {
      let x = x0(v);
      for (const r of slicePlan(v, a)!.ranges) {
        if (r.step === -1) {
          x = b.emit('reverse', [x], x.shape, { axis: r.axis });
          continue;
        }
        if (r.start === 0 && r.count === x.shape[r.axis]) continue;
        const shape = [...x.shape];
        shape[r.axis] = r.count;
        x = b.emit('slice', [x], shape, { starts: [r.start], ends: [r.start + r.count], axes: [r.axis] });
      }
      return x;
    },
  },
  Gather: {
    shape: (o, a) => gatherPlan(o, a)?.shape,
    cannotRun: (o, a) => {
      const plan = gatherPlan(o, a);
      if (!plan || o[0]?.kind !== 'data') return 'it looks up data-dependent indices';
      return plan.indices.length > 512 ? 'it gathers more than 512 slices' : undefined;
    },
    lower(b, v, a) {
      const x = x0(v);
      const plan = gatherPlan(v, a)!;
      const pieces = plan.indices.map((i) => {
        const shape = [...x.shape];
        shape[plan.axis] = 1;
        return b.emit('slice', [x], shape, { starts: [i], ends: [i + 1], axes: [plan.axis] });
      });
      const joined = pieces.length === 1 ? pieces[0]! : b.emit('concat', pieces, x.shape.map((d, i) => (i === plan.axis ? pieces.length : d)), { axis: plan.axis });
      return b.reshape(joined, plan.shape);
    },
  },
  DepthToSpace: {
    shape: (o, a) => depthToSpace(o, a, false),
    lower(b, v, a) {
      const x = x0(v);
      const [, c, h, w] = x.shape as [number, number, number, number];
      const bs = a.num('blocksize', 1);
      const c2 = c / (bs * bs);
      const crd = a.str('mode', 'DCR') === 'CRD';
      const split = crd ? [BATCH, c2, bs, bs, h, w] : [BATCH, bs, bs, c2, h, w];
      const perm = crd ? [0, 1, 4, 2, 5, 3] : [0, 3, 4, 1, 5, 2];
      const moved = b.emit('transpose', [b.reshape(x, split)], perm.map((p) => split[p]!), { perm });
      return b.reshape(moved, [BATCH, c2, h * bs, w * bs]);
    },
  },
  SpaceToDepth: {
    shape: (o, a) => depthToSpace(o, a, true),
    lower(b, v, a) {
      const x = x0(v);
      const [, c, h, w] = x.shape as [number, number, number, number];
      const bs = a.num('blocksize', 1);
      const split = [BATCH, c, h / bs, bs, w / bs, bs];
      const perm = [0, 3, 5, 1, 2, 4];
      const moved = b.emit('transpose', [b.reshape(x, split)], perm.map((p) => split[p]!), { perm });
      return b.reshape(moved, [BATCH, c * bs * bs, h / bs, w / bs]);
    },
  },
  MatMul: {
    shape: (o) => matmulShape(o),
    cannotRun: (o) => (o[0]?.kind === 'data' && o[1] && o[1].kind !== 'data' && o[1].shape.length <= 2 ? undefined : 'only data times a fixed matrix is computed'),
    lower(b, v) {
      const x = x0(v);
      const w = v[1]!;
      const matrix = w.shape.length === 1 ? b.reshape(w.ir(), [w.shape[0]!, 1]) : w.ir();
      const y = b.emit('matmul', [x, matrix], [...x.shape.slice(0, -1), w.shape.length === 1 ? 1 : w.shape[1]!]);
      return w.shape.length === 1 ? b.reshape(y, x.shape.slice(0, -1)) : y;
    },
  },
  Conv: {
    shape(o, a) {
      const c = convWindow(o, a);
      return c ? [BATCH, c.out, ...c.w.outSize] : undefined;
    },
    cannotRun(o, a) {
      if (o[2]?.kind === 'data') return 'its bias is data';
      return convWindow(o, a)!.k > 3 ? 'it convolves over more than 3 axes' : undefined;
    },
    lower(b, v, a) {
      const x = x0(v);
      const { w, out, group, k } = convWindow(v, a)!;
      const rank = x.shape.length;
      let t = permute(b, x, lastPerm(rank));
      if (w.pads.some(([p, q]) => p || q)) {
        t = b.emit('pad', [t], t.shape.map((d, i) => (i === 0 || i === rank - 1 ? d : d + w.pads[i - 1]![0] + w.pads[i - 1]![1])), { pads: [[0, 0], ...w.pads, [0, 0]] });
      }
      // ONNX's kernel is [out, in/group, ...window]; the engine's [...window, in/group, out].
      const kernel = permute(b, v[1]!.ir(), [...Array.from({ length: k }, (_, i) => i + 2), 1, 0]);
      let y = b.emit('conv', [t, kernel], [BATCH, ...w.outSize, out], { strides: w.strides, padding: 'valid', dilations: w.dilations, groups: group });
      if (v[2]) y = b.bin('add', y, v[2].ir());
      return permute(b, y, firstPerm(rank));
    },
  },
  MaxPool: poolSpec('MaxPool'),
  AveragePool: poolSpec('AveragePool'),
  Shape: { shape: () => fail('Shape gives the shape of the whole batch, a value with no batch axis, which Netwright layers cannot pass on.') },
  Size: { shape: () => fail('Size gives the size of the whole batch, a value with no batch axis, which Netwright layers cannot pass on.') },
};
OPS['ArgMin'] = OPS['ArgMax']!;

/** The table's entry for a node, when it is a standard op Netwright knows. */
function specOf(p: { op_type: string; domain: string }): OpSpec | undefined {
  return p.domain === '' || p.domain === 'ai.onnx' ? OPS[p.op_type] : undefined;
}

/**
 * Whether the op computes value by value, so that (with single-number
 * constants and same-shaped data) it gives the same result in any layout:
 * the importer and exporter then keep the layout data arrives in.
 */
export function isPointwise(opType: string, domain: string): boolean {
  return specOf({ op_type: opType, domain })?.pointwise === true;
}

/** Whether Netwright knows the op's shape rule (the importer then needs no recorded shape). */
export function knowsOnnxOp(opType: string, domain: string): boolean {
  return specOf({ op_type: opType, domain }) !== undefined;
}

// ── The layer ──────────────────────────────────────────────────────────

interface Values {
  op_type: string;
  domain: string;
  opset: number;
  attributes: OnnxAttributes;
  inputs: OnnxInput[];
  outputs: number;
  output_shape: number[] | null;
  output_type: OnnxType;
}

const opName = (p: Pick<Values, 'op_type' | 'domain'>) => (p.domain && p.domain !== 'ai.onnx' ? `${p.domain}.${p.op_type}` : p.op_type);

/** The operands, pairing each ONNX input with an incoming shape, a weight or its values. */
function operands(inputs: readonly Shape[], p: Values): Operands {
  const wanted = p.inputs.filter((i) => i === 'data').length;
  if (wanted !== inputs.length) {
    throw new ShapeRuleError(wanted > inputs.length ? 'NW017' : 'NW016', `The ONNX operation ${opName(p)} reads ${wanted} incoming connection${wanted === 1 ? '' : 's'}, but ${inputs.length} ${inputs.length === 1 ? 'is' : 'are'} connected.`, undefined, 'inputs');
  }
  let k = 0;
  const names = new Set<string>();
  return p.inputs.map((i): Operand | undefined => {
    if (i === null) return undefined;
    if (i === 'data') return { kind: 'data', shape: [BATCH, ...inputs[k++]!] };
    if ('weight' in i) {
      if (names.has(i.weight)) throw new ShapeRuleError('NW011', `The ONNX operation ${opName(p)} names two weights "${i.weight}".`, undefined, 'inputs');
      names.add(i.weight);
      return { kind: 'weight', shape: i.shape, name: i.weight };
    }
    return { kind: 'values', shape: i.shape, values: i.values, type: i.type };
  });
}

function outputShape(inputs: readonly Shape[], p: Values): Shape {
  const o = operands(inputs, p);
  const spec = specOf(p);
  let shape: readonly number[] | undefined;
  try {
    shape = spec?.shape(o, new Attrs(p.attributes), p.opset);
  } catch (e) {
    // Shared rules say "This operation": name it.
    if (e instanceof ShapeRuleError && e.message.startsWith('This operation')) throw new ShapeRuleError(e.code, e.message.replace('This operation', p.op_type), e.fix, e.param);
    throw e;
  }
  if (shape) {
    if (shape[0] !== BATCH) fail(`The ONNX operation ${opName(p)} gives a value without the batch first, which Netwright layers cannot pass on.`);
    return shape.slice(1);
  }
  if (p.output_shape) return p.output_shape;
  throw new ShapeRuleError('NW033', `Netwright does not know the output shape of the ONNX operation ${opName(p)}, and none is recorded.`, undefined, 'output_shape');
}

function cannotRun(inputs: readonly Shape[], p: Values, kinds: readonly string[]): string | undefined {
  const op = opName(p);
  const tail = 'it can still be edited and exported to ONNX';
  if (p.domain && p.domain !== 'ai.onnx') return `The ONNX operation ${op} is not standard ONNX, so it cannot run in Netwright; ${tail}`;
  const spec = specOf(p);
  if (!spec?.lower) return `The ONNX operation ${op} cannot run in Netwright yet; ${tail}`;
  if (kinds.includes('int')) return `The ONNX operation ${op} reads whole-number token ids, and Netwright runs ONNX operations on decimal numbers only; ${tail}`;
  const o = operands(inputs, p);
  const a = new Attrs(p.attributes);
  const why = spec.shape(o, a, p.opset) === undefined ? 'it reads from data an input the engine needs fixed, such as a kernel, axes or a shape' : spec.cannotRun?.(o, a, p.opset);
  return why ? `The ONNX operation ${op} cannot run in Netwright yet (${why}); ${tail}` : undefined;
}

function weightSpecs(p: Values): WeightSpec[] {
  return p.inputs.flatMap((i) => (i && i !== 'data' && 'weight' in i ? [{ name: i.weight, shape: i.shape, init: i.shape.length >= 2 ? 'glorot_uniform' as const : 'zeros' as const, trainable: true }] : []));
}

function lowerOnnxOp(ctx: LowerContext, inputs: readonly IRValue[], p: Values): IRValue {
  const shape = outputShape(inputs.map((x) => ctx.shapeOf(x)), p);
  let k = 0;
  if (ctx.keepOnnxOps) {
    const src = p.inputs.flatMap((i) => (i === 'data' ? [inputs[k++]!] : i && 'weight' in i ? [ctx.weight(i.weight)] : []));
    const arg: OnnxOpArg = {
      opType: p.op_type, domain: p.domain, opset: p.opset, attributes: p.attributes, inputs: p.inputs, outputs: p.outputs, outputType: p.output_type,
      pointwise: isPointwise(p.op_type, p.domain),
    };
    return ctx.emit('onnx', src, shape, arg as unknown as Record<string, unknown>);
  }
  const why = cannotRun(inputs.map((x) => ctx.shapeOf(x)), p, inputs.map((x) => (x.dtype === 'i32' ? 'int' : 'float')));
  if (why) throw new Error(why);
  const b = new Build(ctx);
  const vals: Vals = p.inputs.map((i): Val | undefined => {
    if (i === null) return undefined;
    if (i === 'data') {
      const x = inputs[k++]!;
      return { kind: 'data', shape: x.shape, ir: () => x };
    }
    if ('weight' in i) return { kind: 'weight', shape: i.shape, name: i.weight, ir: () => ctx.weight(i.weight) };
    let made: IRValue | undefined;
    return { kind: 'values', shape: i.shape, values: i.values, type: i.type, ir: () => (made ??= b.literal(i.values, i.shape)) };
  });
  return specOf(p)!.lower!(b, vals, new Attrs(p.attributes), p.opset);
}

/** PyTorch and Keras 3 functions for ops with one input and no attributes. */
const FUNCTIONS: Record<string, { torch: string; keras: string }> = Object.fromEntries(Object.entries({
  Abs: ['abs', 'abs'], Neg: ['neg', 'negative'], Exp: ['exp', 'exp'], Log: ['log', 'log'], Sqrt: ['sqrt', 'sqrt'],
  Sigmoid: ['sigmoid', 'sigmoid'], Tanh: ['tanh', 'tanh'], Relu: ['relu', 'relu'], Erf: ['erf', 'erf'],
  Sin: ['sin', 'sin'], Cos: ['cos', 'cos'], Tan: ['tan', 'tan'], Asin: ['asin', 'arcsin'], Acos: ['acos', 'arccos'], Atan: ['atan', 'arctan'],
  Sinh: ['sinh', 'sinh'], Cosh: ['cosh', 'cosh'], Floor: ['floor', 'floor'], Ceil: ['ceil', 'ceil'], Round: ['round', 'round'],
  Sign: ['sign', 'sign'], Softplus: ['nn.functional.softplus', 'softplus'], Softsign: ['nn.functional.softsign', 'softsign'],
}).map(([op, [torch, keras]]) => [op, { torch: `torch.${torch!}`, keras: `keras.ops.${keras!}` }]));

/** The Python function for an op with one data input and no attributes, when there is one. */
function translation(p: Values): { torch: string; keras: string } | undefined {
  const simple = (p.domain === '' || p.domain === 'ai.onnx') && p.inputs.length === 1 && p.inputs[0] === 'data' && Object.keys(p.attributes).length === 0;
  return simple ? FUNCTIONS[p.op_type] : undefined;
}

const noTranslation = (p: Values, to: string) =>
  `the ONNX operation ${opName(p)} has no ${to} translation; export this model to ONNX, which keeps the operation as it is.`;

export const OnnxOp = defineLayer({
  type: 'OnnxOp',
  category: 'core',
  params: {
    op_type: text({ default: 'Identity', pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, expects: 'the name of an ONNX operator, such as "Erf"', doc: 'The ONNX operator, as the ONNX specification names it (Erf, Where, ReduceSum…).' }),
    domain: text({ default: '', pattern: /^[A-Za-z0-9_.-]*$/, expects: 'an ONNX domain such as "com.microsoft", or "" for standard ONNX', doc: 'The operator set it belongs to: empty for standard ONNX, or another domain such as "com.microsoft".' }),
    opset: int({ default: 17, min: 1, doc: 'The version of its operator set the model it came from used; the operation means what that version says.' }),
    attributes: json<OnnxAttributes>(z.record(z.string(), ATTRIBUTE), {
      default: {},
      expects: 'an object of ONNX attributes, each written {"i": 1}, {"f": 0.5}, {"s": "text"}, {"ints": […]}, {"floats": […]} or {"strings": […]}',
      doc: 'The operation\'s ONNX attributes, typed as ONNX stores them: {"i": …} a whole number, {"f": …} a decimal, {"s": …} text, and lists as ints, floats or strings.',
    }),
    inputs: json<OnnxInput[]>(z.array(INPUT).min(1).max(64), {
      default: ['data'],
      expects: 'a list with one entry per ONNX input: "data", null, {"weight": name, "shape": […]} or {"values": […], "shape": […], "type": "INT64"}',
      doc: 'Its ONNX inputs in order: "data" is the next incoming connection, null an optional input left out, a weight a constant the node holds (trained like other weights), and values a small constant such as axes or a shape.',
    }),
    outputs: int({ default: 1, min: 1, max: 64, doc: 'How many outputs the ONNX operation declares. Netwright passes on the first; the others are written back unused.' }),
    output_shape: json<number[] | null>(z.array(z.number().int().min(1)).max(8).nullable(), {
      default: null,
      expects: 'a list of positive whole numbers, or null',
      doc: 'The shape of one sample of its output, without the batch, as recorded at import. Used only for operations whose shape Netwright cannot work out itself.',
    }),
    output_type: choice(ONNX_TYPES, { default: 'FLOAT', doc: 'The ONNX element type of its output. Netwright computes in decimals, with true and false as 1 and 0.' }),
  },
  doc: {
    summary: 'An ONNX operation that Netwright has no layer for, kept as it is so that an imported model round-trips: it is drawn, edited and exported back to ONNX unchanged, and runs here where Netwright knows how to compute it.',
    formula: 'y = op(x₁, …, xₙ), as the ONNX specification defines op with these attributes',
    whenToUse: 'You do not usually add one yourself: importing an ONNX model creates one for each operation outside the layer catalogue. If Netwright cannot run it, the model can still be exported to ONNX; to train it here, replace the node with layers that compute the same thing.',
  },
  arity: { min: 1, max: 64 },
  inferShape: (inputs, p) => outputShape(inputs, p),
  weights: (_inputs, p) => weightSpecs(p),
  cannotRun: (inputs, p, kinds) => cannotRun(inputs, p, kinds),
  lower: (ctx, inputs, p) => lowerOnnxOp(ctx, inputs, p),
  pytorch(ctx, p) {
    const f = translation(p);
    if (!f) throw new Error(noTranslation(p, 'PyTorch'));
    return { layout: ctx.arriving[0]!, forward: (_attr, [x]) => `${f.torch}(${x})`, note: `the ONNX operation ${p.op_type}` };
  },
  keras: {
    layer(p) {
      const f = translation(p);
      if (!f) throw new Error(noTranslation(p, 'Keras'));
      return { type: 'Lambda', args: [f.keras] };
    },
  },
});
