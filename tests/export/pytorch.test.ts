/**
 * The PyTorch export, checked with real PyTorch (Debian's python3-torch 1.13
 * under /usr/bin/python3):
 *   - for every template and a table of small graphs covering every layer
 *     type, the exported module loads the exported weights and its outputs
 *     match the engine's reference backend within 1e-4;
 *   - every template's train.py runs a short epoch on small data, on one
 *     process and under torchrun with --distributed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../shared/graph/schema';
import { exportPytorch } from '../../shared/export/pytorch';
import { buildPytorchModel } from '../../shared/export/pytorch/model';
import { runEngine } from './engine';
import { LAYER_GRAPHS, missingLayerTypes, projectOf } from './layer-graphs';
import { PYTHON, runPython, templates, writeFiles } from './python';

const TOLERANCE = 1e-4;

interface Comparison {
  id: string;
  max_diff: number | null;
  error: string | null;
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'netwright-pytorch-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Exports each project with the engine's weights and asks PyTorch for its
 * outputs on the engine's inputs. A project the engine cannot run yet, or
 * the exporter cannot export, gets its reason instead of a comparison.
 */
function compareWithEngine(table: string, projects: Project[]): Map<string, Comparison> {
  const failures = new Map<string, Comparison>();
  const cases = projects.flatMap((project, i) => {
    try {
      const run = runEngine(project);
      const dir = join(work, table, String(i));
      writeFiles(dir, exportPytorch(project, run.weights).files);
      const model = buildPytorchModel(project);
      return [{
        id: project.name, dir, class: model.className,
        inputs: run.inputs.map((s, k) => ({ id: model.inputs[k]!.id, shape: s.shape, data: s.data })),
        outputs: run.outputs.map((s, k) => ({ id: model.outputs[k]!.id, shape: s.shape, data: s.data })),
      }];
    } catch (e) {
      failures.set(project.name, { id: project.name, max_diff: null, error: (e as Error).message });
      return [];
    }
  });
  const results = runPython<Comparison[]>('./check_pytorch.py', cases);
  return new Map([...failures, ...results.map((r): [string, Comparison] => [r.id, r])]);
}

function expectMatch(result: Comparison | undefined): void {
  expect(result, 'no result came back').toBeDefined();
  expect(result!.error, result!.error ?? '').toBeNull();
  expect(result!.max_diff).toBeLessThanOrEqual(TOLERANCE);
}

describe('PyTorch export: outputs match the engine', () => {
  it('has a row for every layer type', () => {
    expect(missingLayerTypes(LAYER_GRAPHS)).toEqual([]);
  });

  describe('layer table', () => {
    let results: Map<string, Comparison>;
    beforeAll(() => {
      results = compareWithEngine('layers', LAYER_GRAPHS.map(projectOf));
    }, 240_000);
    it.each(LAYER_GRAPHS.map((g) => g.name))('%s', (name) => expectMatch(results.get(name)));
  });

  describe('templates', () => {
    const all = templates();
    let results: Map<string, Comparison>;
    beforeAll(() => {
      results = compareWithEngine('templates', all.map((t) => t.project));
    }, 240_000);
    it.each(all.map((t) => [t.file, t.project.name]))('%s', (_file, name) => expectMatch(results.get(name)));
  });

  it('fails, naming the layer, when the weights do not fit the model', () => {
    const project = projectOf(LAYER_GRAPHS[0]!);
    expect(() => exportPytorch(project, new Map([['d/kernel', new Float32Array(3)]]))).toThrow(/layer "d".*kernel/);
  });
});

/** Small random data shaped like each template's dataset, for the datasets that are files (MNIST, Fashion-MNIST). */
function smallData(project: Project, dir: string): string[] {
  if (!['mnist', 'fashion-mnist'].includes(project.dataset?.name ?? '')) return [];
  const input = project.nodes.find((n) => n.type === 'Input')!.params['shape'] as number[];
  const path = join(dir, 'small.npz');
  const code = `import numpy as np; rng = np.random.default_rng(0); np.savez(${JSON.stringify(path)}, x=rng.random((48, ${input.join(', ')}), dtype=np.float32), y=rng.integers(0, 10, 48))`;
  const run = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return ['--data', path];
}

describe('PyTorch export: train.py', () => {
  const all = templates();
  let results: Map<string, { error: string | null; output: string }>;
  const dirs = new Map<string, string>();
  beforeAll(() => {
    const cases = all.map(({ file, project }) => {
      const dir = join(work, 'train', file);
      writeFiles(dir, exportPytorch(project, runEngine(project).weights).files);
      dirs.set(file, dir);
      return { id: file, dir, args: ['--epochs', '1', '--max-steps', '2', '--out', join(dir, 'trained.safetensors'), ...smallData(project, dir)] };
    });
    results = new Map(runPython<{ id: string; error: string | null; output: string }[]>('./run_train.py', cases).map((r) => [r.id, r]));
  }, 300_000);

  it.each(all.map((t) => t.file))('%s trains for a short epoch and saves weights that load_weights reads', (file) => {
    const r = results.get(file)!;
    expect(r.error, r.error ?? '').toBeNull();
    expect(r.output).toMatch(/Epoch 1\/1 {2}loss \d/);
    expect(existsSync(join(dirs.get(file)!, 'trained.safetensors'))).toBe(true);
  });

  it.each(['xor.nwproj', 'lenet-5.nwproj'])('%s trains under torchrun --nproc_per_node=1 with --distributed', (file) => {
    const dir = dirs.get(file)!;
    const project = all.find((t) => t.file === file)!.project;
    // Debian's torch 1.13 on Python 3.11 needs explicit --redirects/--tee (their default "0" no longer parses).
    const launcher = existsSync('/usr/bin/torchrun') ? ['/usr/bin/torchrun'] : [PYTHON, '-m', 'torch.distributed.run'];
    const args = [...launcher.slice(1), '--standalone', '--nproc_per_node=1', '--redirects', '1', '--tee', '1',
      'train.py', '--distributed', '--device', 'cpu', '--epochs', '1', '--max-steps', '2', '--out', 'distributed.safetensors', ...smallData(project, dir)];
    const run = spawnSync(launcher[0]!, args, { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/Training on cpu x 1/);
    expect(run.stdout).toMatch(/Epoch 1\/1/);
    expect(existsSync(join(dir, 'distributed.safetensors'))).toBe(true);
  }, 120_000);
});
