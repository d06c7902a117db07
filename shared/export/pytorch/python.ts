/**
 * Writing Python: literals and identifiers, shared by the PyTorch and Keras
 * exporters and by the layers' export hooks.
 */

/** A Python float literal: always with a point or exponent, shortest round-trip digits. */
export function pyFloat(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'float("nan")' : x > 0 ? 'float("inf")' : 'float("-inf")';
  const s = String(x);
  return /[.e]/.test(s) ? s.replace('e+', 'e') : `${s}.0`;
}

export const pyBool = (b: boolean) => (b ? 'True' : 'False');

export const pyString = (s: string) => JSON.stringify(s);

/** A tuple of whole numbers: (3, 3), and (3,) for one. */
export function pyTuple(values: readonly number[]): string {
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
}

/** One number where all are equal and PyTorch accepts either, else a tuple. */
export function pyIntOrTuple(values: readonly number[]): string {
  return values.every((v) => v === values[0]) ? String(values[0]) : pyTuple(values);
}

/** Any JSON-like value as a Python literal (lists stay lists; null is None). */
export function pyLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return pyBool(value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pyFloat(value);
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return `[${value.map(pyLiteral).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pyString(k)}: ${pyLiteral(v)}`).join(', ')}}`;
}

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
  'return', 'try', 'while', 'with', 'yield', 'match', 'case',
]);

/** Builtins and the generated files' own names, which a layer's name must not shadow. */
const TAKEN = new Set([
  ...KEYWORDS, 'self', 'torch', 'nn', 'F', 'np', 'keras', 'layers', 'ops', 'json', 'Path', 'math', 'os', 'sys', 'input', 'print', 'len',
  'range', 'list', 'dict', 'type', 'id', 'min', 'max', 'sum', 'abs', 'map', 'zip', 'filter', 'object', 'super', 'step', 'model',
  'Step', 'KerasRecurrent', 'keras_avg_pool', 'load_weights', 'build_model',
]);

/**
 * Readable, unique Python identifiers for canvas node ids: "conv 1" becomes
 * conv_1, "1st" becomes layer_1st, and a name that would shadow something
 * gets a trailing underscore.
 */
export class Names {
  private readonly used = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.used.add(r);
  }

  take(id: string): string {
    let base = id.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'layer';
    if (/^[0-9]/.test(base)) base = `layer_${base}`;
    if (TAKEN.has(base)) base = `${base}_`;
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }
}

/** A Python class name from a project name: "LeNet-5: the first famous CNN" → LeNet5. */
export function className(projectName: string, fallback = 'Model'): string {
  const head = projectName.split(':')[0]!;
  const words = head.split(/[^A-Za-z0-9]+/).filter(Boolean).slice(0, 5);
  let name = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  if (/^[0-9]/.test(name)) name = `Model${name}`;
  return name && !TAKEN.has(name) ? name : fallback;
}

/** Python comment lines wrapped at about `width` columns. */
export function commentLines(text: string, indent = '', width = 100): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && indent.length + 2 + line.length + 1 + word.length > width) {
        out.push(`${indent}# ${line}`);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line ? `${indent}# ${line}` : `${indent}#`);
  }
  return out;
}

/** Text wrapped for a docstring or README paragraph. */
export function wrap(text: string, width = 100, indent = ''): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      out.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(indent + line);
  return out;
}
