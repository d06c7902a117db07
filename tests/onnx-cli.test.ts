/**
 * The ONNX commands end to end, in-process: export a template, import it
 * back, export that, and run all three on the same NPY input; and the exit
 * statuses for files that cannot be read.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeNpy, parseNpy } from '../src-main/data/npy';
import { main } from '../src-main/cli/main';
import { importOnnxGraph, onnx } from '../shared/export/onnx';
import { loadProject } from '../shared/graph';
import { initialWeights } from '../src-main/cli/export';
import { saveCheckpoint } from '../src-main/training/checkpoint';
import { irOf, maxAbsDiff } from './onnx/harness';

const LENET = fileURLToPath(new URL('../resources/templates/lenet-5.nwproj', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'netwright-cli-'));
const at = (name: string) => join(dir, name);

beforeAll(() => {
  vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation((m) => process.stderr.write(String(m) + '\n'));
});
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('netwright export, import and run', () => {
  it('round-trips a template through the commands with the same outputs', async () => {
    expect(await main(['export', LENET, '--format', 'onnx', '-o', at('lenet.onnx')])).toBe(0);
    expect(await main(['import', at('lenet.onnx'), '-o', at('lenet.nwproj')])).toBe(0);
    expect(JSON.parse(readFileSync(at('lenet.nwproj'), 'utf8')).nodes.length).toBeGreaterThan(3);
    // Without --weights, export picks up the imported weights beside the project.
    expect(await main(['export', at('lenet.nwproj'), '-o', at('lenet-again.onnx')])).toBe(0);
    const x = Float32Array.from({ length: 2 * 32 * 32 }, (_, i) => Math.cos(i * 0.1));
    writeFileSync(at('x.npy'), encodeNpy([2, 32, 32, 1], x));
    const outputs = [];
    for (const model of ['lenet.onnx', 'lenet.nwproj', 'lenet-again.onnx']) {
      expect(await main(['run', at(model), '--input', at('x.npy'), '-o', at(`${model}.npy`)])).toBe(0);
      outputs.push(parseNpy(readFileSync(at(`${model}.npy`))));
    }
    expect(outputs[0]!.shape).toEqual([2, 10]);
    for (const o of outputs.slice(1)) expect(maxAbsDiff(o.data, outputs[0]!.data)).toBeLessThanOrEqual(1e-6);
  });

  it('exports a training run\'s checkpoint with --weights', async () => {
    const xor = fileURLToPath(new URL('../resources/templates/xor.nwproj', import.meta.url));
    const loaded = loadProject(readFileSync(xor, 'utf8'));
    if (!loaded.ok) throw new Error('xor does not load');
    const ir = irOf(loaded.project);
    const trained = new Map([...initialWeights(ir, 0)].map(([k, v]) => [k, v.map((x, i) => x + 0.25 * (i + 1))]));
    await saveCheckpoint(at('run'), trained, { epoch: 3, seed: 0, project: 'xor', backend: 'reference' });
    expect(await main(['export', xor, '--weights', at('run'), '-o', at('xor.onnx')])).toBe(0);
    const { weights } = importOnnxGraph(readFileSync(at('xor.onnx')));
    for (const [name, data] of trained) expect(Array.from(weights.get(name)!), name).toEqual(Array.from(data));
    // A checkpoint of another model is refused, naming the weight.
    await saveCheckpoint(at('other'), new Map([['x/kernel', new Float32Array(3)]]), { epoch: 1, seed: 0, project: 'other', backend: 'reference' });
    expect(await main(['export', xor, '--weights', at('other'), '-o', at('bad.onnx')])).toBe(1);
  });

  it('exports with --opset and refuses an unknown format or opset', async () => {
    expect(await main(['export', LENET, '--opset', '18', '-o', at('lenet18.onnx')])).toBe(0);
    expect(await main(['export', LENET, '--format', 'tflite', '-o', at('x.tflite')])).toBe(2);
    expect(await main(['export', LENET, '--opset', '9', '-o', at('x.onnx')])).toBe(2);
  });

  it('exports an ONNX op the engine cannot run as it is, and refuses to run it', async () => {
    const project = {
      format: 'netwright', version: 1, name: 'erf',
      nodes: [{ id: 'x', type: 'Input', params: { shape: [4] } }, { id: 'e', type: 'OnnxOp', params: { op_type: 'Erf' } }],
      edges: [{ id: 'e0', source: 'x', target: 'e' }],
      outputs: ['e'],
    };
    writeFileSync(at('erf.nwproj'), JSON.stringify(project));
    expect(await main(['export', at('erf.nwproj'), '-o', at('erf.onnx')])).toBe(0);
    const nodes = onnx.ModelProto.decode(readFileSync(at('erf.onnx'))).graph!.node!;
    expect(nodes.map((n) => n.opType)).toEqual(['Erf']);
    expect(await main(['export', at('erf.nwproj'), '--format', 'pytorch', '-o', at('erf-torch')])).toBe(0);
    writeFileSync(at('x4.npy'), encodeNpy([1, 4], new Float32Array(4)));
    expect(await main(['run', at('erf.nwproj'), '--input', at('x4.npy'), '-o', at('erf.npy')])).toBe(1);
  });

  it('exits 1 with a message for a file that is not ONNX, and 2 for a missing one', async () => {
    writeFileSync(at('broken.onnx'), Buffer.from('this is not a model'));
    expect(await main(['import', at('broken.onnx'), '-o', at('broken.nwproj')])).toBe(1);
    expect(await main(['import', at('missing.onnx'), '-o', at('missing.nwproj')])).toBe(2);
  });
});
