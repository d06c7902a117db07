/**
 * An ONNX node no catalogue layer reads becomes an OnnxOp node
 * (shared/layers/onnx-op.ts): the operation kept as it is, to be drawn,
 * edited, exported back unchanged and, where Netwright knows how, run.
 *
 * Its attributes are kept with their ONNX types; its constant inputs become
 * the node's weights (decimal tensors of more than one value) or values in
 * its parameters (whole numbers, single numbers, and the few decimal inputs
 * that act as settings, such as Resize's scales). Its data arrives in ONNX's
 * own axis order, a Permute first where Netwright holds it otherwise, except
 * for ops that compute value by value, which work in any order. Its output
 * shape comes from the op's shape rule or, for ops Netwright does not know,
 * from the shapes the model records (value_info, graph outputs).
 *
 * What cannot be kept is refused with the reason (KeepError): attributes
 * holding graphs or tensors, a second output the model reads, an op on
 * constants only, an output shape nobody knows, an op that mixes the samples
 * of a batch.
 */
import { getLayer } from '../../layers';
import { ShapeRuleError } from '../../layers/define';
import { isPointwise, ONNX_TYPES, type OnnxAttribute, type OnnxInput, type OnnxType } from '../../layers/onnx-op';
import { parseParams } from '../../layers/params';
import { hintOf, type ImportGraph, type Tensor } from './import-graph';
import { identity, samePerm } from './layout';
import { AttributeType, DataType, fromUtf8, int, type IAttributeProto, type INodeProto } from './proto';
import { OnnxImportError } from './tensor-data';

/** Why a node cannot be kept as an ONNX operation (a clause, without the node's name). */
export class KeepError extends OnnxImportError {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const MAX_VALUES = 1 << 16;

/** Decimal inputs that act as settings, kept as values: by op, the input positions. */
const SETTINGS: Record<string, readonly number[]> = { Resize: [1, 2], Upsample: [1] };

/** Ops whose output is not decimal, when the model does not say. */
const BOOL_OPS = new Set(['Greater', 'Less', 'Equal', 'GreaterOrEqual', 'LessOrEqual', 'And', 'Or', 'Xor', 'Not', 'IsNaN', 'IsInf']);
const INT64_OPS = new Set(['ArgMax', 'ArgMin', 'Shape', 'Size', 'NonZero']);
const INTEGER_TYPES = new Set<string>(['INT64', 'INT32', 'INT16', 'INT8', 'UINT64', 'UINT32', 'UINT16', 'UINT8']);

function typeName(dataType: number | undefined, fallback: OnnxType): OnnxType {
  const name = dataType === undefined ? undefined : DataType[dataType];
  return (ONNX_TYPES as readonly string[]).includes(name ?? '') ? (name as OnnxType) : fallback;
}

/** An ONNX attribute as an OnnxOp keeps it; a KeepError for kinds it cannot keep (graphs, tensors). */
export function attributeOf(a: IAttributeProto): OnnxAttribute {
  // Very old files leave the type out: tell it by the field that is set.
  const type = a.type || (a.ints?.length ? AttributeType.INTS : a.floats?.length ? AttributeType.FLOATS : a.strings?.length ? AttributeType.STRINGS
    : a.s?.length ? AttributeType.STRING : a.f ? AttributeType.FLOAT : AttributeType.INT);
  switch (type) {
    case AttributeType.FLOAT: return { f: a.f ?? 0 };
    case AttributeType.INT: return { i: int(a.i) };
    case AttributeType.STRING: return { s: fromUtf8(a.s) };
    case AttributeType.FLOATS: return { floats: [...(a.floats ?? [])] };
    case AttributeType.INTS: return { ints: (a.ints ?? []).map((v) => int(v)) };
    case AttributeType.STRINGS: return { strings: (a.strings ?? []).map((s) => fromUtf8(s)) };
    default: throw new KeepError(`its attribute "${a.name}" holds ${AttributeType[type] === undefined ? 'something' : `a ${AttributeType[type].toLowerCase().replace('_', ' ')}`}, which Netwright cannot keep`);
  }
}

/**
 * Adds the OnnxOp node for `n`. `opset` is the version of the node's domain
 * the model imports. Throws a KeepError with the reason when it cannot.
 */
export function keepOnnxOp(g: ImportGraph, n: INodeProto, opset: number): void {
  const opType = n.opType ?? '';
  const domain = n.domain === 'ai.onnx' ? '' : n.domain ?? '';
  const attributes: Record<string, OnnxAttribute> = {};
  for (const a of n.attribute ?? []) {
    if (a.refAttrName) throw new KeepError(`its attribute "${a.name}" refers to a function's attribute, which Netwright cannot keep`);
    attributes[a.name ?? ''] = attributeOf(a);
  }

  const outputs = n.output ?? [];
  const used = outputs.findIndex((o, k) => k > 0 && o && g.isUsed(o));
  if (used > 0) throw new KeepError(`the model reads its output ${used + 1} ("${outputs[used]}"), and a Netwright node passes on one output`);
  const count = Math.max(1, outputs.reduce((last, o, k) => (o ? k + 1 : last), 0));

  const inputs: OnnxInput[] = [];
  const data: Tensor[] = [];
  const weights: Record<string, Float32Array> = {};
  (n.input ?? []).forEach((name, j) => {
    if (!name) return void inputs.push(null);
    const v = g.val(name, n);
    if (v.kind === 'tensor') {
      inputs.push('data');
      data.push(v);
      return;
    }
    const t = v.tensor;
    const size = t.dims.reduce((a, d) => a * d, 1);
    if (t.isFloat && size > 1 && !SETTINGS[opType]?.includes(j)) {
      weights[`input${j}`] = t.data instanceof Float32Array ? t.data : Float32Array.from(t.data);
      inputs.push({ weight: `input${j}`, shape: t.dims });
      return;
    }
    if (size > MAX_VALUES) throw new KeepError(`its constant input "${name}" holds ${size} whole numbers, more than Netwright keeps in a node's settings (${MAX_VALUES})`);
    if (t.dataType === DataType.STRING) throw new KeepError(`its constant input "${name}" holds text`);
    inputs.push({ values: Array.from(t.data), shape: t.dims, type: typeName(t.dataType, t.isFloat ? 'FLOAT' : 'INT64') });
  });
  if (data.length === 0) throw new KeepError('it computes on constants only, and Netwright nodes compute on data that flows in');
  while (inputs.length > 0 && inputs[inputs.length - 1] === null) inputs.pop();

  // Value by value, with single-number constants and same-shaped data: any layout will do, so keep the one data has.
  const first = data[0]!;
  const keepLayout = isPointwise(opType, domain)
    && inputs.every((i) => i === null || i === 'data' || i.shape.reduce((a, d) => a * d, 1) === 1)
    && data.every((t) => samePerm(t.perm, first.perm) && t.shape.join() === first.shape.join());
  const hint = hintOf(n);
  const tensors = keepLayout ? data : data.map((t) => g.toPerm(t, identity(t.shape.length), hint));

  const info = g.valueInfo.get(outputs[0] ?? '');
  const declared = info?.dims;
  const outputType = info ? typeName(info.elemType, 'FLOAT') : BOOL_OPS.has(opType) ? 'BOOL' : INT64_OPS.has(opType) ? 'INT64'
    : opType === 'Cast' && attributes['to'] && 'i' in attributes['to'] ? typeName(attributes['to'].i, 'FLOAT') : 'FLOAT';
  const params: Record<string, unknown> = {
    op_type: opType,
    ...(domain ? { domain } : {}),
    opset,
    ...(Object.keys(attributes).length ? { attributes } : {}),
    ...(inputs.length === 1 && inputs[0] === 'data' ? {} : { inputs }),
    ...(count > 1 ? { outputs: count } : {}),
    ...(outputType !== 'FLOAT' ? { output_type: outputType } : {}),
  };

  // The shape: the op's own rule, else what the model records.
  const def = getLayer('OnnxOp')!;
  const shapes = tensors.map((t) => t.shape.slice(1));
  const infer = (p: Record<string, unknown>) => def.inferShape(shapes, parseParams(def.params, p).values);
  try {
    infer(params);
  } catch (e) {
    if (!(e instanceof ShapeRuleError)) throw e;
    if (e.code !== 'NW033') throw new KeepError(e.message.replace(/\.$/, ''));
    const perSample = declared?.slice(1);
    if (!perSample || !declared?.length || perSample.some((d) => d === undefined || d < 1)) {
      throw new KeepError(`the model does not record the shape of its output "${outputs[0]}", and Netwright cannot work it out for ${domain ? `${domain}.` : ''}${opType} (run onnx.shape_inference.infer_shapes on the model first)`);
    }
    params['output_shape'] = perSample;
    infer(params);
  }
  const { issues } = parseParams(def.params, params);
  if (issues.length) throw new KeepError(issues.map((i) => i.message).join(' '));
  const out = g.addLayer('OnnxOp', params, tensors, weights, hint, INTEGER_TYPES.has(outputType) ? 'i32' : 'f32');
  g.values.set(outputs[0] ?? '', keepLayout ? { ...out, perm: first.perm } : out);
}
