/**
 * The `onnx` IR op: an OnnxOp node (an imported ONNX operation Netwright has
 * no layer for, shared/layers/onnx-op.ts) written back as the operation it
 * was: same op type, domain, attributes (with their ONNX types), inputs in
 * the same order (constants as initializers of their own data type, left-out
 * optional inputs as ""), and as many outputs, of which the first is used.
 *
 * The node reads its data in ONNX's own order, which is its IR order. An op
 * that computes value by value (Erf, Add…) with single-number constants and
 * same-shaped data takes its data in whatever layout it is stored, as the
 * elementwise rules do, so it adds no Transposes inside a conv stack.
 */
import type { OnnxAttributes, OnnxInput, OnnxOpArg, OnnxType } from '../../../layers/onnx-op';
import type { ExportRule, MappedOp } from '../context';
import { identity, type Perm, samePerm } from '../layout';
import { AttributeType, DataType, type IAttributeProto, type ITensorProto, utf8 } from '../proto';

function attributeProtos(attributes: OnnxAttributes): IAttributeProto[] {
  return Object.entries(attributes).map(([name, a]): IAttributeProto => {
    if ('f' in a) return { name, type: AttributeType.FLOAT, f: a.f };
    if ('i' in a) return { name, type: AttributeType.INT, i: a.i };
    if ('s' in a) return { name, type: AttributeType.STRING, s: utf8(a.s) };
    if ('floats' in a) return { name, type: AttributeType.FLOATS, floats: [...a.floats] };
    if ('ints' in a) return { name, type: AttributeType.INTS, ints: [...a.ints] };
    return { name, type: AttributeType.STRINGS, strings: a.strings.map(utf8) };
  });
}

/** IEEE half-precision bits of a number (round to nearest even). */
function halfBits(v: number): number {
  const f32 = new Float32Array([v]);
  const bits = new Uint32Array(f32.buffer)[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exp = ((bits >>> 23) & 0xff) - 127 + 15;
  const mant = bits & 0x7fffff;
  if (((bits >>> 23) & 0xff) === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  if (exp >= 0x1f) return sign | 0x7c00;
  if (exp <= 0) {
    if (exp < -10) return sign;
    const m = (mant | 0x800000) >> (1 - exp);
    return sign | ((m + 0x1000 + ((m >> 13) & 1) - 1) >> 13);
  }
  const rounded = (exp << 10) | (mant >> 13);
  const rest = mant & 0x1fff;
  return sign | (rest > 0x1000 || (rest === 0x1000 && rounded & 1) ? rounded + 1 : rounded);
}

/** A constant input of the op, of its own ONNX type. */
function literalTensor(name: string, shape: readonly number[], type: OnnxType, given: readonly number[]): ITensorProto {
  const count = shape.reduce((n, d) => n * d, 1);
  const v = given.length === count ? [...given] : Array<number>(count).fill(given[0] ?? 0);
  const t: ITensorProto = { name, dims: [...shape], dataType: DataType[type] };
  switch (type) {
    case 'FLOAT': t.floatData = v; break;
    case 'DOUBLE': t.doubleData = v; break;
    case 'INT64': t.int64Data = v; break;
    case 'UINT32': case 'UINT64': t.uint64Data = v; break;
    case 'FLOAT16': t.int32Data = v.map(halfBits); break;
    case 'BFLOAT16': t.int32Data = v.map((x) => new Uint32Array(new Float32Array([x]).buffer)[0]! >>> 16); break;
    default: t.int32Data = v.map((x) => Math.trunc(x)); break;
  }
  return t;
}

const onnxOp: ExportRule = (ctx) => {
  const arg = ctx.node.arg as unknown as OnnxOpArg;
  const src = ctx.node.src;
  const rank = ctx.node.shape.length;
  // Where each entry of arg.inputs finds its IR source: data and weights, in order.
  let k = 0;
  const sourceOf = arg.inputs.map((i: OnnxInput) => (i === 'data' || (i && 'weight' in i) ? src[k++] : undefined));
  const dataIds = arg.inputs.flatMap((i, j) => (i === 'data' ? [sourceOf[j]!] : []));
  const single = (i: OnnxInput) => i === null || i === 'data' || i.shape.reduce((n, d) => n * d, 1) === 1;
  const first = dataIds[0] === undefined ? identity(rank) : ctx.permOf(dataIds[0]);
  const keepLayout = arg.pointwise && arg.inputs.every(single)
    && dataIds.every((id) => samePerm(ctx.permOf(id), first) && ctx.irNode(id).shape.join() === ctx.node.shape.join());
  const perm: Perm = keepLayout ? first : identity(rank);
  const inputs = arg.inputs.map((i, j): string => {
    if (i === null) return '';
    if (i === 'data') return ctx.valueOf(sourceOf[j]!, keepLayout ? perm : identity(ctx.irNode(sourceOf[j]!).shape.length));
    if ('weight' in i) return ctx.valueOf(sourceOf[j]!);
    const name = ctx.g.claimValue(`${ctx.scope}/input${j}`);
    ctx.g.initializers.push(literalTensor(name, i.shape, i.type, i.values));
    return name;
  });
  const outputs = ctx.g.node(arg.opType, inputs, {}, { scope: ctx.scope, outputs: arg.outputs, domain: arg.domain });
  ctx.g.nodes[ctx.g.nodes.length - 1]!.attribute = attributeProtos(arg.attributes);
  ctx.define(outputs[0]!, perm);
};

export const ONNX_OP_RULES = { onnx: onnxOp } satisfies Partial<Record<MappedOp, ExportRule>>;
