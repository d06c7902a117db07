/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header
 * length, a JSON header giving each tensor's dtype, shape and byte range, then
 * the raw little-endian float32 data, 8-byte aligned. Used for checkpoints,
 * for imported ONNX weights and for exported PyTorch weights, which the
 * generated model.py reads back in a dozen lines without extra packages.
 * Pure TypeScript, so it runs wherever the compiler and exporters run.
 */
import { fromUtf8, utf8 } from './utf8';

export interface NamedTensor {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

export function encodeSafetensors(tensors: ReadonlyMap<string, NamedTensor>, metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  const names = [...tensors.keys()].sort();
  let offset = 0;
  for (const name of names) {
    const t = tensors.get(name)!;
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let head = utf8(JSON.stringify(header));
  const pad = (8 - (head.length % 8)) % 8;
  if (pad) head = Uint8Array.from([...head, ...new Array<number>(pad).fill(0x20)]);
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  for (const name of names) {
    const { data } = tensors.get(name)!;
    if (littleEndian) out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    else {
      const view = new DataView(out.buffer, at, data.byteLength);
      data.forEach((v, i) => view.setFloat32(i * 4, v, true));
    }
    at += data.byteLength;
  }
  return out;
}

export class SafetensorsError extends Error {
  override readonly name = 'SafetensorsError';
}

export function decodeSafetensors(bytes: Uint8Array): { tensors: Map<string, NamedTensor>; metadata: Record<string, string> } {
  if (bytes.length < 8) throw new SafetensorsError('the file is too short to be a safetensors file');
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  if (8 + length > bytes.length) throw new SafetensorsError('the header runs past the end of the file; the file is truncated');
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] } | Record<string, string>>;
  try {
    header = JSON.parse(fromUtf8(bytes.subarray(8, 8 + length)));
  } catch {
    throw new SafetensorsError('the header is not valid JSON');
  }
  const base = 8 + length;
  const tensors = new Map<string, NamedTensor>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = entry as Record<string, string>;
      continue;
    }
    const e = entry as { dtype: string; shape: number[]; data_offsets: [number, number] };
    if (e.dtype !== 'F32') throw new SafetensorsError(`tensor "${name}" is ${e.dtype}; only F32 is supported`);
    const [from, to] = e.data_offsets;
    if (base + to > bytes.length) throw new SafetensorsError(`tensor "${name}" runs past the end of the file; the file is truncated`);
    // Copy into a fresh buffer: a Node Buffer's slice() is a view of the whole file, so .buffer would be too.
    const data = new Float32Array(new Uint8Array(bytes.subarray(base + from, base + to)).buffer);
    tensors.set(name, { data, shape: e.shape });
  }
  return { tensors, metadata };
}
