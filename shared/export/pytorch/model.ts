/**
 * model.py: the project's model as a readable nn.Module. Layers are built in
 * __init__ and applied in forward, one line per canvas node, each with a
 * comment naming the node and the shape it outputs. Every layer type's own
 * hook (shared/layers, `pytorch`) says what it becomes; this file walks the
 * graph, keeps track of layouts (see hooks.ts) and writes the Python.
 */
import { compile, type CompileResult } from '../../compiler';
import type { Project } from '../../graph/schema';
import type { Shape, WeightSpec } from '../../layers/define';
import { activationCall, activationModule } from './activations';
import { hasLayout, torchDim, torchShape, type HelperName, type Layout, type PytorchContext, type PytorchLayer, type Tensor } from './hooks';
import { PRELUDE, PRELUDE_ORDER } from './prelude';
import { className, Names, pyString, pyTuple, wrap } from './python';
import { tensor } from './tensor';
import type { ExportWeights } from './index';

export class PytorchExportError extends Error {
  override readonly name = 'PytorchExportError';
  constructor(message: string, readonly node?: string) {
    super(node ? `layer "${node}": ${message}` : message);
  }
}

/** A model input or output as forward takes or returns it. */
export interface ModelPort {
  /** The canvas node id. */
  readonly id: string;
  /** The Python name (forward's argument). */
  readonly name: string;
  /** Per-sample shape as PyTorch holds it. */
  readonly shape: Shape;
  /** Per-sample shape in Keras's (and the dataset's) layout. */
  readonly kerasShape: Shape;
  readonly layout: Layout;
  readonly dtype: 'float32' | 'int64';
}

export interface PytorchModel {
  readonly className: string;
  readonly code: string;
  readonly inputs: readonly ModelPort[];
  readonly outputs: readonly ModelPort[];
  /** The state_dict, when weights were given: key → tensor in PyTorch's layout. */
  readonly state?: Map<string, Tensor>;
  /** Whether the files are written for weights beside them (given, or CODE_WITH_WEIGHTS). */
  readonly hasWeights: boolean;
}

interface Value {
  readonly expr: string;
  readonly shape: Shape;
  readonly layout: Layout;
}

const MOVE: Record<Layout, string> = { channels_first: '.movedim(-1, 1)', channels_last: '.movedim(1, -1)' };

/** Compiles the project or throws an error listing what to fix first. */
export function compiled(project: Project): CompileResult & { ir: NonNullable<CompileResult['ir']> } {
  // Written code need not run on Netwright's engine: imported ONNX operations it cannot run still export where they translate.
  const result = compile(project, { keepOnnxOps: true });
  if (!result.ir) {
    const list = result.errors.map((e) => `  ${e.code}${e.node ? ` [${e.node}]` : ''} ${e.message}`).join('\n');
    throw new PytorchExportError(`the model has errors, so it cannot be exported yet:\n${list}`);
  }
  return result as CompileResult & { ir: NonNullable<CompileResult['ir']> };
}

function isChain(result: CompileResult): boolean {
  const { nodes, order, outputs } = result.wiring;
  const inputs = order.filter((id) => nodes.get(id)!.type === 'Input');
  return inputs.length === 1 && outputs.length === 1 && order.every((id) => nodes.get(id)!.inputs.length <= 1 && nodes.get(id)!.consumers.length <= 1);
}

const fmtShape = (s: Shape) => `(batch, ${s.join(', ')})`;

export function buildPytorchModel(project: Project, given?: ExportWeights): PytorchModel {
  const weights = typeof given === 'object' ? given : undefined;
  const result = compiled(project);
  const { nodes, order, outputs } = result.wiring;
  const chain = isChain(result);
  const names = new Names();
  const helpers = new Set<HelperName>();
  const init: string[] = [];
  const forward: string[] = [];
  const values = new Map<string, Value>();
  const state = weights ? new Map<string, Tensor>() : undefined;
  const hasWeights = given !== undefined;
  const inputs: ModelPort[] = [];
  let stepAttr: string | undefined;

  const contextFor = (id: string, arriving: Layout[]): PytorchContext => {
    const shaped = result.shapes.get(id)!;
    const output = shaped.outputShape;
    return {
      inputs: shaped.inputShapes,
      output,
      arriving,
      activation: (x, name, layout) => activationCall(x, name, torchDim(-1, output.length, layout), () => {
        helpers.add('Step');
        stepAttr ??= 'self.step';
        return stepAttr;
      }),
      activationModule: (name) => activationModule(name, () => (helpers.add('Step'), 'Step')),
      helper: (name) => (helpers.add(name), name),
    };
  };

  const hookOf = (id: string, arriving: Layout[]): PytorchLayer => {
    const node = nodes.get(id)!;
    const hook = node.def!.pytorch;
    if (!hook) throw new PytorchExportError(`${node.type} has no PyTorch export yet.`, id);
    try {
      return hook(contextFor(id, arriving), node.params);
    } catch (e) {
      throw new PytorchExportError((e as Error).message, id);
    }
  };

  /** An Input is channels-first when a layer reading it wants it so (a Conv2D straight after it). */
  const inputLayout = (id: string, shape: Shape): Layout => {
    if (!hasLayout(shape)) return 'channels_last';
    const wants = nodes.get(id)!.consumers.map((c) => hookOf(c, nodes.get(c)!.inputs.map(() => 'channels_last')).layout);
    return wants.includes('channels_first') ? 'channels_first' : 'channels_last';
  };

  for (const id of order) {
    const node = nodes.get(id)!;
    const shaped = result.shapes.get(id)!;
    const name = chain ? 'x' : names.take(id);
    if (node.type === 'Input') {
      const layout = inputLayout(id, shaped.outputShape);
      const port: ModelPort = { id, name, shape: torchShape(shaped.outputShape, layout), kerasShape: shaped.outputShape, layout, dtype: node.params['dtype'] === 'int32' ? 'int64' : 'float32' };
      inputs.push(port);
      values.set(id, { expr: name, shape: shaped.outputShape, layout });
      continue;
    }
    const sources = node.inputs.map((s) => values.get(s)!);
    const layer = hookOf(id, sources.map((v) => v.layout));
    let moved = false;
    const args = sources.map((v) => {
      if (!hasLayout(v.shape) || v.layout === layer.layout) return v.expr;
      moved = true;
      return `${v.expr}${MOVE[layer.layout]}`;
    });
    const attr = `self.${chain ? names.take(id) : name}`;
    if (layer.module) {
      init.push(`${attr} = ${layer.module}${attr.slice(5) === id ? '' : `  # ${id}`}`);
      init.push(...(layer.init?.(attr) ?? []));
    }
    const output = shaped.outputShape;
    const layout: Layout = hasLayout(output) ? (layer.outputLayout ?? layer.layout) : 'channels_last';
    const movedNote = layer.movedNote ?? `channels moved ${layer.layout === 'channels_last' ? 'last, to Keras\'s order' : 'first, as PyTorch wants them'}`;
    const notes = [layer.note, moved ? movedNote : undefined].filter(Boolean);
    if (notes.length) forward.push(`# ${id}: ${notes.join('; ')}`);
    forward.push(`${name} = ${layer.forward(attr, args)}  # ${id} (${node.type}): ${fmtShape(torchShape(output, layout))}`);
    values.set(id, { expr: name, shape: output, layout });
    if (state && layer.weights) convertWeights(id, shaped.weights, weights!, layer, attr.slice(5), state);
  }
  if (stepAttr) init.unshift(`${stepAttr} = Step()  # the step activation`);

  const outputPorts: ModelPort[] = outputs.map((id) => {
    const v = values.get(id)!;
    return { id, name: v.expr, shape: torchShape(v.shape, v.layout), kerasShape: v.shape, layout: v.layout, dtype: 'float32' };
  });
  const cls = className(project.name);
  const code = modelFile({ project, cls, init, forward, helpers, inputs, outputs: outputPorts, hasWeights });
  return { className: cls, code, inputs, outputs: outputPorts, hasWeights, ...(state ? { state } : {}) };
}

function convertWeights(id: string, specs: readonly WeightSpec[], weights: ReadonlyMap<string, Float32Array>, layer: PytorchLayer, attr: string, state: Map<string, Tensor>): void {
  const keras = (name: string): Tensor => {
    const spec = specs.find((w) => w.name === name);
    const data = weights.get(`${id}/${name}`);
    if (!spec) throw new PytorchExportError(`the PyTorch export asked for a weight "${name}" the layer does not have.`, id);
    if (!data) throw new PytorchExportError(`the weights have no "${id}/${name}". Export weights saved from this model, or none to start from fresh ones.`, id);
    try {
      return tensor(data, spec.shape);
    } catch (e) {
      throw new PytorchExportError(`weight "${id}/${name}": ${(e as Error).message}; were the weights saved from another model?`, id);
    }
  };
  for (const [key, t] of Object.entries(layer.weights!(keras))) state.set(`${attr}.${key}`, t);
}

interface ModelFileParts {
  project: Project;
  cls: string;
  init: string[];
  forward: string[];
  helpers: Set<HelperName>;
  inputs: ModelPort[];
  outputs: ModelPort[];
  hasWeights: boolean;
}

/** A port for forward's docstring; `named` when the Python name is not the canvas node's. */
function portText(p: ModelPort, named: boolean): string {
  const what = named ? `${p.name} (${p.id})` : p.id;
  return `${what}: ${fmtShape(p.shape)}${p.dtype === 'int64' ? ' token ids (int64)' : ''}${p.layout === 'channels_first' ? ', channels-first' : ''}`;
}

function modelFile(m: ModelFileParts): string {
  const channelsFirst = m.inputs.some((p) => p.layout === 'channels_first') || m.forward.some((l) => l.includes('movedim'));
  const doc = [
    `${m.project.name}, exported from Netwright.`,
    ...(m.project.description ? ['', ...wrap(m.project.description.split(/\n\s*\n/)[0]!, 96)] : []),
    ...(channelsFirst ? ['', ...wrap('Netwright keeps images channels-last, as Keras does: (batch, height, width, channels). This model works channels-first, as PyTorch does, and moves the channels only where a layer needs Keras\'s order; in particular it moves them last before Flatten, so values flatten in Keras\'s (h, w, c) order and the Dense weights after it match.', 96)] : []),
    '',
    ...wrap(m.hasWeights
      ? 'Weights: weights.safetensors, beside this file, in PyTorch\'s layout; load_weights(model) reads it with only json and torch (no safetensors package needed).'
      : 'No weights were exported with this model: it starts from PyTorch\'s own initialisation. Train it with train.py.', 96),
  ];
  const signature = m.inputs.map((p) => p.name).join(', ');
  const returns = m.outputs.length === 1 ? m.outputs[0]!.name : m.outputs.map((p) => p.name).join(', ');
  const body = [
    `class ${m.cls}(nn.Module):`,
    `    def __init__(self):`,
    `        super().__init__()`,
    ...m.init.map((l) => `        ${l}`),
    '',
    `    def forward(self, ${signature}):`,
    `        """${m.inputs.map((p) => portText(p, p.name !== p.id)).join('; ')}.`,
    `        Returns ${m.outputs.map((p) => portText(p, false)).join('; ')}."""`,
    ...m.forward.map((l) => `        ${l}`),
    `        return ${returns}`,
  ];
  const portDict = (ports: ModelPort[], withDtype: boolean) =>
    `{${ports.map((p) => `${pyString(p.id)}: {"shape": ${pyTuple(p.shape)}, ${withDtype ? `"dtype": torch.${p.dtype}, ` : ''}"layout": ${pyString(p.layout)}}`).join(', ')}}`;
  const example = m.inputs.map((p) => (p.dtype === 'int64' ? `torch.zeros(2, ${p.shape.join(', ')}, dtype=torch.int64)` : `torch.randn(2, ${p.shape.join(', ')})`));
  const prelude = PRELUDE_ORDER.filter((h) => m.helpers.has(h)).map((h) => PRELUDE[h]);
  const text = [
    `"""${doc.join('\n')}\n"""`,
    'import json',
    'from pathlib import Path',
    '',
    'import torch',
    ...([...prelude, ...m.forward].some((l) => l.includes('F.')) ? ['import torch.nn.functional as F'] : []),
    'from torch import nn',
    '',
    ...prelude.flatMap((p) => ['', p]),
    '',
    ...body,
    '',
    '',
    '# What forward takes and returns, per sample. "channels_first": the channels are at dim 1, as',
    '# PyTorch keeps them; the dataset, like Netwright and Keras, keeps them last (train.py moves them).',
    `INPUTS = ${portDict(m.inputs, true)}`,
    `OUTPUTS = ${portDict(m.outputs, false)}`,
    '',
    '',
    LOAD_WEIGHTS,
    '',
    'if __name__ == "__main__":',
    `    model = ${m.cls}()`,
    ...(m.hasWeights ? ['    load_weights(model)'] : []),
    '    model.eval()',
    '    print(model)',
    '    with torch.no_grad():',
    `        print(model(${example.join(', ')}))`,
  ];
  return text.join('\n').replace(/\n{4,}/g, '\n\n\n') + '\n';
}

const LOAD_WEIGHTS = `def load_weights(model, path=Path(__file__).with_name("weights.safetensors")):
    """Loads a safetensors file (an 8-byte header length, a JSON header, raw
    little-endian float32 data) into the model, checking every name."""
    with open(path, "rb") as f:
        header = json.loads(f.read(int.from_bytes(f.read(8), "little")))
        data = bytearray(f.read())
    state = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        values = torch.frombuffer(data, dtype=torch.float32, count=(end - start) // 4, offset=start) if end > start else torch.zeros(0)
        state[name] = values.reshape(info["shape"]).clone()
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [k for k in missing if not k.endswith("num_batches_tracked")]
    if missing or unexpected:
        raise KeyError(f"{path} does not fit this model: missing {missing}, unexpected {unexpected}")
    return model


def save_weights(model, path):
    """Saves the model's weights in the format load_weights reads."""
    state = {k: v.detach().to("cpu", torch.float32).contiguous() for k, v in model.state_dict().items() if v.is_floating_point()}
    header, offset = {}, 0
    for name, t in state.items():
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + 4 * t.numel()]}
        offset += 4 * t.numel()
    head = json.dumps(header).encode()
    head += b" " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(len(head).to_bytes(8, "little") + head)
        for t in state.values():
            f.write(t.numpy().tobytes())
`;
