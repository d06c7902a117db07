/**
 * What the ONNX tests share: a model exported with test weights, the engine's
 * reference backend's outputs for random inputs, onnxruntime-node's outputs
 * for the same inputs, and the Python checks (Debian's python3-onnx), run for
 * many files in one process.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { compile } from '../../shared/compiler';
import type { IRGraph } from '../../shared/ir/graph';
import { startsConstant } from '../../shared/layers/initializers';
import { buildPlan } from '../../src-main/engine/plan/build-plan';
import type { Plan } from '../../src-main/engine/plan/types';
import { Random } from '../../src-main/engine/random';
import { ReferenceExecutor } from '../../src-main/engine/reference/executor';

export const PYTHON = process.env['NETWRIGHT_PYTHON'] ?? '/usr/bin/python3';

export interface Feed {
  readonly name: string;
  readonly dtype: 'f32' | 'i32';
  readonly dims: number[];
  readonly data: Float32Array | Int32Array;
}

export interface Prepared {
  readonly ir: IRGraph;
  readonly weights: Map<string, Float32Array>;
  readonly feeds: Feed[];
  /** The reference backend's outputs by output name, or why it could not run the model. */
  readonly expected: Map<string, Float32Array> | { error: string };
}

export function irOf(project: Parameters<typeof compile>[0]): IRGraph {
  const result = compile(project);
  if (!result.ir) throw new Error(`does not compile: ${result.errors.map((e) => `${e.code} [${e.node}] ${e.message}`).join('; ')}`);
  return result.ir;
}

/**
 * The engine's initial weights, then perturbed where initialisers give
 * constants (biases, BatchNormalization's γ, β and statistics), so that
 * every weight's placement is actually tested.
 */
export function testWeights(exec: ReferenceExecutor, seed: number): Map<string, Float32Array> {
  const rng = new Random(seed);
  const weights = new Map<string, Float32Array>();
  exec.plan.tensors.forEach((t, i) => {
    if (t.role !== 'param' || t.viewOf !== undefined) return;
    const data = exec.read(i) as Float32Array;
    if (t.name.endsWith('moving_variance')) data.forEach((_, k) => (data[k] = 0.5 + rng.next()));
    else if (t.init && startsConstant(t.init)) data.forEach((v, k) => (data[k] = v + (rng.next() - 0.5) * 0.4));
    weights.set(t.name, Float32Array.from(data));
  });
  return weights;
}

function fallbackWeights(ir: IRGraph, seed: number): Map<string, Float32Array> {
  const rng = new Random(seed);
  const weights = new Map<string, Float32Array>();
  for (const n of ir.nodes) {
    if (n.op === 'param') weights.set(String(n.arg['name']), Float32Array.from({ length: n.shape.reduce((a, d) => a * d, 1) }, () => rng.next()));
  }
  return weights;
}

/** Runs the inference plan on random inputs; token ids stay below every embedding's vocabulary. */
export function prepare(ir: IRGraph, batch = 3, seed = 1): Prepared {
  let plan: Plan;
  try {
    plan = buildPlan(ir, { batch });
  } catch (e) {
    // Export still needs weights; without a plan, make them from each param's shape.
    return { ir, weights: fallbackWeights(ir, seed), feeds: [], expected: { error: `the engine cannot plan this model: ${(e as Error).message}` } };
  }
  const exec = new ReferenceExecutor(plan, seed);
  const weights = testWeights(exec, seed + 100);
  const vocab = Math.min(1 << 20, ...ir.nodes.filter((n) => n.op === 'gather').map((n) => ir.nodes[n.src[0]!]!.shape[0]!));
  const rng = new Random(seed + 200);
  const feeds = ir.inputs.map((id, k): Feed => {
    const node = ir.nodes[id]!;
    const dims = node.shape.map((d, i) => (i === 0 ? batch : d));
    const data = exec.read(plan.inputs[k]!);
    for (let i = 0; i < data.length; i++) data[i] = node.dtype === 'i32' ? Math.floor(rng.next() * vocab) : rng.next() * 2 - 1;
    return { name: String(node.arg['name']), dtype: node.dtype, dims, data: data.slice() };
  });
  try {
    exec.run({ update: false });
  } catch (e) {
    return { ir, weights, feeds, expected: { error: `the reference backend cannot run this model: ${(e as Error).message}` } };
  }
  const expected = new Map(ir.outputs.map((o, k) => [o.name, Float32Array.from(exec.read(plan.outputs[k]!))]));
  return { ir, weights, feeds, expected };
}

export async function runOnnx(model: Uint8Array, feeds: readonly Feed[]): Promise<Map<string, { data: Float32Array; dims: readonly number[] }>> {
  const session = await ort.InferenceSession.create(model);
  try {
    const inputs = Object.fromEntries(feeds.map((f) => [f.name, new ort.Tensor(f.dtype === 'i32' ? 'int32' : 'float32', f.data, f.dims)]));
    const out = await session.run(inputs);
    return new Map(Object.entries(out).map(([name, t]) => [name, { data: Float32Array.from(t.data as Float32Array), dims: t.dims }]));
  } finally {
    await session.release();
  }
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return Number.isNaN(worst) ? Infinity : worst;
}

/** Runs onnx.checker (full) and strict shape inference on each file, in one Python process. */
export function checkWithPython(paths: readonly string[]): Map<string, string | null> {
  const script = fileURLToPath(new URL('./check.py', import.meta.url));
  const run = spawnSync(PYTHON, [script], { input: JSON.stringify(paths), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error || run.status !== 0) {
    throw new Error(`Could not run ${PYTHON} ${script}: ${run.error?.message ?? run.stderr}\nInstall Debian's python3-onnx (apt-get install -y python3-onnx), or set NETWRIGHT_PYTHON.`);
  }
  return new Map(Object.entries(JSON.parse(run.stdout) as Record<string, string | null>));
}

/** Runs a project on the reference backend with the given weights (by IR param name) and inputs (in the IR's layout). */
export function runReference(ir: IRGraph, weights: ReadonlyMap<string, Float32Array>, feeds: readonly Feed[]): Map<string, Float32Array> {
  const plan = buildPlan(ir, { batch: feeds[0]!.dims[0]! });
  const exec = new ReferenceExecutor(plan, 0);
  plan.tensors.forEach((t, i) => {
    if (t.role !== 'param' || t.viewOf !== undefined) return;
    const w = weights.get(t.name);
    if (!w) throw new Error(`no weight "${t.name}"`);
    exec.write(i, w);
  });
  plan.inputs.forEach((id, k) => exec.write(id, feeds[k]!.data));
  exec.run({ update: false });
  return new Map(ir.outputs.map((o, k) => [o.name, Float32Array.from(exec.read(plan.outputs[k]!))]));
}
