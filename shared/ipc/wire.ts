/**
 * Messages as bytes, for ports that carry only bytes (web mode's WebSocket).
 * A frame is a JSON header followed by the raw bytes of every typed array in
 * the message, each 8-byte aligned, so decoding makes views into the frame
 * instead of copies and a dataset of a few hundred megabytes never passes
 * through JSON. The JSON also keeps what plain JSON loses: Maps, undefined,
 * NaN and ±Infinity.
 *
 *   [u32 header length][header JSON, UTF-8][pad to 8][buffer 0][pad][buffer 1]…
 *   header: { "v": <value with tags>, "n": [byte length of buffer i, …] }
 *   tags:   { "$t": "Float32Array" | … | "ArrayBuffer", "i": i }   a buffer
 *           { "$t": "Map", "e": [[key, value], …] }
 *           { "$t": "num", "v": "NaN" | "Infinity" | "-Infinity" }
 *           { "$t": "undef" }                                        (in arrays)
 *           { "$t": "obj", "v": {…} }     an object that has its own "$t" key
 */
import { fromUtf8, utf8 } from '../formats/utf8';

export class WireError extends Error {
  override readonly name = 'WireError';
}

const VIEWS = { Float32Array, Float64Array, Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array } as const;
type ViewName = keyof typeof VIEWS;

const ALIGN = 8;
const pad = (n: number) => (n + ALIGN - 1) & ~(ALIGN - 1);

// TextEncoder and TextDecoder exist in every runtime this runs in (Node, browsers, workers), but not in shared/'s types.
const text = globalThis as { TextEncoder?: new () => { encode(s: string): Uint8Array }; TextDecoder?: new () => { decode(b: Uint8Array): string } };
const encodeText = text.TextEncoder ? ((e) => (s: string) => e.encode(s))(new text.TextEncoder()) : utf8;
const decodeText = text.TextDecoder ? ((d) => (b: Uint8Array) => d.decode(b))(new text.TextDecoder()) : fromUtf8;

function viewName(v: ArrayBufferView): ViewName {
  for (const name of Object.keys(VIEWS) as ViewName[]) if (v instanceof VIEWS[name]) return name;
  throw new WireError(`${v.constructor.name} cannot be sent: only the standard typed arrays can.`);
}

function toWire(value: unknown, buffers: Uint8Array[]): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $t: 'num', v: String(value) };
  if (value === undefined) return { $t: 'undef' };
  if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') throw new WireError(`a ${typeof value} cannot be sent.`);
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof ArrayBuffer) {
    buffers.push(new Uint8Array(value));
    return { $t: 'ArrayBuffer', i: buffers.length - 1 };
  }
  if (ArrayBuffer.isView(value)) {
    const $t = viewName(value);
    buffers.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    return { $t, i: buffers.length - 1 };
  }
  if (value instanceof Map) return { $t: 'Map', e: [...value].map(([k, v]) => [toWire(k, buffers), toWire(v, buffers)]) };
  if (Array.isArray(value)) return value.map((v: unknown) => toWire(v, buffers));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v, buffers);
  return Object.hasOwn(out, '$t') ? { $t: 'obj', v: out } : out;
}

function fromWire(value: unknown, views: (i: number, type: ViewName | 'ArrayBuffer') => unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => fromWire(v, views));
  const tagged = value as { $t?: unknown; i?: number; e?: [unknown, unknown][]; v?: unknown };
  switch (tagged.$t) {
    case undefined:
      break;
    case 'num':
      return Number(tagged.v);
    case 'undef':
      return undefined;
    case 'Map':
      return new Map(tagged.e!.map(([k, v]) => [fromWire(k, views), fromWire(v, views)]));
    case 'obj':
      return fromObject(tagged.v as Record<string, unknown>, views);
    default:
      if (tagged.$t === 'ArrayBuffer' || Object.hasOwn(VIEWS, tagged.$t as string)) return views(tagged.i!, tagged.$t as ViewName);
      throw new WireError(`unknown tag "${String(tagged.$t)}" in a message.`);
  }
  return fromObject(value as Record<string, unknown>, views);
}

function fromObject(value: Record<string, unknown>, views: Parameters<typeof fromWire>[1]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = fromWire(v, views);
  return out;
}

/** One frame holding `message`; its typed arrays are copied into it once. */
export function encodeMessage(message: unknown): Uint8Array<ArrayBuffer> {
  const buffers: Uint8Array[] = [];
  const header = encodeText(JSON.stringify({ v: toWire(message, buffers), n: buffers.map((b) => b.byteLength) }));
  let size = pad(4 + header.byteLength);
  for (const b of buffers) size += pad(b.byteLength);
  const frame = new Uint8Array(size);
  new DataView(frame.buffer).setUint32(0, header.byteLength, true);
  frame.set(header, 4);
  let at = pad(4 + header.byteLength);
  for (const b of buffers) {
    frame.set(b, at);
    at += pad(b.byteLength);
  }
  return frame;
}

/**
 * The message in a frame. Its typed arrays are views into the frame's buffer
 * (copied first only when the frame itself is misaligned), so a receiver
 * that forwards the message can transfer that one buffer.
 */
export function decodeMessage(frame: ArrayBuffer | Uint8Array): unknown {
  let bytes = frame instanceof Uint8Array ? frame : new Uint8Array(frame);
  if (bytes.byteOffset % ALIGN !== 0 || !(bytes.buffer instanceof ArrayBuffer)) bytes = bytes.slice();
  if (bytes.byteLength < 4) throw new WireError('a message frame is too short.');
  const length = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  if (4 + length > bytes.byteLength) throw new WireError('a message frame is cut short.');
  const header = JSON.parse(decodeText(bytes.subarray(4, 4 + length))) as { v: unknown; n: number[] };
  const offsets: number[] = [];
  let at = pad(4 + length);
  for (const n of header.n) {
    offsets.push(at);
    at += pad(n);
  }
  if (at > bytes.byteLength) throw new WireError('a message frame is cut short.');
  const buffer = bytes.buffer as ArrayBuffer;
  return fromWire(header.v, (i, type) => {
    const offset = offsets[i];
    const n = header.n[i];
    if (offset === undefined || n === undefined) throw new WireError(`a message refers to buffer ${i}, which its frame lacks.`);
    const start = bytes.byteOffset + offset;
    if (type === 'ArrayBuffer') return buffer.slice(start, start + n);
    const View = VIEWS[type];
    return new View(buffer, start, n / View.BYTES_PER_ELEMENT);
  });
}
