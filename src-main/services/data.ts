/**
 * The DataService (shared/ipc/services.ts): what a dataset holds, for the
 * Train view's dataset panel, before anything trains on it: its task and
 * classes, how many samples each split has, how the classes balance, and the
 * first few samples as the model will see them. Also where one's own data
 * comes in: importData copies it into the workspace (data-import.ts).
 */
import type { DatasetRef } from '../../shared/graph/schema';
import type { BuiltinDataset, DataService, DatasetDescription, DescribeOptions, SamplePreview } from '../../shared/ipc/services';
import { BUILTINS, loadDataset } from '../data';
import type { Dataset, TensorData } from '../data/types';
import { importData } from './data-import';

export interface DataServiceOptions {
  /** Dataset paths are relative to this folder. */
  readonly workspace: string;
  /** Replaces loadDataset (tests). */
  readonly load?: (ref: DatasetRef, options: DescribeOptions) => Promise<Dataset>;
}

/** Each sample's class id: labels as they are, one-hot rows by argmax, a single 0/1 value by threshold. */
export function classIds(y: TensorData, classes: number): Int32Array | undefined {
  const count = y.shape[0]!;
  const per = y.data.length / Math.max(count, 1);
  if (per === 1) return Int32Array.from(y.data, (v) => (y.data instanceof Int32Array ? v : v > 0.5 ? 1 : 0));
  if (per !== classes) return undefined;
  const ids = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let best = 0;
    for (let c = 1; c < per; c++) if (y.data[i * per + c]! > y.data[i * per + best]!) best = c;
    ids[i] = best;
  }
  return ids;
}

export function describeDataset(dataset: Dataset, samples = 16): DatasetDescription {
  const { info, train } = dataset;
  const count = (t: TensorData) => t.shape[0]!;
  const classification = info.task === 'classification' || info.task === 'binary';
  const classes = info.classes?.length ?? (info.task === 'binary' ? 2 : 0);
  const ids = classification && classes > 0 ? classIds(train.y, classes) : undefined;
  const balance = ids ? ids.reduce((b, c) => (c >= 0 && c < b.length && b[c]!++, b), new Array<number>(classes).fill(0)) : undefined;
  const perX = train.x.data.length / Math.max(count(train.x), 1);
  const perY = train.y.data.length / Math.max(count(train.y), 1);
  const previews: SamplePreview[] = [];
  for (let i = 0; i < Math.min(Math.max(0, Math.min(samples, 256)), count(train.x)); i++) {
    previews.push({ x: Float32Array.from(train.x.data.subarray(i * perX, (i + 1) * perX)), y: ids ? ids[i]! : train.y.data[i * perY]! });
  }
  return {
    name: info.name,
    task: info.task,
    source: info.source,
    ...(info.classes ? { classes: info.classes } : {}),
    ...(info.features ? { features: info.features } : {}),
    inputShape: train.x.shape.slice(1),
    counts: { train: count(train.x), ...(dataset.validation ? { validation: count(dataset.validation.x) } : {}), ...(dataset.test ? { test: count(dataset.test.x) } : {}) },
    ...(balance ? { classBalance: balance } : {}),
    samples: previews,
  };
}

export function createDataService(options: DataServiceOptions): DataService {
  const load = options.load ?? ((ref: DatasetRef, o: DescribeOptions) => loadDataset(ref, {
    projectDir: options.workspace,
    ...(o.inputShape ? { inputShape: o.inputShape } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.validationSplit !== undefined ? { validationSplit: o.validationSplit } : {}),
  }));
  return {
    async describe(ref: DatasetRef, o: DescribeOptions = {}) {
      return describeDataset(await load(ref, o ?? {}), o?.samples ?? 16);
    },
    async builtins(): Promise<BuiltinDataset[]> {
      return BUILTINS.map((b) => ({ name: b.name, summary: b.summary }));
    },
    importData: (upload) => importData(options.workspace, upload),
  };
}
