/**
 * The ONNX protobuf schema, from the `onnx-proto` package (protobufjs code
 * generated from onnx.proto), and the few helpers the exporter and importer
 * need to make and read its messages. Nothing else in this folder touches
 * protobuf directly.
 */
import { fromUtf8, utf8 } from '../../formats/utf8';
import onnxProto from 'onnx-proto';

export const onnx = onnxProto.onnx;

export type IModelProto = onnxProto.onnx.IModelProto;
export type IGraphProto = onnxProto.onnx.IGraphProto;
export type INodeProto = onnxProto.onnx.INodeProto;
export type ITensorProto = onnxProto.onnx.ITensorProto;
export type IAttributeProto = onnxProto.onnx.IAttributeProto;
export type IValueInfoProto = onnxProto.onnx.IValueInfoProto;

export const DataType = onnx.TensorProto.DataType;
export const AttributeType = onnx.AttributeProto.AttributeType;

/** A float attribute: plain numbers become INT attributes, so floats are marked. */
export class FloatAttr {
  constructor(readonly value: number | readonly number[]) {}
}

export const float = (value: number | readonly number[]) => new FloatAttr(value);

export type AttrValue = number | readonly number[] | string | readonly string[] | FloatAttr | IGraphProto;
export type Attrs = Readonly<Record<string, AttrValue | undefined>>;

function isGraph(v: AttrValue): v is IGraphProto {
  return typeof v === 'object' && !Array.isArray(v) && !(v instanceof FloatAttr);
}

export function attribute(name: string, v: AttrValue): IAttributeProto {
  if (v instanceof FloatAttr) {
    return typeof v.value === 'number' ? { name, type: AttributeType.FLOAT, f: v.value } : { name, type: AttributeType.FLOATS, floats: [...v.value] };
  }
  if (typeof v === 'number') return { name, type: AttributeType.INT, i: v };
  if (typeof v === 'string') return { name, type: AttributeType.STRING, s: utf8(v) };
  if (isGraph(v)) return { name, type: AttributeType.GRAPH, g: v };
  const list = v as readonly (number | string)[];
  if (list.length > 0 && typeof list[0] === 'string') return { name, type: AttributeType.STRINGS, strings: (list as string[]).map(utf8) };
  return { name, type: AttributeType.INTS, ints: [...(list as number[])] };
}

export { fromUtf8, utf8 };

/** An int64 field as protobufjs decodes it (a number, or a Long when `long` is installed). */
export function int(v: number | { toNumber(): number } | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

/** A tensor with its data as little-endian raw bytes (compact, and what every reader accepts). */
export function tensorProto(name: string, dims: readonly number[], data: Float32Array | Int32Array | BigInt64Array): ITensorProto {
  const dataType = data instanceof Float32Array ? DataType.FLOAT : data instanceof Int32Array ? DataType.INT32 : DataType.INT64;
  const bytes = new Uint8Array(data.byteLength);
  bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return { name, dims: [...dims], dataType, rawData: bytes };
}

/** A value's type: a tensor with named (dynamic) or fixed dimensions. */
export function valueInfo(name: string, elemType: number, dims: readonly (number | string)[]): IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  };
}
