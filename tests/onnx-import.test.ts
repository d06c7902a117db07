/**
 * ONNX import: Netwright's own exports round-trip (export → import → export
 * gives the same outputs and the same input and output names), models
 * PyTorch wrote (channels-first) import and run on the engine with
 * onnxruntime's outputs, and unreadable files fail with a clear
 * OnnxImportError, never a crash. Ops no layer reads come back as OnnxOp
 * nodes (tests/onnx-op.test.ts tests those in depth).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../shared/compiler';
import { exportOnnx, importOnnx, importOnnxGraph, onnx, OnnxImportError } from '../shared/export/onnx';
import { loadProject } from '../shared/graph';
import { permuteData } from '../shared/export/onnx/layout';
import { irOf, maxAbsDiff, PYTHON, prepare, runOnnx, runReference, type Feed } from './onnx/harness';
import { LAYER_ROWS, rowProject } from './onnx/layer-rows';

const TEMPLATES = fileURLToPath(new URL('../resources/templates/', import.meta.url));
const INDEX = JSON.parse(readFileSync(join(TEMPLATES, 'index.json'), 'utf8')) as { file: string }[];

/** Rows whose export the importer refuses (time-major data it cannot keep apart from the batch), and the node it names. */
const NOT_IMPORTABLE: Record<string, RegExp> = {
  'LSTM gelu (unrolled)': /Gather node/,
  'GRU swish, sequences (unrolled)': /Gather node/,
  'GRU reset_after false, selu (unrolled)': /Gather node/,
  'Bidirectional LSTM concat': /Slice node .* slices data/, // the backward sequence is reversed back
  'Bidirectional SimpleRNN ave, sequences': /Slice node .* slices data/,
};

/** Rows whose export comes back with OnnxOp nodes the engine cannot run, and the op it names. */
const NOT_RUNNABLE: Record<string, RegExp> = {
  'Activation gelu': /ONNX operation Erf cannot run/, // GELU below opset 20 is composed from Erf
};

const CASES = [
  ...INDEX.map((e) => {
    const loaded = loadProject(readFileSync(join(TEMPLATES, e.file), 'utf8'));
    if (!loaded.ok) throw new Error(`${e.file} does not load`);
    return { name: e.file, project: loaded.project };
  }),
  ...LAYER_ROWS.map((r) => ({ name: r.name, project: rowProject(r) })),
];

describe.each(CASES)('round trip of $name', ({ name, project }) => {
  it(NOT_IMPORTABLE[name] ? 'is refused with a message naming the op' : 'export → import → export keeps outputs and names', async () => {
    const ir = irOf(project);
    const p = prepare(ir);
    const first = exportOnnx(ir, p.weights);
    const refusal = NOT_IMPORTABLE[name];
    if (refusal) {
      expect(() => importOnnxGraph(first)).toThrow(OnnxImportError);
      expect(() => importOnnxGraph(first)).toThrow(refusal);
      return;
    }
    const imported = await importOnnx(first);
    expect(imported.project.nodes.every((n) => n.position)).toBe(true);
    // ONNX export keeps OnnxOp nodes as the ops they were; the engine runs what it can.
    const kept = compile(imported.project, { keepOnnxOps: true });
    expect(kept.errors).toEqual([]);
    const again = compile(imported.project);
    const cannotRun = NOT_RUNNABLE[name];
    if (cannotRun) {
      expect(again.errors.length).toBeGreaterThan(0);
      for (const e of again.errors) expect([e.code, e.message]).toEqual(['NW032', expect.stringMatching(cannotRun)]);
    } else {
      expect(again.errors).toEqual([]);
    }
    const second = exportOnnx(kept.ir!, imported.weights);
    const [a, b] = [await runOnnx(first, p.feeds), await runOnnx(second, p.feeds)];
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [output, value] of a) expect(maxAbsDiff(b.get(output)!.data, value.data), output).toBeLessThanOrEqual(1e-6);
    // The engine runs the imported graph as it ran the original.
    if (again.ir && !('error' in p.expected)) {
      const engine = runReference(again.ir!, imported.weights, p.feeds);
      for (const [output, value] of p.expected) expect(maxAbsDiff(engine.get(output)!, value), output).toBeLessThanOrEqual(1e-5);
    }
  });
});

describe('models written by PyTorch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netwright-torch-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const made = spawnSync(PYTHON, [fileURLToPath(new URL('./onnx/torch-models.py', import.meta.url)), dir], { encoding: 'utf8' });
  const models = made.status === 0 ? (JSON.parse(made.stdout) as { name: string; path: string; shape: number[] }[]) : [];

  it('are written (Debian\'s python3-torch)', () => {
    expect(made.stderr && made.status !== 0 ? made.stderr : '').toBe('');
    expect(models.length).toBeGreaterThan(0);
  });

  it.each(models)('$name imports channels-last and matches onnxruntime on the engine', async ({ path, shape }) => {
    const bytes = readFileSync(path);
    const imported = await importOnnx(bytes);
    const ir = irOf(imported.project);
    const input = imported.inputs[0]!;
    const count = shape.reduce((a, d) => a * d, 1);
    const nchw = Float32Array.from({ length: count }, (_, i) => Math.sin(i * 0.37) * 1.5);
    const expected = await runOnnx(bytes, [{ name: 'x', dtype: 'f32', dims: shape, data: nchw }]);
    // ONNX stores the input as `perm` of Netwright's channels-last axes: undo it for the engine.
    const logicalDims = shape.map((_, j) => shape[input.perm.indexOf(j)]!);
    const nhwc = permuteData(nchw, shape, input.perm.map((_, j) => input.perm.indexOf(j)));
    const feed: Feed = { name: input.name, dtype: 'f32', dims: logicalDims, data: nhwc };
    const got = runReference(ir, imported.weights, [feed]);
    expect(maxAbsDiff(got.get('y')!, expected.get('y')!.data)).toBeLessThanOrEqual(1e-4);
  });
});

describe('files that cannot be read', () => {
  const xor = (() => {
    const loaded = loadProject(readFileSync(join(TEMPLATES, 'xor.nwproj'), 'utf8'));
    if (!loaded.ok) throw new Error('xor does not load');
    const ir = irOf(loaded.project);
    return exportOnnx(ir, prepare(ir, 1).weights);
  })();
  const reencode = (edit: (m: ReturnType<typeof onnx.ModelProto.decode>) => void) => {
    const m = onnx.ModelProto.decode(xor);
    edit(m);
    return onnx.ModelProto.encode(m).finish();
  };

  it.each([
    ['a truncated file', () => xor.subarray(0, Math.floor(xor.length * 0.6)), /truncated|not ONNX|no graph/],
    ['bytes that are not protobuf', () => Uint8Array.from({ length: 300 }, (_, i) => (i * 73 + 11) % 256), /not a readable ONNX model|not an ONNX model/],
    ['a JSON file', () => new Uint8Array(Buffer.from('{"format": "netwright", "nodes": []}')), /ONNX/],
    ['an empty file', () => new Uint8Array(0), /not an ONNX model/],
    ['an unknown opset', () => reencode((m) => (m.opsetImport![0]!.version = 99)), /opset 99; Netwright reads opsets up to/],
    ['a missing external-data file', () => reencode((m) => {
      const t = m.graph!.initializer![0]!;
      t.rawData = new Uint8Array(0);
      t.dataLocation = 1;
      t.externalData = [{ key: 'location', value: 'weights.bin' }];
    }), /external-data file "weights.bin", which is missing/],
    ['an op that would mix the samples of a batch', () => reencode((m) => (m.graph!.node![0]!.opType = 'Shape')), /ONNX op Shape .* cannot be kept as an ONNX operation: .*no batch axis/],
    ['a non-standard op whose shape the model does not record', () => reencode((m) => (m.graph!.node![0]!.domain = 'com.microsoft')), /"Gemm" from the "com.microsoft" domain .* does not record the shape/],
    ['an op with a graph attribute', () => reencode((m) => {
      m.graph!.node![0]!.opType = 'Frobnicate';
      m.graph!.node![0]!.attribute = [{ name: 'body', type: onnx.AttributeProto.AttributeType.GRAPH, g: { name: 'inner' } }];
    }), /attribute "body" holds a graph/],
  ] as const)('%s gets an OnnxImportError', (_name, bytes, message) => {
    let error: unknown;
    try {
      importOnnxGraph(bytes());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OnnxImportError);
    expect((error as Error).message).toMatch(message);
  });

  it('reads external data when the file is there', () => {
    const m = onnx.ModelProto.decode(xor);
    const t = m.graph!.initializer![0]!;
    const data = t.rawData!;
    t.rawData = new Uint8Array(0);
    t.dataLocation = 1;
    t.externalData = [{ key: 'location', value: 'weights.bin' }, { key: 'offset', value: '4' }];
    const file = new Uint8Array(4 + data.length);
    file.set(data, 4);
    const bytes = onnx.ModelProto.encode(m).finish();
    const a = importOnnxGraph(xor);
    const b = importOnnxGraph(bytes, { readExternal: (location) => (location === 'weights.bin' ? file : undefined) });
    expect([...b.weights]).toEqual([...a.weights]);
  });
});
