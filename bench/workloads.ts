/**
 * The workloads every engine in `npm run bench` trains, defined once so the
 * comparison is like for like: the same layers, the same loss (softmax
 * cross-entropy on logits, sparse integer labels), Adam at 1e-3, batch 128,
 * and the same MNIST-shaped random data, generated once from a seed and
 * handed to every peer as files.
 *
 * LeNet-5 takes 32×32×1 inputs (MNIST framed with a 2-pixel border, as the
 * lenet-5 template does) with valid padding, tanh and average pooling: the
 * 61,706-parameter network usually quoted, except that the last Dense emits
 * logits and the loss applies the softmax, as it does for the MLP.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Project } from '../shared/graph';
import { Random } from '../src-main/engine/random';

export type Activation = 'relu' | 'tanh' | null;

/** An engine-neutral layer; each peer translates these into its own API. Images are channels-last. */
export type LayerSpec =
  | { readonly kind: 'dense'; readonly units: number; readonly activation: Activation }
  | { readonly kind: 'conv2d'; readonly filters: number; readonly kernel: number; readonly activation: Activation }
  | { readonly kind: 'avgpool2d'; readonly size: number }
  | { readonly kind: 'flatten' };

export type WorkloadName = 'mlp' | 'lenet';

export interface Workload {
  readonly name: WorkloadName;
  readonly title: string;
  /** Shape of one sample: [features] or [height, width, channels]. */
  readonly input: readonly number[];
  readonly layers: readonly LayerSpec[];
  readonly classes: number;
  readonly batch: number;
  readonly learningRate: number;
  /** Trainable weights, to check that every peer built the same network. */
  readonly params: number;
}

export const WORKLOADS: Readonly<Record<WorkloadName, Workload>> = {
  mlp: {
    name: 'mlp',
    title: 'MLP 784-128-10, Adam, batch 128',
    input: [784],
    layers: [
      { kind: 'dense', units: 128, activation: 'relu' },
      { kind: 'dense', units: 10, activation: null },
    ],
    classes: 10,
    batch: 128,
    learningRate: 1e-3,
    params: 101_770,
  },
  lenet: {
    name: 'lenet',
    title: 'LeNet-5 (32×32×1), Adam, batch 128',
    input: [32, 32, 1],
    layers: [
      { kind: 'conv2d', filters: 6, kernel: 5, activation: 'tanh' },
      { kind: 'avgpool2d', size: 2 },
      { kind: 'conv2d', filters: 16, kernel: 5, activation: 'tanh' },
      { kind: 'avgpool2d', size: 2 },
      { kind: 'flatten' },
      { kind: 'dense', units: 120, activation: 'tanh' },
      { kind: 'dense', units: 84, activation: 'tanh' },
      { kind: 'dense', units: 10, activation: null },
    ],
    classes: 10,
    batch: 128,
    learningRate: 1e-3,
    params: 61_706,
  },
};

/** Batches in the generated dataset: enough that no engine trains on one batch over and over. */
export const BATCHES = 32;
export const DATA_SEED = 20240611;

/** The workload as a Netwright project graph (Keras layer names), for the compiler. */
export function workloadGraph(w: Workload): Pick<Project, 'nodes' | 'edges'> {
  const nodes: Project['nodes'] = [{ id: 'input', type: 'Input', params: { shape: [...w.input] } }];
  w.layers.forEach((layer, i) => {
    const id = `${layer.kind}${i}`;
    switch (layer.kind) {
      case 'dense':
        nodes.push({ id, type: 'Dense', params: { units: layer.units, activation: layer.activation ?? 'linear' } });
        break;
      case 'conv2d':
        nodes.push({ id, type: 'Conv2D', params: { filters: layer.filters, kernel_size: [layer.kernel, layer.kernel], padding: 'valid', activation: layer.activation ?? 'linear' } });
        break;
      case 'avgpool2d':
        nodes.push({ id, type: 'AveragePooling2D', params: { pool_size: [layer.size, layer.size] } });
        break;
      case 'flatten':
        nodes.push({ id, type: 'Flatten', params: {} });
        break;
    }
  });
  const edges = nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: n.id }));
  return { nodes, edges };
}

export interface BenchData {
  /** [count, ...input], pixel-like values in [0, 1). */
  readonly x: Float32Array;
  /** [count] class ids. */
  readonly y: Int32Array;
  readonly count: number;
}

/** MNIST-shaped random data: the same seed gives the same bytes on every run. */
export function generateData(w: Workload, seed = DATA_SEED): BenchData {
  const rng = new Random(seed);
  const count = w.batch * BATCHES;
  const features = w.input.reduce((a, b) => a * b, 1);
  const x = new Float32Array(count * features);
  for (let i = 0; i < x.length; i++) x[i] = rng.next();
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) y[i] = Math.floor(rng.next() * w.classes);
  return { x, y, count };
}

/** Where a workload's data lives on disk: raw little-endian f32 samples and i32 labels. */
export interface DataFiles {
  readonly x: string;
  readonly y: string;
}

export function writeData(w: Workload, dir = mkdtempSync(join(tmpdir(), 'netwright-bench-'))): DataFiles {
  const data = generateData(w);
  const files = { x: join(dir, `${w.name}.x.f32`), y: join(dir, `${w.name}.y.i32`) };
  writeFileSync(files.x, new Uint8Array(data.x.buffer, data.x.byteOffset, data.x.byteLength));
  writeFileSync(files.y, new Uint8Array(data.y.buffer, data.y.byteOffset, data.y.byteLength));
  return files;
}

export function readData(w: Workload, files: DataFiles): BenchData {
  const xb = readFileSync(files.x);
  const yb = readFileSync(files.y);
  // Copy into fresh, aligned buffers: a Buffer may sit at any offset in Node's pool.
  const x = new Float32Array(xb.byteLength / 4);
  new Uint8Array(x.buffer).set(xb);
  const y = new Int32Array(yb.byteLength / 4);
  new Uint8Array(y.buffer).set(yb);
  if (y.length * w.input.reduce((a, b) => a * b, 1) !== x.length) throw new Error(`bench data for ${w.name} does not match its input shape`);
  return { x, y, count: y.length };
}
