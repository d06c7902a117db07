/**
 * What the Code view shows for a project: the PyTorch and Keras files the
 * exporters write (shared/export/pytorch, shared/export/keras) and a summary
 * of the ONNX model (onnx-summary.ts). Pure and synchronous, so it runs on
 * every (debounced) edit and in unit tests. A model with errors gets no code,
 * only the list of what to fix, in the compiler's own words.
 *
 * The files read as exported, with weights beside them (every export from
 * the app carries weights: trained, imported or fresh), but no weights are
 * made here (that happens when exporting, see exports.ts), so the preview
 * stays fast on big models.
 */
import { compile } from '../../../shared/compiler';
import { buildOnnxModel } from '../../../shared/export/onnx/export';
import { exportKeras } from '../../../shared/export/keras';
import { CODE_WITH_WEIGHTS, exportPytorch } from '../../../shared/export/pytorch';
import type { Project } from '../../../shared/graph';
import type { IRGraph } from '../../../shared/ir/graph';
import { labelsOf } from './names';
import { summariseOnnx } from './onnx-summary';

export type CodeGroup = 'pytorch' | 'keras' | 'onnx';

export const CODE_GROUPS: readonly { readonly id: CodeGroup; readonly label: string }[] = [
  { id: 'pytorch', label: 'PyTorch' },
  { id: 'keras', label: 'Keras' },
  { id: 'onnx', label: 'ONNX' },
];

export interface CodeFile {
  /** "pytorch/model.py": stable across edits, so the editor keeps its place. */
  readonly id: string;
  readonly group: CodeGroup;
  readonly name: string;
  /** Monaco's language id. */
  readonly language: 'python' | 'markdown' | 'plaintext';
  readonly text: string;
}

export interface GeneratedCode {
  readonly files: readonly CodeFile[];
  /** Why a group has no files: the model's errors, or an exporter's message. */
  readonly problems: ReadonlyMap<CodeGroup, string>;
}

/** Above this many weights the ONNX summary is not built live (it would allocate them all); exporting still works. */
export const SUMMARY_PARAM_LIMIT = 20_000_000;

/** The order tabs appear in; other files follow. */
const FILE_ORDER = ['model.py', 'train.py', 'data.py', 'README.md'];

function languageOf(name: string): CodeFile['language'] {
  return name.endsWith('.py') ? 'python' : name.endsWith('.md') ? 'markdown' : 'plaintext';
}

function textFiles(group: CodeGroup, files: ReadonlyMap<string, string | Uint8Array>): CodeFile[] {
  const names = [...files.keys()].filter((n) => typeof files.get(n) === 'string');
  names.sort((a, b) => (FILE_ORDER.indexOf(a) + 1 || 99) - (FILE_ORDER.indexOf(b) + 1 || 99));
  return names.map((name) => ({ id: `${group}/${name}`, group, name, language: languageOf(name), text: files.get(name) as string }));
}

/** Zeros in place of every weight: the summary needs their shapes, not their values. */
function zeroWeights(ir: IRGraph): Map<string, Float32Array> {
  const weights = new Map<string, Float32Array>();
  for (const node of ir.nodes) {
    if (node.op === 'param') weights.set(String(node.arg['name']), new Float32Array(node.shape.reduce((n, d) => n * d, 1)));
  }
  return weights;
}

function attempt(group: CodeGroup, problems: Map<CodeGroup, string>, make: () => CodeFile[]): CodeFile[] {
  try {
    return make();
  } catch (error) {
    problems.set(group, error instanceof Error ? error.message : String(error));
    return [];
  }
}

export function generateCode(project: Project): GeneratedCode {
  const problems = new Map<CodeGroup, string>();
  const result = compile(project, { keepOnnxOps: true });
  if (!result.ir) {
    const list = result.errors.map((e) => `• ${e.message}${e.node ? ` (layer "${e.node}")` : ''}`).join('\n');
    const message = `The model has ${result.errors.length === 1 ? 'a problem' : `${result.errors.length} problems`} to fix before it becomes code:\n${list}`;
    for (const g of CODE_GROUPS) problems.set(g.id, message);
    return { files: [], problems };
  }
  const ir = result.ir;
  const files = [
    ...attempt('pytorch', problems, () => textFiles('pytorch', exportPytorch(project, CODE_WITH_WEIGHTS).files)),
    ...attempt('keras', problems, () => textFiles('keras', exportKeras(project, CODE_WITH_WEIGHTS).files)),
    ...attempt('onnx', problems, () => {
      if (result.totals.total > SUMMARY_PARAM_LIMIT) {
        throw new Error(`This model has ${result.totals.total.toLocaleString('en')} weights, too many to summarise while you edit. Export it as ONNX to see the file.`);
      }
      const model = buildOnnxModel(ir, zeroWeights(ir), { name: project.name, labels: labelsOf(project) });
      return [{ id: 'onnx/summary', group: 'onnx', name: 'summary', language: 'plaintext', text: summariseOnnx(model) }];
    }),
  ];
  return { files, problems };
}
