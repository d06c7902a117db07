/**
 * ONNX export, checked three ways for every template and for a table of
 * small graphs that uses every layer type in the catalogue:
 * - Debian's onnx (python3-onnx 1.12) accepts the file: the full checker and
 *   strict, type-checking shape inference, with the declared output shapes;
 * - onnxruntime-node's outputs on random inputs match the engine's reference
 *   backend within 1e-4;
 * - names: inputs and outputs keep the graph's node ids, nodes and weights
 *   are named after the layers, and the batch dimension is dynamic.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnnxModel, exportOnnx, onnx, OnnxExportError, type IValueInfoProto } from '../shared/export/onnx';
import { loadProject } from '../shared/graph';
import { LAYER_TYPES } from '../shared/layers';
import { labelsOf } from '../src-main/cli/export';
import { checkWithPython, irOf, maxAbsDiff, prepare, runOnnx, type Prepared } from './onnx/harness';
import { LAYER_ROWS, rowProject } from './onnx/layer-rows';

const TEMPLATES = fileURLToPath(new URL('../resources/templates/', import.meta.url));
const INDEX = JSON.parse(readFileSync(join(TEMPLATES, 'index.json'), 'utf8')) as { file: string }[];
const TOLERANCE = 1e-4;

interface Case {
  readonly name: string;
  readonly project: Parameters<typeof irOf>[0];
  readonly labels?: Map<string, string>;
}

function templateCase(file: string): Case {
  const loaded = loadProject(readFileSync(join(TEMPLATES, file), 'utf8'));
  if (!loaded.ok) throw new Error(`${file} does not load`);
  return { name: file, project: loaded.project, labels: labelsOf(loaded.project) };
}

const CASES: Case[] = [...INDEX.map((e) => templateCase(e.file)), ...LAYER_ROWS.map((r) => ({ name: r.name, project: rowProject(r) }))];

interface Exported {
  readonly prepared?: Prepared;
  readonly bytes?: Uint8Array;
  readonly file?: string;
  readonly error?: string;
}

const dir = mkdtempSync(join(tmpdir(), 'netwright-onnx-'));
const exported = new Map<string, Exported>();
let python = new Map<string, string | null>();

beforeAll(() => {
  CASES.forEach((c, i) => {
    try {
      const prepared = prepare(irOf(c.project));
      const bytes = exportOnnx(prepared.ir, prepared.weights, c.labels ? { labels: c.labels } : {});
      const file = join(dir, `case${i}.onnx`);
      writeFileSync(file, bytes);
      exported.set(c.name, { prepared, bytes, file });
    } catch (e) {
      exported.set(c.name, { error: (e as Error).stack ?? String(e) });
    }
  });
  python = checkWithPython([...exported.values()].flatMap((e) => (e.file ? [e.file] : [])));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the layer table', () => {
  it('uses every layer type in the catalogue', () => {
    const used = new Set(LAYER_ROWS.flatMap((r) => r.nodes.map((n) => n[1])));
    for (const r of LAYER_ROWS) for (const [, , p] of r.nodes) if (p?.['layer']) used.add((p['layer'] as { type: string }).type);
    expect(LAYER_TYPES.filter((t) => !used.has(t)), 'layer types with no row in tests/onnx/layer-rows.ts').toEqual([]);
  });
});

describe.each(CASES)('ONNX export of $name', (c) => {
  const get = () => {
    const e = exported.get(c.name)!;
    if (e.error) throw new Error(`export failed: ${e.error}`);
    return e as Required<Omit<Exported, 'error'>>;
  };

  it('passes onnx.checker (full) and strict shape inference', () => {
    const e = get();
    expect(python.has(e.file), 'the Python check reported on this file').toBe(true);
    expect(python.get(e.file)).toBeNull();
  });

  it(`runs in onnxruntime-node with the reference backend's outputs (±${TOLERANCE})`, async () => {
    const e = get();
    const expected = e.prepared.expected;
    if ('error' in expected) throw new Error(expected.error);
    const got = await runOnnx(e.bytes, e.prepared.feeds);
    for (const [name, want] of expected) {
      const out = got.get(name);
      expect(out, `output "${name}"`).toBeDefined();
      const node = e.prepared.ir.nodes[e.prepared.ir.outputs.find((o) => o.name === name)!.node]!;
      expect(out!.dims).toEqual(node.shape.map((d, i) => (i === 0 ? e.prepared.feeds[0]!.dims[0] : d)));
      expect(maxAbsDiff(out!.data, want)).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});

describe('names and interface', () => {
  const resnet = templateCase('small-resnet.nwproj');

  it('names inputs and outputs by node id, with a dynamic batch dimension', () => {
    const ir = irOf(resnet.project);
    const model = buildOnnxModel(ir, prepare(ir, 1).weights);
    const dims = (v: IValueInfoProto) => v.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue));
    expect(model.graph!.input!.map((i) => i.name)).toEqual(ir.inputs.map((id) => ir.nodes[id]!.arg['name']));
    expect(model.graph!.output!.map((o) => o.name)).toEqual(ir.outputs.map((o) => o.name));
    expect(dims(model.graph!.input![0]!)).toEqual(['batch', 28, 28, 1]);
    expect(dims(model.graph!.output![0]!)).toEqual(['batch', 10]);
    expect(model.irVersion).toBe(8);
    expect(model.opsetImport).toEqual([{ domain: '', version: 17 }]);
  });

  it('names nodes "<layer>/<OpType>" and weights "<layer>/<weight>", using labels where they exist', () => {
    const ir = irOf(resnet.project);
    const weights = prepare(ir, 1).weights;
    const model = buildOnnxModel(ir, weights, { labels: new Map([['stem_conv', 'first conv']]) });
    const nodes = model.graph!.node!.map((n) => n.name);
    expect(nodes).toContain('first conv/Conv');
    expect(nodes).toContain('block1_bn1/BatchNormalization');
    expect(model.graph!.initializer!.map((t) => t.name)).toEqual(expect.arrayContaining(['first conv/kernel', 'block1_bn1/moving_mean', 'out/kernel', 'out/bias']));
    // Channels-last in, channels-first inside: one Transpose at the start, none between conv blocks.
    expect(model.graph!.node!.filter((n) => n.opType === 'Transpose')).toHaveLength(1);
  });

  it('runs with any batch size', async () => {
    const ir = irOf(templateCase('lenet-5.nwproj').project);
    const one = prepare(ir, 1);
    const bytes = exportOnnx(ir, one.weights);
    for (const batch of [1, 5]) {
      const p = prepare(ir, batch);
      const got = await runOnnx(exportOnnx(ir, p.weights), p.feeds);
      expect(got.get(ir.outputs[0]!.name)!.dims[0]).toBe(batch);
    }
    expect(bytes.length).toBeGreaterThan(0);
  });

  it('reports a missing or mis-sized weight, naming it', () => {
    const ir = irOf(templateCase('xor.nwproj').project);
    const weights = prepare(ir, 1).weights;
    const [first] = [...weights.keys()];
    const missing = new Map(weights);
    missing.delete(first!);
    expect(() => exportOnnx(ir, missing)).toThrow(OnnxExportError);
    expect(() => exportOnnx(ir, missing)).toThrow(first!);
    expect(() => exportOnnx(ir, new Map([...weights].map(([k, v]) => [k, v.subarray(1)])))).toThrow(/values, but its shape/);
  });

  it('writes Gelu as one op from opset 20, and composes it below', async () => {
    const ir = irOf(rowProject(LAYER_ROWS.find((r) => r.name === 'Activation gelu')!));
    const p = prepare(ir);
    for (const [opset, has] of [[17, false], [20, true]] as const) {
      const model = buildOnnxModel(ir, p.weights, { opset });
      expect(model.graph!.node!.some((n) => n.opType === 'Gelu')).toBe(has);
      const got = await runOnnx(onnx.ModelProto.encode(model).finish(), p.feeds);
      const expected = p.expected as Map<string, Float32Array>;
      expect(maxAbsDiff(got.get(ir.outputs[0]!.name)!.data, expected.get(ir.outputs[0]!.name)!)).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it('refuses an opset it cannot write, and writes newer ones onnxruntime accepts', async () => {
    const ir = irOf(templateCase('small-resnet.nwproj').project);
    const p = prepare(ir);
    expect(() => exportOnnx(ir, p.weights, { opset: 12 })).toThrow(/opset 12 is not supported/);
    for (const opset of [18, 20]) {
      const model = buildOnnxModel(ir, p.weights, { opset });
      expect(model.irVersion).toBe(opset === 18 ? 8 : 9);
      const got = await runOnnx(onnx.ModelProto.encode(model).finish(), p.feeds);
      const expected = p.expected as Map<string, Float32Array>;
      expect(maxAbsDiff(got.get(ir.outputs[0]!.name)!.data, expected.get(ir.outputs[0]!.name)!)).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});
