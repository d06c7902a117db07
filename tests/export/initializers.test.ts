/**
 * Initialisers in the exports. Keras code names each initialiser the project
 * sets, with Constant written as keras.initializers.Constant(value=…), and its
 * .npy files hold the engine's fresh weights. The PyTorch export carries the
 * same fresh weights in weights.safetensors: loaded into PyTorch, the model
 * gives the engine's outputs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../shared/compiler';
import { exportKeras } from '../../shared/export/keras';
import { exportPytorch } from '../../shared/export/pytorch';
import { buildPytorchModel } from '../../shared/export/pytorch/model';
import type { Project } from '../../shared/graph/schema';
import { initialWeights } from '../../src-main/engine/initial-weights';
import { buildPlan } from '../../src-main/engine/plan/build-plan';
import { Random } from '../../src-main/engine/random';
import { ReferenceExecutor } from '../../src-main/engine/reference/executor';
import { projectOf } from './layer-graphs';
import { runPython, writeFiles } from './python';

const CONSTANT = (value: number) => ({ class_name: 'Constant', config: { value } });
const SEED = 4;

const CONV_DENSE = projectOf({
  name: 'constant initialisers',
  nodes: [
    ['in', 'Input', { shape: [4, 4, 2] }],
    ['c', 'Conv2D', { filters: 3, kernel_size: 2, kernel_initializer: { class_name: 'HeNormal', config: { seed: null } }, bias_initializer: CONSTANT(0.5) }],
    ['flat', 'Flatten'],
    ['d', 'Dense', { units: 2, kernel_initializer: CONSTANT(0.1), bias_initializer: CONSTANT(-0.25) }],
  ],
});

const WRAPPED = projectOf({
  name: 'a wrapped Dense with a constant kernel',
  nodes: [['in', 'Input', { shape: [3, 4] }], ['td', 'TimeDistributed', { layer: { type: 'Dense', params: { units: 2, kernel_initializer: CONSTANT(0.3) } } }]],
});

const fresh = (project: Project) => initialWeights(compile(project).ir!, SEED);
const sum = (values: Float32Array) => values.reduce((a, v) => a + v, 0);

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'netwright-init-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Found {
  class: string | null;
  args: unknown[];
  kwargs: Record<string, unknown>;
}

interface Inspection {
  id: string;
  error: string | null;
  layers: Found[];
  weights: Record<string, [name: string, shape: number[] | null, sum: number | null, dtype: string | null][]>;
}

describe('Keras export of initialisers', () => {
  let results: Map<string, Inspection>;
  beforeAll(() => {
    const cases = [CONV_DENSE, WRAPPED].map((project, i) => {
      const dir = join(work, 'keras', String(i));
      writeFiles(dir, exportKeras(project, fresh(project)).files);
      return { id: project.name, dir };
    });
    results = new Map(runPython<Inspection[]>('./inspect_keras.py', cases).map((r) => [r.id, r]));
  }, 120_000);

  const inspection = (project: Project) => {
    const r = results.get(project.name)!;
    expect(r.error, r.error ?? '').toBeNull();
    return r;
  };

  it('writes names as text and Constant as keras.initializers.Constant(value=…)', () => {
    const [, conv, , dense] = inspection(CONV_DENSE).layers;
    expect(conv!.kwargs['kernel_initializer']).toBe('he_normal');
    expect(conv!.kwargs['bias_initializer']).toEqual({ source: 'keras.initializers.Constant(value=0.5)' });
    expect(dense!.kwargs['kernel_initializer']).toEqual({ source: 'keras.initializers.Constant(value=0.1)' });
    expect(dense!.kwargs['bias_initializer']).toEqual({ source: 'keras.initializers.Constant(value=-0.25)' });
  });

  it('writes the initialiser of a wrapped layer too', () => {
    const inner = inspection(WRAPPED).layers[1]!.args[0] as Found;
    expect(inner.class).toBe('Dense');
    expect(inner.kwargs['kernel_initializer']).toEqual({ source: 'keras.initializers.Constant(value=0.3)' });
  });

  it('saves the constants as the starting weights', () => {
    const weights = fresh(CONV_DENSE);
    const byName = Object.fromEntries(inspection(CONV_DENSE).weights['d']!.map(([name, shape, total]) => [name, { shape, total }]));
    expect(byName['kernel']!.shape).toEqual([27, 2]);
    expect(byName['kernel']!.total).toBeCloseTo(27 * 2 * 0.1, 4);
    expect(byName['bias']!.total).toBeCloseTo(-0.5, 5);
    expect(sum(weights.get('c/bias')!)).toBeCloseTo(1.5, 5);
  });
});

interface Comparison {
  id: string;
  max_diff: number | null;
  error: string | null;
}

describe('PyTorch export of constant-initialised weights', () => {
  it('loads the engine\'s fresh weights and gives the engine\'s outputs', () => {
    const ir = compile(CONV_DENSE).ir!;
    const weights = fresh(CONV_DENSE);
    const exec = new ReferenceExecutor(buildPlan(ir, { batch: 3 }), SEED);
    const { plan } = exec;
    plan.tensors.forEach((t, id) => {
      if (t.role === 'param' && t.viewOf === undefined) exec.write(id, weights.get(t.name)!);
    });
    const rng = new Random(8);
    const x = Array.from({ length: 3 * 4 * 4 * 2 }, () => rng.normal());
    exec.write(plan.inputs[0]!, x);
    exec.run();
    const y = Array.from(exec.read(plan.outputs[0]!));
    // A constant kernel gives every unit the same weighted sum.
    for (let b = 0; b < 3; b++) expect(y[2 * b]).toBeCloseTo(y[2 * b + 1]!, 6);

    const dir = join(work, 'pytorch');
    writeFiles(dir, exportPytorch(CONV_DENSE, weights).files);
    const model = buildPytorchModel(CONV_DENSE);
    const [result] = runPython<Comparison[]>('./check_pytorch.py', [{
      id: CONV_DENSE.name, dir, class: model.className,
      inputs: [{ id: model.inputs[0]!.id, shape: [3, 4, 4, 2], data: x }],
      outputs: [{ id: model.outputs[0]!.id, shape: [3, 2], data: y }],
    }]);
    expect(result!.error, result!.error ?? '').toBeNull();
    expect(result!.max_diff).toBeLessThanOrEqual(1e-4);
  }, 120_000);
});
