/**
 * CSV tables (parsed with papaparse): the first row names the columns, each
 * later row is one sample. One column is the label (option "label": a name
 * or 0-based index; the last column by default); "ignore" drops columns such
 * as ids. Every other column is a feature:
 *   - numeric columns are standardised (z-score, fitted on the training split
 *     only, by loadDataset) unless normalize is "none";
 *   - columns whose values are all non-numeric, or that are listed in
 *     "categorical", are categories, one-hot encoded (or label-encoded with
 *     categoricalEncoding "label"); values are sorted and the mapping is kept
 *     in info.preprocessing.categorical.
 * A numeric column with a stray word, an empty cell or a row with the wrong
 * number of values is an error naming the line and the column.
 *
 * The task follows from the label unless "task" says otherwise: words, or
 * whole numbers with at most 20 distinct values, are classes (sorted, the
 * class id is the position); anything else is a regression target.
 */
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { z } from 'zod';
import { DataError } from './errors';
import { readOptions } from './options';
import type { SourceResult } from './source';
import type { CategoricalColumn, DatasetInfo, TensorData } from './types';

const MAX_CLASSES_GUESSED = 20;

const Options = z.object({
  label: z.union([z.string(), z.number().int()]).optional(),
  ignore: z.array(z.string()).default([]),
  categorical: z.array(z.string()).default([]),
  categoricalEncoding: z.enum(['one-hot', 'label']).default('one-hot'),
  task: z.enum(['classification', 'binary', 'regression']).optional(),
  normalize: z.enum(['zscore', 'none']).default('zscore'),
  delimiter: z.string().min(1).optional(),
});

export type CsvOptions = z.input<typeof Options>;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const isNumber = (s: string) => NUMBER.test(s);

const byValue = (numeric: boolean) => (a: string, b: string) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0);

/** Parses CSV text into a dataset. `where` names the file in messages. */
export function parseCsv(text: string, options: Readonly<Record<string, unknown>> | undefined, name: string, where: string): SourceResult {
  const o = readOptions(Options, options, name);
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false, ...(o.delimiter ? { delimiter: o.delimiter } : {}) });
  const fatal = parsed.errors.find((e) => e.code !== 'UndetectableDelimiter');
  if (fatal) throw new DataError(`${where}, line ${(fatal.row ?? 0) + 1}: ${fatal.message}. Check the quoting on that line.`);
  // Lines are numbered as in the file (the header is line 1); blank lines are skipped but still counted.
  const lines = parsed.data.map((cells, i) => ({ line: i + 1, cells: cells.map((c) => c.trim()) })).filter((r) => !(r.cells.length === 1 && r.cells[0] === ''));
  const [head, ...rows] = lines;
  if (!head) throw new DataError(`${where} is empty. A CSV dataset needs a header row naming the columns, then one row per sample.`);
  const columns = head.cells;
  if (rows.length === 0) throw new DataError(`${where} has a header but no rows of data.`);
  const duplicate = columns.find((c, i) => columns.indexOf(c) !== i);
  if (duplicate !== undefined) throw new DataError(`${where}: the column name "${duplicate}" appears twice in the header. Give every column its own name.`);
  for (const r of rows) {
    if (r.cells.length !== columns.length) throw new DataError(`${where}, line ${r.line}: the row has ${r.cells.length} values but the header names ${columns.length} columns (${columns.join(', ')}). Fix the row so it has one value per column.`);
  }
  const column = (c: string, what: string) => {
    const i = columns.indexOf(c);
    if (i < 0) throw new DataError(`${where}: the ${what} column "${c}" is not in the header. The columns are: ${columns.join(', ')}.`);
    return i;
  };
  const labelIndex = o.label === undefined ? columns.length - 1 : typeof o.label === 'number' ? (o.label < 0 ? columns.length + o.label : o.label) : column(o.label, 'label');
  if (labelIndex < 0 || labelIndex >= columns.length) throw new DataError(`${where}: label column ${o.label} is out of range; the file has ${columns.length} columns (0–${columns.length - 1}).`);
  const ignored = new Set(o.ignore.map((c) => column(c, 'ignored')));
  const forced = new Set(o.categorical.map((c) => column(c, 'categorical')));
  for (const r of rows) {
    const empty = r.cells.findIndex((v, c) => v === '' && !ignored.has(c));
    if (empty >= 0) throw new DataError(`${where}, line ${r.line}: column "${columns[empty]}" is empty. Fill in the missing value or remove the row.`);
  }
  const values = (c: number) => rows.map((r) => r.cells[c]!);

  // Features, in file order.
  const featureNames: string[] = [];
  const standardize: number[] = [];
  const categorical: CategoricalColumn[] = [];
  const encoders: ((cells: string[], out: Float32Array, at: number) => void)[] = [];
  for (let c = 0; c < columns.length; c++) {
    if (c === labelIndex || ignored.has(c)) continue;
    const name = columns[c]!;
    const vals = values(c);
    const numeric = vals.map(isNumber);
    if (!forced.has(c) && numeric.some(Boolean)) {
      const bad = numeric.indexOf(false);
      if (bad >= 0) throw new DataError(`${where}, line ${rows[bad]!.line}: column "${name}" holds "${vals[bad]}", which is not a number, while the column's other values are numbers. Fix the value, or list "${name}" in the dataset option "categorical" if the column holds categories.`);
      const at = featureNames.length;
      featureNames.push(name);
      if (o.normalize === 'zscore') standardize.push(at);
      encoders.push((cells, out, base) => { out[base + at] = Number(cells[c]); });
      continue;
    }
    const categories = [...new Set(vals)].sort(byValue(numeric.every(Boolean)));
    const id = new Map(categories.map((v, i) => [v, i]));
    categorical.push({ column: name, encoding: o.categoricalEncoding, values: categories });
    const at = featureNames.length;
    if (o.categoricalEncoding === 'label') {
      featureNames.push(name);
      encoders.push((cells, out, base) => { out[base + at] = id.get(cells[c]!)!; });
    } else {
      featureNames.push(...categories.map((v) => `${name}=${v}`));
      encoders.push((cells, out, base) => { out[base + at + id.get(cells[c]!)!] = 1; });
    }
  }
  if (featureNames.length === 0) throw new DataError(`${where}: no feature columns are left besides the label "${columns[labelIndex]}". A dataset needs at least one input column.`);
  const width = featureNames.length;
  const x = new Float32Array(rows.length * width);
  rows.forEach((r, i) => encoders.forEach((encode) => encode(r.cells, x, i * width)));

  const { y, info } = labelColumn(values(labelIndex), rows.map((r) => r.line), columns[labelIndex]!, o.task, where);
  return {
    dataset: {
      info: { name, source: where, features: featureNames, ...info, ...(categorical.length ? { preprocessing: { categorical } } : {}) },
      train: { x: { data: x, shape: [rows.length, width] }, y },
    },
    ...(standardize.length ? { standardize } : {}),
  };
}

type LabelInfo = Pick<DatasetInfo, 'task' | 'sparseLabels' | 'classes'>;

function labelColumn(vals: string[], lines: number[], name: string, task: 'classification' | 'binary' | 'regression' | undefined, where: string): { y: TensorData; info: LabelInfo } {
  const numeric = vals.every(isNumber);
  const distinct = [...new Set(vals)].sort(byValue(numeric));
  const classes = task ? task !== 'regression' : !numeric || (distinct.length <= MAX_CLASSES_GUESSED && vals.every((v) => Number.isInteger(Number(v))));
  if (!classes) {
    const bad = vals.findIndex((v) => !isNumber(v));
    if (bad >= 0) throw new DataError(`${where}, line ${lines[bad]}: the label "${name}" is "${vals[bad]}", but a regression target must be a number. Fix the value, or set the dataset option "task" to "classification".`);
    return { y: { data: Float32Array.from(vals, Number), shape: [vals.length, 1] }, info: { task: 'regression', sparseLabels: false } };
  }
  const id = new Map(distinct.map((v, i) => [v, i]));
  if (task === 'binary') {
    if (distinct.length !== 2) throw new DataError(`${where}: task "binary" needs exactly two label values in column "${name}", but it has ${distinct.length} (${distinct.slice(0, 5).join(', ')}${distinct.length > 5 ? ', …' : ''}). Use task "classification".`);
    return { y: { data: Float32Array.from(vals, (v) => id.get(v)!), shape: [vals.length, 1] }, info: { task: 'binary', sparseLabels: false, classes: distinct } };
  }
  return { y: { data: Int32Array.from(vals, (v) => id.get(v)!), shape: [vals.length] }, info: { task: 'classification', sparseLabels: true, classes: distinct } };
}

export async function readCsv(path: string, options: Readonly<Record<string, unknown>> | undefined, name: string): Promise<SourceResult> {
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new DataError(`could not read ${path}: ${e.code === 'ENOENT' ? 'the file does not exist' : e.message}.`);
  });
  return parseCsv(text, options, name, path);
}
