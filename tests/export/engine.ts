/**
 * The engine's side of the export tests: runs a project's inference plan on
 * the reference backend with weights that exercise every conversion (biases
 * and normalisation statistics away from their 0/1 starting values) and
 * random inputs, and returns the weights, inputs and outputs to compare with.
 */
import { compile } from '../../shared/compiler';
import type { Project } from '../../shared/graph/schema';
import { buildPlan } from '../../src-main/engine/plan/build-plan';
import { ReferenceExecutor } from '../../src-main/engine/reference/executor';
import { Random } from '../../src-main/engine/random';

export interface Sample {
  readonly shape: number[];
  readonly dtype: 'f32' | 'i32';
  readonly data: number[];
}

export interface EngineRun {
  readonly weights: Map<string, Float32Array>;
  readonly inputs: Sample[];
  readonly outputs: Sample[];
}

export class EngineMissingError extends Error {
  override readonly name = 'EngineMissingError';
}

export function runEngine(project: Project, batch = 2, seed = 1): EngineRun {
  const result = compile(project);
  if (!result.ir) throw new Error(`${project.name} does not compile: ${result.errors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  let exec: ReferenceExecutor;
  try {
    exec = new ReferenceExecutor(buildPlan(result.ir, { batch }), seed);
  } catch (e) {
    throw new EngineMissingError(`the engine cannot run "${project.name}" yet: ${(e as Error).message}`);
  }
  const plan = exec.plan;
  const rng = new Random(seed + 100);
  const weights = new Map<string, Float32Array>();
  plan.tensors.forEach((t, id) => {
    if (t.role !== 'param' || t.viewOf !== undefined) return; // a view shares its weight's data
    const data = exec.read(id) as Float32Array;
    for (let i = 0; i < data.length; i++) data[i] = t.name.endsWith('moving_variance') ? 0.5 + rng.next() : data[i]! + 0.2 * rng.normal();
    weights.set(t.name, Float32Array.from(data));
  });
  const inputs = plan.inputs.map((id): Sample => {
    const t = plan.tensors[id]!;
    const data = exec.read(id);
    for (let i = 0; i < data.length; i++) data[i] = t.dtype === 'i32' ? Math.floor(rng.next() * 5) : rng.normal();
    return { shape: [...t.shape], dtype: t.dtype, data: Array.from(data) };
  });
  try {
    exec.run();
  } catch (e) {
    throw new EngineMissingError(`the reference backend cannot run "${project.name}" yet: ${(e as Error).message}`);
  }
  const outputs = plan.outputs.map((id): Sample => ({ shape: [...plan.tensors[id]!.shape], dtype: 'f32', data: Array.from(exec.read(id)) }));
  return { weights, inputs, outputs };
}
