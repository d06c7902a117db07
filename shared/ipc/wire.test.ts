/**
 * Web mode's frames: every value a service or the trainer sends comes back
 * equal, typed arrays as views into the frame (no copy), aligned for their
 * element size, and what JSON alone would lose (Maps, NaN, ±Infinity,
 * undefined in arguments, an object's own "$t" key) survives.
 */
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, WireError } from './wire';

const roundTrip = (v: unknown) => decodeMessage(encodeMessage(v));

describe('wire frames', () => {
  it.each([
    ['a plain call', { type: 'call', id: 1, method: 'training.start', args: [{ name: 'xor', nodes: [] }, { epochs: 3 }] }],
    ['typed arrays of every kind', [new Float32Array([1.5, -2]), new Float64Array([Math.PI]), new Int8Array([-1]), new Uint8Array([255, 0, 7]), new Uint8ClampedArray([9]), new Int16Array([-300]), new Uint16Array([60000]), new Int32Array([-5, 6]), new Uint32Array([4e9])]],
    ['empty arrays', [new Float32Array(0), new Int32Array(0), []]],
    ['a Map of weights', new Map([['dense/kernel', new Float32Array([1, 2, 3])], ['optimizer/iterations', Float32Array.of(7)]])],
    ['numbers JSON cannot carry', [NaN, Infinity, -Infinity, 0, -1.25e-30]],
    ['undefined in arguments', ['run', undefined, 3]],
    ['objects that use the tag key themselves', { $t: 'Map', i: 0, nested: { $t: 'obj' } }],
    ['a bare ArrayBuffer', new Uint8Array([1, 2, 3]).buffer],
    ['nulls, booleans and strings with any character', { a: null, b: true, c: 'ünïcødé ✓ 𝔘 "quoted" \n' }],
  ])('round-trips %s', (_, value) => {
    expect(roundTrip(value)).toEqual(value);
  });

  it('drops undefined properties, as structured clone keeps them absent', () => {
    expect(roundTrip({ a: 1, b: undefined })).toEqual({ a: 1 });
  });

  it('decodes typed arrays as aligned views into one frame, ready to transfer as one buffer', () => {
    const frame = encodeMessage({ x: new Uint8Array([1, 2, 3]), y: new Float64Array([1, 2]), z: new Float32Array([3]) });
    const out = decodeMessage(frame.buffer) as { x: Uint8Array; y: Float64Array; z: Float32Array };
    expect(out.y.buffer).toBe(frame.buffer);
    expect(out.z.buffer).toBe(frame.buffer);
    expect(out.y.byteOffset % 8).toBe(0);
    expect(out.z.byteOffset % 4).toBe(0);
    expect([...out.y]).toEqual([1, 2]);
  });

  it('sends only the viewed part of a larger buffer', () => {
    const big = new Float32Array(1000).map((_, i) => i);
    const frame = encodeMessage(big.subarray(10, 13));
    expect(frame.byteLength).toBeLessThan(100);
    expect(decodeMessage(frame)).toEqual(new Float32Array([10, 11, 12]));
  });

  it('reads a frame that sits at an odd offset in a larger buffer', () => {
    const frame = encodeMessage({ w: new Float32Array([1, 2]) });
    const odd = new Uint8Array(frame.byteLength + 3);
    odd.set(frame, 3);
    expect(decodeMessage(odd.subarray(3))).toEqual({ w: new Float32Array([1, 2]) });
  });

  it.each([
    ['a truncated frame', () => decodeMessage(encodeMessage({ w: new Float32Array(8) }).subarray(0, 20))],
    ['too few bytes', () => decodeMessage(new Uint8Array(2))],
    ['a function', () => encodeMessage({ f: () => 1 })],
    ['a bigint', () => encodeMessage(1n)],
  ])('refuses %s with a WireError', (_, run) => {
    expect(run).toThrow(WireError);
  });
});
