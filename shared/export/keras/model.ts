/**
 * model.py for Keras 3: build_model() returns the project's model, as a
 * keras.Sequential for a plain stack of layers and with the Functional API
 * where there are branches, merges or several inputs or outputs. Netwright's
 * layer types and parameters are Keras's, so each layer is written
 * `layers.<type>(…)` with the parameters that differ from their defaults;
 * a layer's `keras` hook covers the rest (see hooks.ts).
 */
import { compile, type CompileResult } from '../../compiler';
import type { Project } from '../../graph/schema';
import type { Initializer, LayerDef } from '../../layers/define';
import type { ParamSpec, ParamSpecs } from '../../layers/params';
import { Names, pyBool, pyFloat, pyLiteral, pyString, pyTuple, wrap } from '../pytorch/python';
import type { KerasContext } from './hooks';

export interface KerasModel {
  readonly code: string;
  /** Keras layer name → its weights' names, in Keras's order, with the IR parameter each comes from. */
  readonly weights: ReadonlyMap<string, readonly { readonly name: string; readonly param: string; readonly shape: readonly number[] }[]>;
  readonly sequential: boolean;
  readonly inputs: readonly { readonly name: string; readonly shape: readonly number[]; readonly dtype: 'float32' | 'int32' }[];
  readonly outputs: readonly { readonly name: string; readonly shape: readonly number[] }[];
}

export class KerasExportError extends Error {
  override readonly name = 'KerasExportError';
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Renders a parameter value the way Keras code writes it, knowing its spec. */
function render(spec: ParamSpec | undefined, value: unknown, useStep: () => void): string {
  if (value === null || value === undefined) return 'None';
  if (spec?.kind === 'choice' && value === 'step' && spec.options.includes('step' as never)) {
    useStep();
    return 'step';
  }
  if (spec?.kind === 'float') return pyFloat(value as number);
  if (spec?.kind === 'initializer') return kerasInitializer(value as Initializer);
  if (spec?.kind === 'ints' || spec?.kind === 'shape') {
    const list = value as number[];
    return spec.kind === 'ints' && list.length === 1 ? String(list[0]) : pyTuple(list);
  }
  if (typeof value === 'boolean') return pyBool(value);
  return pyLiteral(value);
}

/** Keras accepts an initialiser by name; Constant needs its class, to carry the value. */
function kerasInitializer(init: Initializer): string {
  return typeof init === 'string' ? pyString(init) : `keras.initializers.Constant(value=${pyFloat(init.value)})`;
}

function isChain(result: CompileResult): boolean {
  const { nodes, order, outputs } = result.wiring;
  const inputs = order.filter((id) => nodes.get(id)!.type === 'Input');
  return inputs.length === 1 && outputs.length === 1 && order.every((id) => nodes.get(id)!.inputs.length <= 1 && nodes.get(id)!.consumers.length <= 1);
}

export function buildKerasModel(project: Project): KerasModel {
  // Written code need not run on Netwright's engine: imported ONNX operations it cannot run still export where they translate.
  const result = compile(project, { keepOnnxOps: true });
  if (!result.ir) {
    throw new KerasExportError(`the model has errors, so it cannot be exported yet:\n${result.errors.map((e) => `  ${e.code}${e.node ? ` [${e.node}]` : ''} ${e.message}`).join('\n')}`);
  }
  const { nodes, order, outputs } = result.wiring;
  const sequential = isChain(result);
  const names = new Names();
  const vars = new Map<string, string>();
  let usesStep = false;
  const useStep = () => void (usesStep = true);

  /** `layers.Type(args…)` for a definition and parameter values; `name` only for canvas nodes. */
  const construct = (def: LayerDef, values: Readonly<Record<string, unknown>>, name?: string): string => {
    const specs = def.params as ParamSpecs;
    const ctx: KerasContext = { value: (v) => render(undefined, v, useStep), construct: (d, v) => construct(d, v) };
    const hook = def.keras;
    let args: string[];
    if (hook?.layer) {
      const other = hook.layer(values as never, ctx);
      return `layers.${other.type}(${[...other.args, ...(name ? [`name=${pyString(name)}`] : [])].join(', ')})`;
    }
    if (hook?.args) args = hook.args(values as never, ctx);
    else {
      const positional = hook?.positional ?? [];
      args = [
        ...positional.map((p) => render(specs[p], values[p], useStep)),
        ...Object.entries(specs)
          .filter(([p, spec]) => !positional.includes(p) && !same(values[p], spec.default))
          .map(([p, spec]) => `${p}=${render(spec, values[p], useStep)}`),
      ];
    }
    return `layers.${def.type}(${[...args, ...(name ? [`name=${pyString(name)}`] : [])].join(', ')})`;
  };

  const lines: string[] = [];
  const weights = new Map<string, { name: string; param: string; shape: readonly number[] }[]>();
  const inputs: { name: string; shape: readonly number[]; dtype: 'float32' | 'int32' }[] = [];
  for (const id of order) {
    const node = nodes.get(id)!;
    const shaped = result.shapes.get(id)!;
    const name = names.take(id);
    vars.set(id, name);
    const comment = `  # ${id}${name === id ? '' : ` (canvas node "${id}")`}: (batch, ${shaped.outputShape.join(', ')})`;
    if (node.type === 'Input') {
      const dtype = node.params['dtype'] === 'int32' ? 'int32' : 'float32';
      inputs.push({ name, shape: shaped.outputShape, dtype });
      const input = `keras.Input(shape=${pyTuple(shaped.outputShape)}${dtype === 'int32' ? ', dtype="int32"' : ''}, name=${pyString(name)})`;
      lines.push(sequential ? `${input},` : `${name} = ${input}`);
      continue;
    }
    if (shaped.weights.length) weights.set(name, shaped.weights.map((w) => ({ name: w.name, param: `${id}/${w.name}`, shape: w.shape })));
    let layer: string;
    try {
      layer = construct(node.def!, node.params, name);
    } catch (e) {
      throw new KerasExportError(`layer "${id}": ${(e as Error).message}`);
    }
    if (sequential) lines.push(`${layer},${comment}`);
    else {
      const src = node.inputs.map((s) => vars.get(s)!);
      lines.push(`${name} = ${layer}(${src.length === 1 ? src[0] : `[${src.join(', ')}]`})${comment}`);
    }
  }
  const outs = outputs.map((id) => ({ name: vars.get(id)!, shape: result.shapes.get(id)!.outputShape }));
  const modelName = pyString(snakeName(project.name));
  const body = sequential
    ? ['    return keras.Sequential(', '        [', ...lines.map((l) => `            ${l}`), '        ],', `        name=${modelName},`, '    )']
    : [
      ...lines.map((l) => `    ${l}`),
      `    return keras.Model(inputs=${list(inputs.map((i) => i.name))}, outputs=${list(outs.map((o) => o.name))}, name=${modelName})`,
    ];
  const code = modelFile(project, body, weights, usesStep);
  return { code, weights, sequential, inputs, outputs: outs };
}

/** "LeNet-5: the first famous CNN" → lenet_5, for Keras's model name. */
function snakeName(projectName: string): string {
  const words = projectName.split(':')[0]!.split(/[^A-Za-z0-9]+/).filter(Boolean).slice(0, 5);
  const name = words.join('_').toLowerCase();
  return /^[a-z]/.test(name) ? name : `model${name ? `_${name}` : ''}`;
}

const list = (names: string[]) => (names.length === 1 ? names[0]! : `[${names.join(', ')}]`);

const STEP = `def step(x):
    """The Heaviside step of the classic perceptron: 1 where x > 0, else 0. Its gradient
    passes straight through, as if it were the identity, as in Netwright: with one step unit
    and a squared-error loss, training is the perceptron rule."""
    return ops.stop_gradient(ops.cast(x > 0, x.dtype)) + (x - ops.stop_gradient(x))
`;

function modelFile(project: Project, body: string[], weights: Map<string, { name: string }[]>, usesStep: boolean): string {
  const doc = [
    `${project.name}, exported from Netwright as Keras 3 code.`,
    ...(project.description ? ['', ...wrap(project.description.split(/\n\s*\n/)[0]!, 96)] : []),
    '',
    ...wrap('Weights: the weights folder beside this file holds one NumPy file per weight, <layer>.<weight>.npy, in Keras\'s own layout; load_weights(model) sets them layer by layer.', 96),
  ];
  const weightTable = [...weights].map(([layer, ws]) => `    ${pyString(layer)}: [${ws.map((w) => pyString(w.name)).join(', ')}],`);
  return [
    `"""${doc.join('\n')}\n"""`,
    'from pathlib import Path',
    '',
    'import keras',
    'import numpy as np',
    `from keras import layers${usesStep ? ', ops' : ''}`,
    '',
    ...(usesStep ? ['', STEP] : []),
    '',
    'def build_model():',
    ...body,
    '',
    '',
    '# Each layer\'s weights, in the order get_weights() and set_weights() use.',
    `WEIGHTS = {${weightTable.length ? `\n${weightTable.join('\n')}\n` : ''}}`,
    '',
    '',
    'def load_weights(model, folder=Path(__file__).with_name("weights")):',
    '    """Sets every layer\'s weights from folder/<layer>.<weight>.npy."""',
    '    for layer, names in WEIGHTS.items():',
    '        model.get_layer(layer).set_weights([np.load(Path(folder) / f"{layer}.{name}.npy") for name in names])',
    '    return model',
    '',
    '',
    'if __name__ == "__main__":',
    '    model = build_model()',
    '    if Path(__file__).with_name("weights").exists():',
    '        load_weights(model)',
    '    model.summary()',
    '',
  ].join('\n').replace(/\n{4,}/g, '\n\n\n');
}
