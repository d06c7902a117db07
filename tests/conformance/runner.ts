/**
 * ONNX conformance: ONNX's own backend test models (Debian's
 * libonnx-testdata) imported into Netwright and run on the engine's
 * reference backend, against the expected outputs shipped with them.
 *
 * A model is applicable when it imports and compiles: most node tests
 * exercise ops that have no Netwright layer (Acos, Einsum, …) and are counted
 * as not applicable, with the importer's reason. An applicable model passes
 * when every test data set's outputs match within ONNX's backend-test
 * tolerance (|Δ| ≤ 1e-7 + 1e-3·|expected|, loosened to an absolute 1e-4 for
 * the engine's float32 sums). Anything else fails, with the reason.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compile } from '../../shared/compiler';
import { importOnnxGraph, onnx, OnnxImportError } from '../../shared/export/onnx';
import { permuteData } from '../../shared/export/onnx/layout';
import { readTensor } from '../../shared/export/onnx/tensor-data';
import { buildPlan } from '../../src-main/engine/plan/build-plan';
import { ReferenceExecutor } from '../../src-main/engine/reference/executor';

export const DATA = '/usr/share/libonnx-testdata/data';
export const SUITES = ['node', 'pytorch-converted', 'simple'] as const;

export type Outcome = 'passed' | 'failed' | 'not applicable';

export interface CaseResult {
  readonly suite: string;
  readonly name: string;
  readonly outcome: Outcome;
  readonly note: string;
}

export interface Summary {
  readonly total: number;
  readonly applicable: number;
  readonly passed: number;
  readonly failed: string[];
}

const within = (got: number, want: number) => Math.abs(got - want) <= Math.max(1e-4, 1e-3 * Math.abs(want)) || (Number.isNaN(got) && Number.isNaN(want));

export function runCase(suite: string, dir: string): CaseResult {
  const name = dir.split('/').pop()!;
  const result = (outcome: Outcome, note: string): CaseResult => ({ suite, name, outcome, note });
  let imported;
  try {
    const model = readFileSync(join(dir, 'model.onnx'));
    imported = importOnnxGraph(model, { readExternal: (location) => {
      const file = resolve(dir, location);
      return existsSync(file) ? readFileSync(file) : undefined;
    } });
  } catch (e) {
    if (e instanceof OnnxImportError) return result('not applicable', e.message);
    return result('failed', `the importer crashed: ${(e as Error).stack?.split('\n').slice(0, 2).join(' ') ?? e}`);
  }
  const compiled = compile(imported.project);
  if (!compiled.ir) return result('not applicable', `imports, but does not compile: ${compiled.errors[0]?.message ?? ''}`);
  const ir = compiled.ir;
  const sets = readdirSync(dir).filter((d) => d.startsWith('test_data_set_')).sort();
  if (!sets.length) return result('not applicable', 'no test data');
  try {
    for (const set of sets) {
      const read = (prefix: string) => readdirSync(join(dir, set)).filter((f) => f.startsWith(prefix)).sort((a, b) => parseInt(a.slice(prefix.length)) - parseInt(b.slice(prefix.length)))
        .map((f) => readTensor(onnx.TensorProto.decode(readFileSync(join(dir, set, f)))));
      const inputs = read('input_');
      const expected = read('output_');
      if (inputs.length !== imported.inputs.length) return result('failed', `${inputs.length} inputs in the data, ${imported.inputs.length} in the model`);
      const batch = inputs[0]?.dims[0] ?? 1;
      const plan = buildPlan(ir, { batch });
      const exec = new ReferenceExecutor(plan, 0);
      plan.tensors.forEach((t, i) => {
        if (t.role === 'param' && t.viewOf === undefined) exec.write(i, imported.weights.get(t.name)!);
      });
      imported.inputs.forEach((input, k) => {
        const slot = ir.inputs.findIndex((id) => ir.nodes[id]!.arg['name'] === input.name);
        const data = inputs[k]!;
        const typed = input.dtype === 'i32' ? Int32Array.from(data.data) : Float32Array.from(data.data);
        exec.write(plan.inputs[slot]!, permuteData(typed, data.dims, input.perm.map((_, j) => input.perm.indexOf(j))));
      });
      exec.run({ update: false });
      for (const [k, want] of expected.entries()) {
        const got = exec.read(plan.outputs[k]!);
        if (got.length !== want.data.length) return result('failed', `output ${k} has ${got.length} values, expected ${want.data.length}`);
        let worst = 0;
        for (let i = 0; i < got.length; i++) {
          if (!within(got[i]!, want.data[i]!)) worst = Math.max(worst, Math.abs(got[i]! - want.data[i]!));
        }
        if (worst > 0) return result('failed', `${set} output ${k} differs by up to ${worst.toExponential(2)}`);
      }
    }
  } catch (e) {
    return result('failed', `the engine cannot run it: ${(e as Error).message}`);
  }
  return result('passed', `${imported.project.nodes.map((n) => n.type).filter((t) => t !== 'Input').join(', ')}`);
}

export function runConformance(root = DATA, suites: readonly string[] = SUITES): CaseResult[] {
  const results: CaseResult[] = [];
  for (const suite of suites) {
    const base = join(root, suite);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) {
      const dir = join(base, name);
      if (existsSync(join(dir, 'model.onnx'))) results.push(runCase(suite, dir));
    }
  }
  return results;
}

export function summarise(results: readonly CaseResult[]): Summary {
  const applicable = results.filter((r) => r.outcome !== 'not applicable');
  return {
    total: results.length,
    applicable: applicable.length,
    passed: applicable.filter((r) => r.outcome === 'passed').length,
    failed: applicable.filter((r) => r.outcome === 'failed').map((r) => `${r.suite}/${r.name}`),
  };
}
