/**
 * Writing safetensors (Hugging Face's format): an 8-byte little-endian header
 * length, a JSON header giving each tensor's dtype, shape and byte range, then
 * the raw little-endian float32 data, 8-byte aligned. The same layout as
 * src-main/training/safetensors.ts writes for checkpoints; this copy lives in
 * shared/ because exports are made wherever the compiler runs. The exported
 * model.py reads it back in a dozen lines, so no safetensors package is needed.
 */
import type { Tensor } from './hooks';

/** UTF-8 bytes of a string (shared/ has no TextEncoder). */
export function utf8(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

export function encodeSafetensors(tensors: ReadonlyMap<string, Tensor>, metadata: Record<string, string> = {}): Uint8Array {
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
