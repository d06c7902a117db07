import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PYTHON } from '../../tests/torch/reference';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from './safetensors';

const tensors = new Map([
  ['d1/kernel', { data: Float32Array.from([1, 2, 3, 4, 5, 6]), shape: [2, 3] }],
  ['d1/bias', { data: Float32Array.from([0.5, -0.5, 0]), shape: [3] }],
]);

describe('safetensors', () => {
  it('round-trips tensors and metadata', () => {
    const { tensors: back, metadata } = decodeSafetensors(encodeSafetensors(tensors, { epoch: '3' }));
    expect(metadata).toEqual({ epoch: '3' });
    expect([...back.get('d1/kernel')!.data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(back.get('d1/bias')!.shape).toEqual([3]);
  });

  it('rejects truncated files with a clear message', () => {
    const bytes = encodeSafetensors(tensors);
    expect(() => decodeSafetensors(bytes.subarray(0, bytes.length - 4))).toThrow(SafetensorsError);
    expect(() => decodeSafetensors(bytes.subarray(0, 4))).toThrow(/too short/);
  });

  it('is read by Python exactly as the format specifies', () => {
    // No safetensors package on Debian: parse the layout with the standard library and torch.
    const file = join(mkdtempSync(join(tmpdir(), 'nw-st-')), 'w.safetensors');
    writeFileSync(file, encodeSafetensors(tensors));
    const script = `
import json, struct, sys, torch
raw = open(sys.argv[1], 'rb').read()
n = struct.unpack('<Q', raw[:8])[0]
h = json.loads(raw[8:8 + n])
e = h['d1/kernel']
t = torch.frombuffer(bytearray(raw[8 + n + e['data_offsets'][0]: 8 + n + e['data_offsets'][1]]), dtype=torch.float32).reshape(e['shape'])
print(json.dumps(t.tolist()))`;
    const run = spawnSync(PYTHON, ['-c', script, file], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([[1, 2, 3], [4, 5, 6]]);
  });
});
