/**
 * Writing NumPy's .npy format (version 1.0): the magic "\x93NUMPY", the
 * version, a little-endian header length, a Python-literal header naming the
 * dtype and shape, padded with spaces to a multiple of 64 bytes and ended by
 * a newline, then the raw little-endian float32 data in C order.
 */
export function encodeNpy(data: Float32Array, shape: readonly number[]): Uint8Array {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${dims}, }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0); // \x93NUMPY, version 1.0
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const view = new DataView(out.buffer, 10 + header.length);
  data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}
