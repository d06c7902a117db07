/**
 * `netwright export --format pytorch|keras`: the command writes the code
 * folder, with the engine's fresh weights or those given with --weights.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../shared/compiler';
import { initialWeights } from '../../src-main/cli/export';
import { decodeSafetensors, encodeSafetensors } from '../../src-main/training/safetensors';
import { templates } from './python';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const XOR = join(ROOT, 'resources/templates/xor.nwproj');

function netwright(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin/netwright.mjs'), ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'netwright-export-cli-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('netwright export --format pytorch|keras', () => {
  it('writes a PyTorch folder with the engine\'s initial weights', async () => {
    const out = join(work, 'xor-pytorch');
    const r = await netwright('export', XOR, '--format', 'pytorch', '-o', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Wrote .*xor-pytorch \(pytorch, [\d,]+ bytes, freshly initialised weights\)/);
    for (const f of ['model.py', 'train.py', 'data.py', 'README.md', 'weights.safetensors']) expect(existsSync(join(out, f)), f).toBe(true);
    const project = templates().find((t) => t.file === 'xor.nwproj')!.project;
    const fresh = initialWeights(compile(project).ir!, project.training?.seed ?? 0);
    const { tensors } = decodeSafetensors(new Uint8Array(readFileSync(join(out, 'weights.safetensors'))));
    // nn.Linear keeps the Dense kernel (2, 8) transposed: (8, 2).
    expect(tensors.get('hidden.weight')!.shape).toEqual([8, 2]);
    expect(tensors.get('hidden.weight')!.data[1]).toBe(fresh.get('hidden/kernel')![8]);
  }, 60_000);

  it('takes trained weights from --weights, a safetensors file as checkpoints store them', async () => {
    const project = templates().find((t) => t.file === 'xor.nwproj')!.project;
    const weights = initialWeights(compile(project).ir!, 5);
    weights.get('out/bias')![0] = 0.75;
    const file = join(work, 'trained.safetensors');
    writeFileSync(file, encodeSafetensors(new Map([...weights].map(([name, data]) => [name, { data, shape: [data.length] }]))));
    const out = join(work, 'xor-keras');
    const r = await netwright('export', XOR, '--format', 'keras', '--weights', file, '-o', out);
    expect(r.status, r.stderr).toBe(0);
    const npy = readFileSync(join(out, 'weights/out.bias.npy'));
    expect(new DataView(npy.buffer, npy.byteOffset).getFloat32(npy.length - 4, true)).toBe(0.75);
    expect(readFileSync(join(out, 'model.py'), 'utf8')).toContain('keras.Sequential(');
  }, 60_000);

  it('lists pytorch and keras in its help', async () => {
    const r = await netwright('export', '--help');
    expect(r.stdout).toMatch(/pytorch +a folder: model\.py/);
    expect(r.stdout).toMatch(/keras +a folder: model\.py \(Keras 3\)/);
  }, 60_000);
});
