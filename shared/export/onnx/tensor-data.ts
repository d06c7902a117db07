/**
 * Reading an ONNX TensorProto's numbers, wherever the file keeps them: raw
 * little-endian bytes, the typed repeated fields, or an external-data file
 * beside the model (which the caller reads, since shared/ has no file system).
 */
import { DataType, int, type ITensorProto } from './proto';

export class OnnxImportError extends Error {
  override readonly name = 'OnnxImportError';
}

/** Reads an external-data file named in the model (a path relative to the model's folder). */
export type ExternalReader = (location: string) => Uint8Array | undefined;

export interface TensorData {
  readonly dims: number[];
  /** Floating-point tensors as f32; integer and boolean ones as plain numbers. */
  readonly data: Float32Array | number[];
  readonly isFloat: boolean;
  /** The ONNX element type (TensorProto.DataType), when read from a file. */
  readonly dataType?: number;
}

const FLOATS = new Set<number>([DataType.FLOAT, DataType.DOUBLE, DataType.FLOAT16]);

export function readTensor(t: ITensorProto, readExternal?: ExternalReader): TensorData {
  const dims = (t.dims ?? []).map((d) => int(d));
  const count = dims.reduce((n, d) => n * d, 1);
  const type = t.dataType ?? DataType.UNDEFINED;
  const name = t.name || '(unnamed)';
  let raw = t.rawData && t.rawData.length ? t.rawData : undefined;
  if (t.dataLocation === 1 /* EXTERNAL */) {
    const entry = (key: string) => t.externalData?.find((e) => e.key === key)?.value ?? undefined;
    const location = entry('location');
    if (!location) throw new OnnxImportError(`the weight "${name}" is stored outside the model, but the model does not say where.`);
    const file = readExternal?.(location);
    if (!file) throw new OnnxImportError(`the weight "${name}" is stored in the external-data file "${location}", which is missing. Keep it beside the .onnx file.`);
    const offset = Number(entry('offset') ?? 0);
    const length = entry('length') !== undefined ? Number(entry('length')) : file.length - offset;
    if (offset + length > file.length) throw new OnnxImportError(`the external-data file "${location}" is shorter than the model says (the weight "${name}" needs bytes ${offset} to ${offset + length}).`);
    raw = file.subarray(offset, offset + length);
  }
  const isFloat = FLOATS.has(type);
  if (raw) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const width = ({ [DataType.FLOAT]: 4, [DataType.DOUBLE]: 8, [DataType.FLOAT16]: 2, [DataType.INT32]: 4, [DataType.INT64]: 8, [DataType.INT8]: 1, [DataType.UINT8]: 1, [DataType.BOOL]: 1, [DataType.INT16]: 2 } as Record<number, number>)[type];
    if (!width) throw new OnnxImportError(`the tensor "${name}" has data type ${DataType[type] ?? type}, which Netwright cannot read.`);
    if (raw.length < count * width) throw new OnnxImportError(`the tensor "${name}" should hold ${count} values but has only ${Math.floor(raw.length / width)}: the file is truncated or damaged.`);
    const get = (i: number): number => {
      switch (type) {
        case DataType.FLOAT: return view.getFloat32(i * 4, true);
        case DataType.DOUBLE: return view.getFloat64(i * 8, true);
        case DataType.FLOAT16: return half(view.getUint16(i * 2, true));
        case DataType.INT32: return view.getInt32(i * 4, true);
        case DataType.INT64: return Number(view.getBigInt64(i * 8, true));
        case DataType.INT16: return view.getInt16(i * 2, true);
        case DataType.INT8: return view.getInt8(i);
        default: return view.getUint8(i);
      }
    };
    const values = Array.from({ length: count }, (_, i) => get(i));
    return { dims, data: isFloat ? Float32Array.from(values) : values, isFloat, dataType: type };
  }
  let values: number[];
  if (type === DataType.FLOAT) values = t.floatData ?? [];
  else if (type === DataType.DOUBLE) values = t.doubleData ?? [];
  else if (type === DataType.INT64) values = (t.int64Data ?? []).map((v) => int(v));
  else if (type === DataType.FLOAT16) values = (t.int32Data ?? []).map(half);
  else if ([DataType.INT32, DataType.INT16, DataType.INT8, DataType.UINT8, DataType.BOOL, DataType.UINT16].includes(type)) values = t.int32Data ?? [];
  else throw new OnnxImportError(`the tensor "${name}" has data type ${DataType[type] ?? type}, which Netwright cannot read.`);
  if (values.length !== count) throw new OnnxImportError(`the tensor "${name}" should hold ${count} values but has ${values.length}: the file is damaged.`);
  return { dims, data: isFloat ? Float32Array.from(values) : [...values], isFloat, dataType: type };
}

function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}
