/**
 * The Keras export. Debian has no Keras or TensorFlow, so the generated code
 * is compiled with py_compile and its structure read with Python's ast
 * (inspect_keras.py): for every template, each layer's class and the
 * arguments the project sets, Sequential for a plain stack and the
 * Functional API for branches, compile and fit with the project's settings,
 * and one .npy file per weight with the engine's values. The table of small
 * graphs checks that every layer type exports to code that compiles, with
 * its own class.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../shared/compiler';
import { exportKeras } from '../../shared/export/keras';
import type { Project } from '../../shared/graph/schema';
import { getLayer, parseParams } from '../../shared/layers';
import { runEngine } from './engine';
import { LAYER_GRAPHS, projectOf } from './layer-graphs';
import { runPython, templates, writeFiles } from './python';

interface FoundLayer {
  class: string | null;
  args: unknown[];
  kwargs: Record<string, unknown>;
  inputs: string[];
}

interface Inspection {
  id: string;
  error: string | null;
  compiled: string[];
  model: 'Sequential' | 'Functional' | null;
  layers: FoundLayer[];
  compile: Record<string, string> | null;
  fit: Record<string, string> | null;
  weights: Record<string, [name: string, shape: number[] | null, sum: number | null, dtype: string | null][]>;
}

/**
 * Keras 3's positional parameters, from its own signatures (keras/src/layers):
 * the golden reference for which argument is which.
 */
const KERAS_POSITIONAL: Record<string, string[]> = {
  Dense: ['units'], Activation: ['activation'], Dropout: ['rate'], Reshape: ['target_shape'], Permute: ['dims'], RepeatVector: ['n'],
  Conv1D: ['filters', 'kernel_size'], Conv2D: ['filters', 'kernel_size'], Conv2DTranspose: ['filters', 'kernel_size'], DepthwiseConv2D: ['kernel_size'],
  Embedding: ['input_dim', 'output_dim'], SimpleRNN: ['units'], GRU: ['units'], LSTM: ['units'], Bidirectional: ['layer'], TimeDistributed: ['layer'],
};

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'netwright-keras-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function inspectAll(table: string, projects: Project[], weights: (p: Project) => Map<string, Float32Array> | undefined): Map<string, Inspection> {
  const cases = projects.map((project, i) => {
    const dir = join(work, table, String(i));
    writeFiles(dir, exportKeras(project, weights(project)).files);
    return { id: project.name, dir };
  });
  return new Map(runPython<Inspection[]>('./inspect_keras.py', cases).map((r) => [r.id, r]));
}

/** A value as ast.literal_eval gives it back through JSON: tuples are lists, one-number sizes are numbers. */
function normalise(value: unknown): unknown {
  if (value && typeof value === 'object' && 'source' in value) return (value as { source: string }).source;
  return value;
}

/** Checks one layer call against the canvas node: its class, its name, and every parameter the project sets. */
function expectLayer(found: FoundLayer | undefined, type: string, rawParams: Record<string, unknown>, name?: string): void {
  expect(found, `no layer call for ${type}`).toBeDefined();
  expect(found!.class).toBe(type);
  if (name !== undefined) expect(found!.kwargs['name']).toBe(name);
  const def = getLayer(type)!;
  const { values } = parseParams(def.params, rawParams);
  const positional = KERAS_POSITIONAL[type] ?? [];
  for (const param of Object.keys(rawParams)) {
    const at = positional.indexOf(param);
    const got = normalise(at >= 0 ? found!.args[at] : found!.kwargs[param]);
    const want = values[param];
    if (param === 'layer') {
      const inner = want as { type: string; params: Record<string, unknown> };
      expectLayer(got as FoundLayer, inner.type, inner.params);
      continue;
    }
    if (JSON.stringify(want) === JSON.stringify(def.params[param]!.default) && got === undefined) continue; // a default need not be written
    const oneNumber = Array.isArray(want) && want.length === 1 && typeof got === 'number';
    expect(oneNumber ? [got] : got, `${type}.${param}`).toEqual(want);
  }
}

describe('Keras export: templates, read with ast', () => {
  const all = templates();
  const engineWeights = new Map(all.map((t) => [t.project.name, runEngine(t.project).weights]));
  let results: Map<string, Inspection>;
  beforeAll(() => {
    results = inspectAll('templates', all.map((t) => t.project), (p) => engineWeights.get(p.name));
  }, 120_000);

  describe.each(all.map((t) => [t.file, t.project] as const))('%s', (_file, project) => {
    const get = () => {
      const r = results.get(project.name)!;
      expect(r.error, r.error ?? '').toBeNull();
      return r;
    };

    it('compiles: model.py, train.py and data.py', () => {
      expect(get().compiled).toEqual(['data.py', 'model.py', 'train.py']);
    });

    it('builds each canvas node as its Keras layer, with the arguments the project sets', () => {
      const r = get();
      expect(r.layers.map((l) => l.class)).toEqual(project.nodes.map((n) => n.type));
      project.nodes.forEach((node, i) => {
        const found = r.layers[i]!;
        if (node.type === 'Input') {
          expect(found.kwargs['shape']).toEqual(node.params['shape']);
          return;
        }
        expectLayer(found, node.type, node.params, node.id);
      });
    });

    it('uses Sequential for a plain stack and the Functional API for branches', () => {
      const branches = project.edges.some((e) => e.targetHandle !== undefined);
      expect(get().model).toBe(branches ? 'Functional' : 'Sequential');
      if (branches) {
        // Each merge takes its inputs in the project's slot order.
        for (const node of project.nodes.filter((n) => project.edges.some((e) => e.target === n.id && e.targetHandle))) {
          const sources = project.edges.filter((e) => e.target === node.id).sort((a, b) => a.targetHandle!.localeCompare(b.targetHandle!)).map((e) => e.source);
          expect(get().layers.find((l) => l.kwargs['name'] === node.id)!.inputs).toEqual([`[${sources.join(', ')}]`]);
        }
      }
    });

    it('compiles and fits with the project\'s loss, optimizer, metrics, epochs and batch size', () => {
      const t = project.training!;
      const r = get();
      const lossClass = t.loss.split('_').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
      expect(r.compile!['loss']).toContain(`keras.losses.${lossClass}(`);
      if (t.loss.includes('crossentropy')) expect(r.compile!['loss']).toContain(`from_logits=${t.fromLogits ? 'True' : 'False'}`);
      const optimizer = { sgd: 'SGD', adagrad: 'Adagrad', rmsprop: 'RMSprop', adam: 'Adam', adamw: 'AdamW' }[t.optimizer.type];
      expect(r.compile!['optimizer']).toMatch(new RegExp(`^keras\\.optimizers\\.${optimizer}\\(learning_rate=args\\.learning_rate`));
      if (t.optimizer.momentum) expect(r.compile!['optimizer']).toContain(`momentum=${t.optimizer.momentum}`);
      if (t.optimizer.nesterov) expect(r.compile!['optimizer']).toContain('nesterov=True');
      if (t.metrics.includes('accuracy')) expect(r.compile!['metrics']).toContain("'accuracy'");
      expect(r.fit).toMatchObject({ epochs: 'args.epochs', batch_size: 'args.batch_size', validation_split: 'VALIDATION_SPLIT' });
    });

    it('writes one .npy per weight, in Keras\'s shape, with the engine\'s values', () => {
      const r = get();
      const shapes = compile(project).shapes;
      const weights = engineWeights.get(project.name)!;
      const expected = project.nodes.filter((n) => shapes.get(n.id)!.weights.length > 0);
      expect(Object.keys(r.weights)).toEqual(expected.map((n) => n.id));
      for (const node of expected) {
        const specs = shapes.get(node.id)!.weights;
        expect(r.weights[node.id]!.map(([name]) => name)).toEqual(specs.map((s) => s.name));
        r.weights[node.id]!.forEach(([name, shape, sum, dtype], k) => {
          expect(shape).toEqual(specs[k]!.shape);
          expect(dtype).toBe('float32');
          const want = weights.get(`${node.id}/${name}`)!.reduce((a, v) => a + v, 0);
          expect(sum!).toBeCloseTo(want, 3);
        });
      }
    });
  });
});

describe('Keras export: every layer type', () => {
  let results: Map<string, Inspection>;
  beforeAll(() => {
    results = inspectAll('layers', LAYER_GRAPHS.map(projectOf), () => undefined);
  }, 120_000);

  it.each(LAYER_GRAPHS.map((g) => g.name))('%s compiles, with each node as its own Keras layer', (name) => {
    const row = LAYER_GRAPHS.find((g) => g.name === name)!;
    const r = results.get(name)!;
    expect(r.error, r.error ?? '').toBeNull();
    expect(r.compiled).toEqual(['data.py', 'model.py', 'train.py']);
    // An OnnxOp is a Lambda applying the Keras op (keras.ops.abs…).
    expect(r.layers.map((l) => l.class)).toEqual(row.nodes.map(([, type]) => (type === 'OnnxOp' ? 'Lambda' : type)));
    row.nodes.forEach(([id, type, params], i) => {
      if (type !== 'Input' && type !== 'ZeroPadding2D' && type !== 'OnnxOp') expectLayer(r.layers[i], type, params ?? {}, id);
    });
  });

  it('writes ZeroPadding2D\'s four paddings as Keras\'s ((top, bottom), (left, right))', () => {
    const r = results.get('ZeroPadding2D')!;
    expect(r.layers[1]!.kwargs['padding']).toEqual([[1, 2], [0, 3]]);
  });

  it('writes the step activation as the custom function', () => {
    const r = results.get('Dense without bias, step')!;
    expect(r.layers[1]!.kwargs['activation']).toEqual({ source: 'step' });
  });
});
