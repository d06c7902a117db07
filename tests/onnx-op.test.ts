/**
 * ONNX ops with no Netwright layer become OnnxOp nodes: small models built
 * with onnx.helper (tests/onnx/onnx-op-models.py) are imported, compiled,
 * run on the engine where it can (against onnxruntime-node on the original
 * file), and exported back, where every kept op must come out as it went
 * in (type, domain, attributes with their types, constant inputs with their
 * types), the file must pass onnx.checker with strict shape inference, and
 * onnxruntime must give the original's outputs. Ops the engine cannot run
 * are compile errors (NW032) that still leave every node its shape; the
 * PyTorch and Keras exporters translate the trivial ops and name the node
 * otherwise.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../shared/compiler';
import { exportKeras } from '../shared/export/keras';
import { exportOnnx, type IModelProto, importOnnxGraph, type ImportResult, type INodeProto, onnx } from '../shared/export/onnx';
import { permuteData } from '../shared/export/onnx/layout';
import { int } from '../shared/export/onnx/proto';
import { readTensor } from '../shared/export/onnx/tensor-data';
import { buildPytorchModel, PytorchExportError } from '../shared/export/pytorch/model';
import type { Project } from '../shared/graph/schema';
import { ReferenceExecutor } from '../src-main/engine/reference/executor';
import { fillBatch, gradientCheck, graph, trainingPlan } from '../src-main/engine/testing';
import { checkWithPython, maxAbsDiff, PYTHON, runOnnx, runReference, type Feed } from './onnx/harness';

interface Made {
  readonly name: string;
  readonly path: string;
  readonly inputs: { name: string; shape: number[] }[];
  readonly runs: boolean;
}

const dir = mkdtempSync(join(tmpdir(), 'netwright-onnx-op-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const made = spawnSync(PYTHON, [fileURLToPath(new URL('./onnx/onnx-op-models.py', import.meta.url)), dir], { encoding: 'utf8' });
const MODELS: Made[] = made.status === 0 ? (JSON.parse(made.stdout) as Made[]) : [];
const BATCH = 3;

/** Random inputs in ONNX's layout, and the same data in the engine's (channels-last where the importer made it so). */
function feeds(model: Made, imported: ImportResult): { onnx: Feed[]; engine: Feed[] } {
  const onnxFeeds = model.inputs.map((input, k): Feed => {
    const dims = [BATCH, ...input.shape];
    const count = dims.reduce((a, d) => a * d, 1);
    return { name: input.name, dtype: 'f32', dims, data: Float32Array.from({ length: count }, (_, i) => Math.sin(i * 0.77 + k) * 1.3) };
  });
  const engine = imported.inputs.map((input): Feed => {
    const f = onnxFeeds.find((x) => x.name === input.name)!;
    const back = input.perm.map((_, j) => input.perm.indexOf(j));
    return { name: input.name, dtype: 'f32', dims: back.map((j) => f.dims[j]!), data: permuteData(f.data as Float32Array, f.dims, back) as Float32Array };
  });
  return { onnx: onnxFeeds, engine };
}

const attrsOf = (n: INodeProto) => Object.fromEntries((n.attribute ?? []).map((a) => [a.name, onnx.AttributeProto.toObject(onnx.AttributeProto.fromObject(a), { longs: Number, bytes: String })]));

/** A constant input's dims, type and values, wherever the file keeps it. */
function constantOf(model: IModelProto, name: string) {
  const t = model.graph!.initializer!.find((i) => i.name === name);
  return t ? { dims: (t.dims ?? []).map((d) => int(d)), type: t.dataType, values: Array.from(readTensor(t).data) } : undefined;
}

describe('OnnxOp: ONNX ops with no Netwright layer', () => {
  it('has its test models (Debian\'s python3-onnx)', () => {
    expect(made.status === 0 ? '' : made.stderr).toBe('');
    expect(MODELS.map((m) => m.name)).toEqual(['elementwise', 'where', 'layout', 'erf', 'custom', 'nchw']);
  });

  const exported = new Map<string, { bytes: Uint8Array; file: string }>();
  let checked = new Map<string, string | null>();
  beforeAll(() => {
    for (const m of MODELS) {
      const imported = importOnnxGraph(readFileSync(m.path));
      const kept = compile(imported.project, { keepOnnxOps: true });
      if (!kept.ir) continue;
      const bytes = exportOnnx(kept.ir, imported.weights, { name: m.name });
      const file = join(dir, `${m.name}.again.onnx`);
      writeFileSync(file, bytes);
      exported.set(m.name, { bytes, file });
    }
    checked = checkWithPython([...exported.values()].map((e) => e.file));
  });

  describe.each(MODELS)('$name', (m) => {
    const original = readFileSync(m.path);
    const imported = importOnnxGraph(original);
    const kept = imported.project.nodes.filter((n) => n.type === 'OnnxOp');

    it('imports, keeping the ops no layer reads as OnnxOp nodes', () => {
      expect(kept.length).toBeGreaterThan(0);
    });

    it(m.runs ? 'compiles and runs on the engine with onnxruntime\'s outputs' : 'has a shape for every node, and an NW032 error naming each op the engine cannot run', async () => {
      const compiled = compile(imported.project);
      for (const n of imported.project.nodes) expect(compiled.shapes.has(n.id), n.id).toBe(true);
      if (!m.runs) {
        expect(compiled.ir).toBeUndefined();
        expect(compiled.errors.length).toBeGreaterThan(0);
        for (const e of compiled.errors) {
          expect(e.code).toBe('NW032');
          expect(e.message).toMatch(/ONNX operation .* cannot run in Netwright.*it can still be edited and exported to ONNX/);
          expect(kept.map((n) => n.id)).toContain(e.node);
        }
        return;
      }
      expect(compiled.errors).toEqual([]);
      const f = feeds(m, imported);
      const want = await runOnnx(original, f.onnx);
      const got = runReference(compiled.ir!, imported.weights, f.engine);
      for (const [name, value] of want) expect(maxAbsDiff(got.get(name)!, value.data), name).toBeLessThanOrEqual(1e-4);
    });

    it('exports every kept op back as it was: type, domain, attributes and constant inputs', () => {
      const e = exported.get(m.name);
      expect(e, 'compiles for export').toBeDefined();
      const before = onnx.ModelProto.decode(original);
      const after = onnx.ModelProto.decode(e!.bytes);
      for (const node of kept) {
        const source = before.graph!.node!.find((n) => (n.output ?? [])[0] === node.id)!;
        const again = after.graph!.node!.find((n) => n.name === `${node.id}/${source.opType}`);
        expect(again, `${source.opType} "${node.id}" is written back`).toBeDefined();
        expect(again!.domain ?? '').toBe(source.domain ?? '');
        expect(attrsOf(again!)).toEqual(attrsOf(source));
        expect(again!.input!.length).toBe(source.input!.length);
        source.input!.forEach((name, k) => {
          const c = constantOf(before, name);
          if (c) expect(constantOf(after, again!.input![k]!), `input ${k}`).toEqual(c);
        });
      }
      if (m.name === 'custom') {
        expect(after.opsetImport!.map((o) => [o.domain, int(o.version)])).toEqual([['', 17], ['com.example', 2]]);
      }
    });

    it('writes a file that passes onnx.checker and strict shape inference', () => {
      const e = exported.get(m.name)!;
      expect(checked.get(e.file)).toBeNull();
    });

    // onnxruntime has no kernel for an op from a custom domain, so that model has nothing to compare.
    if (m.name !== 'custom') it('runs in onnxruntime with the original\'s outputs', async () => {
      const e = exported.get(m.name)!;
      const f = feeds(m, imported);
      const [want, got] = [await runOnnx(original, f.onnx), await runOnnx(e.bytes, f.engine)];
      for (const [name, value] of want) {
        expect(got.get(name)!.dims, name).toEqual(value.dims);
        expect(maxAbsDiff(got.get(name)!.data, value.data), name).toBeLessThanOrEqual(1e-5);
      }
    });

    it('imports again to the same OnnxOp nodes', () => {
      const again = importOnnxGraph(exported.get(m.name)!.bytes);
      const params = (p: Project) => p.nodes.filter((n) => n.type === 'OnnxOp').map((n) => JSON.stringify(n.params)).sort();
      expect(params(again.project)).toEqual(params(imported.project));
    });
  });
});

describe('OnnxOp in training', () => {
  it('passes gradients to the weights it holds and to the layers before it (finite differences)', () => {
    // A channels-first conv with its own kernel and bias, a max pool padded by edge copies, a scaling weight, a Dense.
    const g = graph([
      ['in', 'Input', { shape: [2, 6] }],
      ['conv', 'OnnxOp', { op_type: 'Conv', inputs: ['data', { weight: 'w', shape: [3, 2, 3] }, { weight: 'b', shape: [3] }], attributes: { pads: { ints: [1, 1] } } }],
      ['pool', 'OnnxOp', { op_type: 'MaxPool', attributes: { kernel_shape: { ints: [3] }, strides: { ints: [2] }, pads: { ints: [1, 1] } } }],
      ['scale', 'OnnxOp', { op_type: 'Mul', inputs: ['data', { weight: 's', shape: [3, 1] }] }],
      ['tanh', 'OnnxOp', { op_type: 'Tanh' }],
      ['flat', 'Flatten'],
      ['out', 'Dense', { units: 2 }],
    ]);
    const exec = new ReferenceExecutor(trainingPlan(g, 'mean_squared_error', 3), 5);
    fillBatch(exec, 3);
    const check = gradientCheck(exec);
    expect(check.checked).toBeGreaterThan(10);
    expect(check.worst, check.where).toBeLessThan(2e-2);
  });
});

describe('OnnxOp in a project', () => {
  const project = (op: Record<string, unknown>, shape = [4]): Project => ({
    format: 'netwright', version: 1, name: 'onnx op',
    nodes: [{ id: 'x', type: 'Input', params: { shape } }, { id: 'op', type: 'OnnxOp', params: op }],
    edges: [{ id: 'e0', source: 'x', target: 'op' }],
    outputs: ['op'],
  });

  it('takes the recorded output shape for an op Netwright does not know, and asks for one when there is none', () => {
    const known = compile(project({ op_type: 'Frobnicate', domain: 'com.example', output_shape: [2, 3] }), { keepOnnxOps: true });
    expect(known.errors).toEqual([]);
    expect(known.shapes.get('op')!.outputShape).toEqual([2, 3]);
    const unknown = compile(project({ op_type: 'Frobnicate', domain: 'com.example' }), { shapesOnly: true });
    expect(unknown.errors.map((e) => [e.code, e.node, e.param])).toEqual([['NW033', 'op', 'output_shape']]);
  });

  it('works out the shapes of ops it knows from their attributes and constant inputs', () => {
    const c = compile(project({ op_type: 'ReduceSum', attributes: { keepdims: { i: 0 } }, inputs: ['data', { values: [2], shape: [1], type: 'INT64' }] }, [4, 5]));
    expect(c.errors).toEqual([]);
    expect(c.shapes.get('op')!.outputShape).toEqual([4]);
  });

  it('refuses an op that would mix the samples of a batch, with a catalogued error', () => {
    const c = compile(project({ op_type: 'Transpose', attributes: { perm: { ints: [1, 0] } } }));
    expect(c.errors.map((e) => e.code)).toEqual(['NW025']);
    expect(c.errors[0]!.message).toMatch(/batch/);
  });

  it('checks its parameters: typed attributes, input lists', () => {
    const c = compile(project({ op_type: 'Elu', attributes: { alpha: 0.5 } }), { shapesOnly: true });
    expect(c.errors.map((e) => [e.code, e.param])).toEqual([['NW011', 'attributes']]);
    const d = compile(project({ op_type: 'Add', inputs: ['data', 'data'] }), { shapesOnly: true });
    expect(d.errors.map((e) => e.code)).toEqual(['NW017']);
  });

  it('exports the trivial ops to PyTorch and Keras, and names the node for the others', () => {
    const erf = project({ op_type: 'Erf' });
    expect(buildPytorchModel(erf).code).toContain('torch.erf(');
    expect(exportKeras(erf).files.get('model.py')).toContain('layers.Lambda(keras.ops.erf, name="op")');
    const clip = project({ op_type: 'Clip', inputs: ['data', { values: [0], shape: [], type: 'FLOAT' }] });
    expect(() => buildPytorchModel(clip)).toThrow(PytorchExportError);
    expect(() => buildPytorchModel(clip)).toThrow(/ONNX operation Clip has no PyTorch translation/);
    try {
      buildPytorchModel(clip);
    } catch (e) {
      expect((e as PytorchExportError).node).toBe('op');
    }
    expect(() => exportKeras(clip)).toThrow(/layer "op": the ONNX operation Clip has no Keras translation/);
  });
});
