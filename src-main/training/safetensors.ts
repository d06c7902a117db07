/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header
 * length, a JSON header naming each tensor's dtype, shape and byte range, then
 * the raw little-endian data. Small enough to write here; readable by
 * `safetensors` in Python and by PyTorch export scripts.
 */
export interface NamedTensor {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

export function encodeSafetensors(tensors: ReadonlyMap<string, NamedTensor>, metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  const names = [...tensors.keys()].sort();
  for (const name of names) {
    const t = tensors.get(name)!;
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8); // the data starts 8-byte aligned
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const name of names) {
    const t = tensors.get(name)!;
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
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
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
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
