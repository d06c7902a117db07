/**
 * What the Code view shows: every template becomes PyTorch, Keras and an ONNX
 * summary without a problem (one row per template, as netron's models.json
 * does), the files come in a fixed order, and a model with errors shows what
 * to fix instead of code.
 */
import { describe, expect, it } from 'vitest';
import type { Project } from '../../../shared/graph';
import { TEMPLATES } from '../project/templates';
import { generateCode } from './generated-code';
import { attributeText, summariseOnnx } from './onnx-summary';
import { fileStem, labelsOf } from './names';
import { buildOnnxModel } from '../../../shared/export/onnx/export';
import { compile } from '../../../shared/compiler';
import { AttributeType } from '../../../shared/export/onnx/proto';
import { exportKeras } from '../../../shared/export/keras';
import { exportPytorch } from '../../../shared/export/pytorch';
import { freshWeights } from './fresh-weights';

function load(template: (typeof TEMPLATES)[number]): Project {
  const result = template.load();
  if (!result.ok) throw new Error(`${template.id} does not load`);
  return result.project;
}

/** The XOR template: input → hidden (Dense 8, tanh) → out (Dense 1, sigmoid). */
const xor = (): Project => load(TEMPLATES.find((t) => t.id === 'xor.nwproj')!);

describe('the preview reads as the export', () => {
  it('shows every text file exactly as an export with weights writes it', () => {
    const project = xor();
    const shown = new Map(generateCode(project).files.map((f) => [f.id, f.text]));
    const weights = freshWeights(compile(project).ir!, 0);
    for (const [group, files] of [['pytorch', exportPytorch(project, weights).files], ['keras', exportKeras(project, weights).files]] as const) {
      for (const [name, content] of files) if (typeof content === 'string') expect(shown.get(`${group}/${name}`), `${group}/${name}`).toBe(content);
    }
    expect(shown.get('pytorch/model.py')).toContain('load_weights(model)');
  });
});

describe('every template becomes code', () => {
  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s', (_id, template) => {
    const project = load(template);
    const code = generateCode(project);
    expect([...code.problems]).toEqual([]);
    const names = (group: string) => code.files.filter((f) => f.group === group).map((f) => f.name);
    expect(names('pytorch')).toEqual(['model.py', 'train.py', 'data.py', 'README.md']);
    expect(names('keras')).toEqual(['model.py', 'train.py', 'data.py', 'README.md']);
    expect(names('onnx')).toEqual(['summary']);
    const model = code.files.find((f) => f.id === 'pytorch/model.py')!;
    expect(model.language).toBe('python');
    expect(model.text).toMatch(/class \w+\(nn\.Module\):/);
    // Every layer of the graph appears in forward, named by its id.
    for (const node of project.nodes.filter((n) => n.type !== 'Input')) expect(model.text, node.id).toContain(node.id);
    const summary = code.files.find((f) => f.group === 'onnx')!.text;
    expect(summary).toMatch(/IR version 8, opset ai\.onnx 17, producer Netwright/);
    for (const input of project.nodes.filter((n) => n.type === 'Input')) expect(summary).toMatch(new RegExp(`Inputs \\(\\d+\\)[\\s\\S]*\\b${input.id}\\s+float\\s+\\[batch`));
  });
});

describe('the XOR model', () => {
  it('is the class and layers the graph says', () => {
    const code = generateCode(xor());
    const model = code.files.find((f) => f.id === 'pytorch/model.py')!.text;
    expect(model).toContain('self.hidden = nn.Linear(2, 8)');
    expect(model).toContain('x = torch.sigmoid(self.out(x))');
    expect(code.files.find((f) => f.id === 'keras/model.py')!.text).toContain('layers.Dense(8, activation="tanh", name="hidden")');
  });

  it('has an ONNX summary listing inputs, outputs, weights and nodes with shapes', () => {
    const summary = generateCode(xor()).files.find((f) => f.id === 'onnx/summary')!.text;
    expect(summary).toMatch(/Inputs \(1\)\n {2}input\s+float\s+\[batch, 2\]/);
    expect(summary).toMatch(/Outputs \(1\)\n {2}out\s+float\s+\[batch, 1\]/);
    expect(summary).toMatch(/Weights \(4 initializers, 33 values\)/);
    expect(summary).toMatch(/hidden\/kernel\s+float\s+\[2, 8\]/);
    expect(summary).toMatch(/Nodes \(\d+: .*Gemm/);
  });

  it('follows an edit', () => {
    const project = xor();
    const edited = { ...project, nodes: project.nodes.map((n) => (n.id === 'hidden' ? { ...n, params: { ...n.params, units: 3 } } : n)) };
    expect(generateCode(edited).files.find((f) => f.id === 'pytorch/model.py')!.text).toContain('self.hidden = nn.Linear(2, 3)');
  });

  it('with an error shows what to fix in every tab, and no code', () => {
    const project = xor();
    const broken = { ...project, edges: project.edges.filter((e) => e.target !== 'out') };
    const code = generateCode(broken);
    expect(code.files).toEqual([]);
    expect([...code.problems.keys()]).toEqual(['pytorch', 'keras', 'onnx']);
    expect(code.problems.get('pytorch')).toMatch(/to fix before it becomes code:\n• /);
  });
});

describe('summary formatting', () => {
  it.each([
    [{ name: 'axis', type: AttributeType.INT, i: 1 }, 'axis=1'],
    [{ name: 'alpha', type: AttributeType.FLOAT, f: 0.20000000298 }, 'alpha=0.2'],
    [{ name: 'pads', type: AttributeType.INTS, ints: [0, 0, 1, 1] }, 'pads=[0, 0, 1, 1]'],
    [{ name: 'perm', type: AttributeType.INTS, ints: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] }, 'perm=[0, 1, 2, 3, 4, 5, 6, 7, … 2 more]'],
    [{ name: 'mode', type: AttributeType.STRING, s: new TextEncoder().encode('nearest') }, 'mode="nearest"'],
  ])('writes %j as %s', (attribute, text) => {
    expect(attributeText(attribute)).toBe(text);
  });

  it('names layers by their labels, as the export does', () => {
    const project = xor();
    const labelled = { ...project, nodes: project.nodes.map((n) => (n.id === 'hidden' ? { ...n, label: 'Hidden layer' } : n)) };
    const ir = compile(labelled).ir!;
    const zeros = new Map(ir.nodes.filter((n) => n.op === 'param').map((n) => [String(n.arg['name']), new Float32Array(n.shape.reduce((a, b) => a * b, 1))]));
    expect(summariseOnnx(buildOnnxModel(ir, zeros, { labels: labelsOf(labelled) }))).toContain('Hidden layer/kernel');
  });

  it.each([['XOR: why we need hidden layers', 'xor-why-we-need-hidden-layers'], ['Élan ✓ 2', 'elan-2'], ['', 'model'], ['///', 'model']])('file stem of %j is %j', (name, stem) => {
    expect(fileStem(name)).toBe(stem);
  });
});
