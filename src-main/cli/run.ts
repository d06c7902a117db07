/**
 * `netwright run MODEL --input IN.npy -o OUT.npy`: runs a model on the CPU
 * (the engine's reference backend) and saves its output. MODEL is an .onnx
 * file (imported first) or a project, whose weights come from --weights, its
 * PROJECT.safetensors sidecar, or the engine's seeded initialisation.
 *
 * Inputs and outputs are in the model's own layout: an ONNX model that takes
 * NCHW images takes them here too (the engine's channels-last order is an
 * internal matter).
 */
import { readFile, stat } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { compile } from '../../shared/compiler';
import { permuteData, type Perm } from '../../shared/export/onnx/layout';
import type { IRGraph } from '../../shared/ir/graph';
import { parseNpy, encodeNpy } from '../data/npy';
import { buildPlan } from '../engine/plan/build-plan';
import { PlanError } from '../engine/plan/builder';
import { ReferenceExecutor } from '../engine/reference/executor';
import { initialWeights, readWeights } from './export';
import { readOnnx } from './import';
import { weightsBeside } from '../../shared/graph/weights-beside';
import type { Command } from './main';
import { CliError, formatIssue, parseOptions, readProject } from './project-file';

const usage = 'netwright run MODEL --input IN.npy [--input IN2.npy …] [--weights DIR] -o OUT.npy';

interface Loaded {
  readonly ir: IRGraph;
  readonly weights: ReadonlyMap<string, Float32Array>;
  /** Per model input: how the file's axes map to the engine's (ONNX axis j is engine axis perm[j]). */
  readonly perms: readonly Perm[];
}

async function load(model: string, weightsPath: string | undefined): Promise<Loaded> {
  if (/\.onnx$/i.test(model)) {
    const imported = await readOnnx(model, false);
    const result = compile(imported.project);
    if (!result.ir) throw new CliError(`the imported graph does not compile:\n${result.errors.map(formatIssue).join('\n')}`, 1);
    return { ir: result.ir, weights: imported.weights, perms: imported.inputs.map((i) => i.perm) };
  }
  const project = await readProject(model);
  const result = compile(project);
  if (!result.ir) throw new CliError(`the model has errors:\n${result.errors.map(formatIssue).join('\n')}`, 1);
  const sidecar = weightsBeside(model);
  const source = weightsPath ?? ((await stat(sidecar).catch(() => null)) ? sidecar : undefined);
  const weights = source ? await readWeights(source) : initialWeights(result.ir, project.training?.seed ?? 0);
  const ir = result.ir;
  return { ir, weights, perms: ir.inputs.map((id) => ir.nodes[id]!.shape.map((_, i) => i)) };
}

export const runCommand: Command = {
  name: 'run',
  usage,
  summary: 'Run a model (ONNX or project) on NPY inputs, on the CPU, and save its output.',
  async run(args) {
    const { values, positionals } = parseOptions(args, {
      input: { type: 'string', short: 'i', multiple: true },
      weights: { type: 'string', short: 'w' },
      output: { type: 'string', short: 'o' },
    }, usage);
    if (values.help) {
      console.log(`Usage: ${usage}\n\nOne --input per model input, in order; the first axis is the batch. A model with several outputs writes OUT.npy for the first and OUT.<name>.npy for the others.`);
      return 0;
    }
    const [model] = positionals;
    if (!model || positionals.length > 1) throw new CliError(`give exactly one model (.onnx or .nwproj).\nUsage: ${usage}`, 2);
    if (!values.output) throw new CliError(`say where to write the output with -o OUT.npy.\nUsage: ${usage}`, 2);
    const inputs = values.input ?? [];
    const { ir, weights, perms } = await load(model, values.weights);
    if (inputs.length !== ir.inputs.length) throw new CliError(`the model has ${ir.inputs.length} input(s) but ${inputs.length} --input file(s) were given.`, 2);

    const arrays = await Promise.all(inputs.map(async (path) => {
      try {
        return parseNpy(await readFile(path), path);
      } catch (e) {
        throw new CliError(`cannot read "${path}": ${(e as Error).message}`, 2);
      }
    }));
    const batch = arrays[0]!.shape[0]!;
    const plan = buildPlan(ir, { batch });
    const exec = new ReferenceExecutor(plan, 0);
    plan.tensors.forEach((t, i) => {
      if (t.role !== 'param' || t.viewOf !== undefined) return;
      const w = weights.get(t.name);
      if (!w || w.length !== exec.read(i).length) throw new CliError(`the weights have no "${t.name}" of the right size.`, 1);
      exec.write(i, w);
    });
    arrays.forEach((a, k) => {
      const node = ir.nodes[ir.inputs[k]!]!;
      const perm = perms[k]!;
      const want = perm.map((l) => (l === 0 ? batch : node.shape[l]!));
      if (a.shape.length !== want.length || a.shape.some((d, i) => d !== want[i])) {
        throw new CliError(`${inputs[k]} has shape (${a.shape.join(', ')}), but the model's input "${node.arg['name']}" takes (${want.join(', ')}) with the batch first.`, 2);
      }
      const values = node.dtype === 'i32' ? Int32Array.from(a.data) : Float32Array.from(a.data);
      // The file is in the model's layout; the engine wants its own: undo perm.
      const inverse = perm.map((_, j) => perm.indexOf(j));
      exec.write(plan.inputs[k]!, permuteData(values, [...a.shape], inverse));
    });
    try {
      exec.run({ update: false });
    } catch (e) {
      if (e instanceof PlanError) throw new CliError(`the engine cannot run this model: ${e.message}`, 1);
      throw e;
    }
    const written: string[] = [];
    for (const [k, output] of ir.outputs.entries()) {
      const path = k === 0 ? values.output : values.output.replace(/(\.npy)?$/i, `.${output.name}.npy`);
      const shape = ir.nodes[output.node]!.shape.map((d, i) => (i === 0 ? batch : d));
      const data = Float32Array.from(exec.read(plan.outputs[k]!));
      await writeFileAtomic(path, Buffer.from(encodeNpy(shape, data)));
      written.push(`${path} (${shape.join('×')})`);
    }
    console.log(`Ran ${model} on ${batch} sample(s) with the reference backend: wrote ${written.join(', ')}.`);
    return 0;
  },
};
