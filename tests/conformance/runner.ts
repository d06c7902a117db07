/**
 * ONNX conformance: ONNX's own backend test models (Debian's
 * libonnx-testdata) imported into Netwright and run on the engine's
 * reference backend, against the expected outputs shipped with them.
 *
 * A model is applicable when it imports and compiles, so the engine can run
 * it: ops with no Netwright layer import as OnnxOp nodes, and count when the
 * engine can compute them. Models whose kept ops it cannot run (Acos,
 * Einsum, …) are not applicable ("kept": they import and export, but do not
 * run), and neither are models the importer refuses (rank-1 inputs, ops that
 * mix a batch's samples), each with the reason. An applicable model passes
 * when every test data set's outputs match within ONNX's backend-test
 * tolerance (|Δ| ≤ 1e-7 + 1e-3·|expected|, loosened to an absolute 1e-4 for
 * the engine's float32 sums). Anything else fails, with the reason.
 *
 * Every model that imports must also export back to ONNX, with each OnnxOp
 * written as the op it was (type, domain and attributes); a model that does
 * not fails, applicable or not.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compile } from '../../shared/compiler';
import { exportOnnx, type IModelProto, importOnnxGraph, onnx, OnnxImportError } from '../../shared/export/onnx';
import { attributeOf } from '../../shared/export/onnx/import-generic';
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
  /** It imports with OnnxOp nodes the engine cannot run: kept and exported, but not run. */
  readonly kept?: boolean;
}

export interface Summary {
  readonly total: number;
  readonly applicable: number;
  readonly passed: number;
  /** Not applicable, but imported: ops the engine cannot run, kept as OnnxOp nodes. */
  readonly kept: number;
  readonly failed: string[];
}

/** Exports the imported project to ONNX; the reason when it fails or an OnnxOp does not come back as it was. */
function reexport(project: Parameters<typeof compile>[0], weights: ReadonlyMap<string, Float32Array>): string | undefined {
  const kept = compile(project, { keepOnnxOps: true });
  if (!kept.ir) return undefined; // not even shapes: reported as not applicable
  let model: IModelProto;
  try {
    model = onnx.ModelProto.decode(exportOnnx(kept.ir, weights));
  } catch (e) {
    return `the ONNX export failed: ${(e as Error).message}`;
  }
  for (const n of project.nodes) {
    if (n.type !== 'OnnxOp') continue;
    const op = String(n.params['op_type']);
    const written = model.graph!.node!.find((m) => m.name === `${n.id}/${op}`);
    if (!written) return `the OnnxOp "${n.id}" (${op}) is not written back`;
    const want = JSON.stringify(n.params['attributes'] ?? {});
    const got = JSON.stringify(Object.fromEntries((written.attribute ?? []).map((a) => [a.name, attributeOf(a)])));
    if (got !== want) return `the OnnxOp "${n.id}" (${op}) is written back with the attributes ${got}, not ${want}`;
  }
  return undefined;
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
  const exportProblem = reexport(imported.project, imported.weights);
  if (exportProblem) return result('failed', exportProblem);
  const compiled = compile(imported.project);
  if (!compiled.ir) {
    const kept = compiled.errors.length > 0 && compiled.errors.every((e) => e.code === 'NW032');
    return { ...result('not applicable', `imports, but does not ${kept ? 'run' : 'compile'}: ${compiled.errors[0]?.message ?? ''}`), kept };
  }
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
    kept: results.filter((r) => r.kept).length,
    failed: applicable.filter((r) => r.outcome === 'failed').map((r) => `${r.suite}/${r.name}`),
  };
}
