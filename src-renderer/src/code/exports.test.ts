/**
 * The model exports the Code view offers: each one reads back as what it
 * claims to be, and the fresh weights are exactly the ones `netwright
 * export` (and training) start from.
 */
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../shared/compiler';
import { onnx } from '../../../shared/export/onnx/proto';
import { decodeSafetensors } from '../../../shared/formats/safetensors';
import type { Project } from '../../../shared/graph';
// eslint-disable-next-line no-restricted-imports -- the engine's own executor is the oracle (browser-safe code, see fresh-weights.ts)
import { buildPlan } from '../../../src-main/engine/plan/build-plan';
// eslint-disable-next-line no-restricted-imports -- as above
import { ReferenceExecutor } from '../../../src-main/engine/reference/executor';
import { TEMPLATES } from '../project/templates';
import { buildExport, ModelExportError } from './exports';
import { freshWeights } from './fresh-weights';

function template(id: string): Project {
  const result = TEMPLATES.find((t) => t.id === id)!.load();
  if (!result.ok) throw new Error(`${id} does not load`);
  return result.project;
}

const decoder = new TextDecoder();

/** What a training run starts from: the parameters of a freshly made executor (as `netwright export` reads them, src-main/cli/export.ts). */
function trainingStart(ir: NonNullable<ReturnType<typeof compile>['ir']>, seed: number): Map<string, Float32Array> {
  const plan = buildPlan(ir, { batch: 1 });
  const exec = new ReferenceExecutor(plan, seed);
  const weights = new Map<string, Float32Array>();
  plan.tensors.forEach((t, i) => {
    if (t.role === 'param' && t.viewOf === undefined) weights.set(t.name, Float32Array.from(exec.read(i)));
  });
  return weights;
}

describe('fresh weights', () => {
  it.each(['xor.nwproj', 'lenet-5.nwproj', 'gru-word-reversal.nwproj', 'small-resnet.nwproj'])('are the ones training starts from, for %s', (id) => {
    const project = template(id);
    const ir = compile(project).ir!;
    const seed = project.training?.seed ?? 0;
    const ours = freshWeights(ir, seed);
    const cli = trainingStart(ir, seed);
    expect(ours.size).toBeGreaterThan(0);
    expect([...ours.keys()].sort()).toEqual([...cli.keys()].sort());
    for (const [name, values] of cli) expect(ours.get(name), name).toEqual(values);
  });
});

describe('the exports', () => {
  const xor = template('xor.nwproj');

  it('ONNX: a model with every weight, named after the project', () => {
    const file = buildExport('onnx', xor, { version: '9.9.9' });
    expect(file).toMatchObject({ name: 'xor-why-we-need-hidden-layers.onnx', type: 'application/octet-stream' });
    const model = onnx.ModelProto.decode(file.bytes);
    expect(model.producerName).toBe('Netwright');
    expect(model.producerVersion).toBe('9.9.9');
    expect(model.graph!.name).toBe(xor.name);
    expect(model.graph!.initializer!.map((t) => t.name).sort()).toEqual(['hidden/bias', 'hidden/kernel', 'out/bias', 'out/kernel']);
  });

  it('PyTorch: a zip of one folder with the code and weights.safetensors', () => {
    const file = buildExport('pytorch', xor);
    expect(file).toMatchObject({ name: 'xor-why-we-need-hidden-layers-pytorch.zip', type: 'application/zip' });
    const entries = unzipSync(file.bytes);
    const folder = 'xor-why-we-need-hidden-layers-pytorch';
    expect(Object.keys(entries).sort()).toEqual(['README.md', 'data.py', 'model.py', 'train.py', 'weights.safetensors'].map((n) => `${folder}/${n}`));
    expect(decoder.decode(entries[`${folder}/model.py`])).toContain('class XOR(nn.Module):');
    const { tensors } = decodeSafetensors(entries[`${folder}/weights.safetensors`]!);
    expect([...tensors.keys()].sort()).toEqual(['hidden.bias', 'hidden.weight', 'out.bias', 'out.weight']);
  });

  it('Keras: a zip with the code and one .npy per weight', () => {
    const entries = unzipSync(buildExport('keras', xor).bytes);
    const names = Object.keys(entries).map((n) => n.slice(n.indexOf('/') + 1)).sort();
    expect(names).toEqual(['README.md', 'data.py', 'model.py', 'train.py', 'weights/hidden.bias.npy', 'weights/hidden.kernel.npy', 'weights/out.bias.npy', 'weights/out.kernel.npy']);
  });

  it('weights: safetensors by IR name, with shapes, holding the fresh weights', () => {
    const file = buildExport('weights', xor);
    expect(file.name).toBe('xor-why-we-need-hidden-layers.safetensors');
    const { tensors } = decodeSafetensors(file.bytes);
    const fresh = freshWeights(compile(xor).ir!, xor.training?.seed ?? 0);
    expect(tensors.get('hidden/kernel')!.shape).toEqual([2, 8]);
    for (const [name, values] of fresh) expect(tensors.get(name)!.data, name).toEqual(values);
  });

  it('uses weights it is given instead of fresh ones', () => {
    const ir = compile(xor).ir!;
    const given = new Map([...freshWeights(ir)].map(([name, v]) => [name, v.map(() => 0.5)]));
    const { tensors } = decodeSafetensors(buildExport('weights', xor, { weights: given }).bytes);
    expect([...tensors.get('out/kernel')!.data]).toEqual(new Array(8).fill(0.5));
  });

  it('ONNX and PyTorch carry the weights they are given (trained ones), each in its own naming', () => {
    const ir = compile(xor).ir!;
    const given = new Map([...freshWeights(ir)].map(([name, v], i) => [name, v.map(() => i + 1)]));
    const model = onnx.ModelProto.decode(buildExport('onnx', xor, { weights: given }).bytes);
    for (const t of model.graph!.initializer!) {
      const raw = t.rawData!;
      const values = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
      expect([...values], t.name!).toEqual([...given.get(t.name!)!]);
    }
    const entries = unzipSync(buildExport('pytorch', xor, { weights: given }).bytes);
    const { tensors } = decodeSafetensors(entries['xor-why-we-need-hidden-layers-pytorch/weights.safetensors']!);
    for (const [torchName, irName] of [['hidden.weight', 'hidden/kernel'], ['out.bias', 'out/bias']] as const) {
      expect(new Set(tensors.get(torchName)!.data), torchName).toEqual(new Set(given.get(irName)));
    }
  });

  it('refuses weights that do not fit the graph, saying which', () => {
    const given = freshWeights(compile(xor).ir!);
    given.set('hidden/kernel', new Float32Array(3));
    expect(() => buildExport('onnx', xor, { weights: given })).toThrow('the weights given do not fit the model: "hidden/kernel" has 3 values, the model now needs 16 ([2, 8]).');
  });

  it('refuses a model with errors, saying what to fix', () => {
    const broken = { ...xor, edges: xor.edges.filter((e) => e.target !== 'out') };
    expect(() => buildExport('onnx', broken)).toThrow(ModelExportError);
    expect(() => buildExport('onnx', broken)).toThrow(/to fix first: /);
  });
});
