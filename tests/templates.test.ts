/**
 * The curriculum templates in resources/templates: every one listed in
 * index.json loads, compiles to IR without errors, and is ready for a
 * learner (a description, every node placed on the canvas). The published
 * parameter counts are checked through the real `netwright inspect` command.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '../shared/compiler';
import { loadProject, type Project } from '../shared/graph';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEMPLATES = join(ROOT, 'resources/templates');

interface IndexEntry {
  file: string;
  title: string;
  level: 'beginner' | 'intermediate' | 'advanced';
  summary: string;
}

const INDEX = JSON.parse(readFileSync(join(TEMPLATES, 'index.json'), 'utf8')) as IndexEntry[];

/** The built-in datasets a template may name (sine: the regression built-in). */
const DATASETS = ['and', 'or', 'nand', 'xor', 'spirals', 'circles', 'moons', 'blobs', 'iris', 'mnist', 'fashion-mnist', 'reverse-words', 'sine'];

function load(file: string): Project {
  const result = loadProject(readFileSync(join(TEMPLATES, file), 'utf8'));
  if (!result.ok) throw new Error(`${file} does not load:\n${result.errors.map((e) => `${e.code} ${e.message}`).join('\n')}`);
  return result.project;
}

describe('templates index', () => {
  it('lists every template file once, and only files that exist', () => {
    const files = readdirSync(TEMPLATES).filter((f) => f.endsWith('.nwproj')).sort();
    const listed = INDEX.map((e) => e.file);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(files);
  });

  it('includes xor.nwproj, the project the app opens by default', () => {
    expect(INDEX.map((e) => e.file)).toContain('xor.nwproj');
  });

  it.each(INDEX)('$file has a title, a level and a summary', (entry) => {
    expect(entry.title.trim()).not.toBe('');
    expect(['beginner', 'intermediate', 'advanced']).toContain(entry.level);
    expect(entry.summary.trim()).not.toBe('');
  });

  it('runs from beginner to advanced', () => {
    const rank = { beginner: 0, intermediate: 1, advanced: 2 };
    const levels = INDEX.map((e) => rank[e.level]);
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
  });
});

describe.each(INDEX)('template $file', ({ file, title }) => {
  it('loads and compiles to IR without errors', () => {
    const project = load(file);
    const result = compile(project);
    expect(result.errors.map((e) => `${e.code} [${e.node}] ${e.message}`)).toEqual([]);
    expect(result.ir).toBeDefined();
    expect(result.totals.total).toBeGreaterThan(0);
  });

  it('has a description for the learner and the index title as its name', () => {
    const project = load(file);
    expect(project.description?.trim() ?? '').not.toBe('');
    expect(project.name).toBe(title);
  });

  it('places every node on the canvas, no two in the same spot', () => {
    const project = load(file);
    for (const node of project.nodes) expect(node.position, `node "${node.id}" has no position`).toBeDefined();
    const spots = project.nodes.map((n) => `${n.position?.x},${n.position?.y}`);
    expect(new Set(spots).size).toBe(spots.length);
  });

  it('is ready to train on a built-in dataset', () => {
    const project = load(file);
    expect(project.training).toBeDefined();
    expect(DATASETS).toContain(project.dataset?.name);
  });
});

interface InspectJson {
  params: { total: number; trainable: number; nonTrainable: number };
  errors: unknown[];
}

function inspect(file: string): Promise<{ status: number; json: InspectJson }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(ROOT, 'bin/netwright.mjs'), 'inspect', file, '--json'], { cwd: ROOT }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      try {
        resolve({ status, json: JSON.parse(stdout) as InspectJson });
      } catch {
        reject(new Error(`netwright inspect ${file} printed no JSON (status ${status}):\n${stdout}\n${stderr}`));
      }
    });
  });
}

describe('published parameter counts, through `netwright inspect --json`', () => {
  it.each([
    { model: 'Keras MNIST MLP', file: 'resources/templates/mnist-mlp.nwproj', total: 101_770 },
    { model: '784-30-10 MLP', file: 'resources/templates/fashion-mnist-784-30-10.nwproj', total: 23_860 },
    { model: 'LeNet-5', file: 'resources/templates/lenet-5.nwproj', total: 61_706 },
    { model: 'VGG16', file: 'tests/fixtures/vgg16.nwproj', total: 138_357_544 },
  ])('$model has $total parameters', async ({ file, total }) => {
    const { status, json } = await inspect(file);
    expect(json.errors).toEqual([]);
    expect(status).toBe(0);
    expect(json.params.total).toBe(total);
    expect(json.params.nonTrainable).toBe(0);
  });
});
