/**
 * What the two TF.js peers share: the workload as a tf.layers model, and a
 * training loop whose steps are one `optimizer.minimize` each over a batch
 * already on the backend. The loss is softmax cross-entropy on logits with
 * one-hot labels (TF.js's own way of writing the sparse loss the other
 * engines use).
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type * as TfLayers from '@tensorflow/tfjs-layers';
import { measureSteps, type PeerResult, type Protocol } from '../report';
import type { BenchData, LayerSpec, Workload } from '../workloads';

type Tf = typeof TfCore;
type Tfl = typeof TfLayers;

function layerOf(tfl: Tfl, spec: LayerSpec, inputShape: number[] | undefined): TfLayers.layers.Layer {
  const first = inputShape ? { inputShape } : {};
  switch (spec.kind) {
    case 'dense':
      return tfl.layers.dense({ ...first, units: spec.units, activation: spec.activation ?? 'linear' });
    case 'conv2d':
      return tfl.layers.conv2d({ ...first, filters: spec.filters, kernelSize: spec.kernel, padding: 'valid', activation: spec.activation ?? 'linear' });
    case 'avgpool2d':
      return tfl.layers.averagePooling2d({ ...first, poolSize: spec.size });
    case 'flatten':
      return tfl.layers.flatten(first);
  }
}

export function buildModel(tfl: Tfl, w: Workload): TfLayers.Sequential {
  const model = tfl.sequential({ layers: w.layers.map((l, i) => layerOf(tfl, l, i === 0 ? [...w.input] : undefined)) });
  if (model.countParams() !== w.params) throw new Error(`the TF.js ${w.name} has ${model.countParams()} parameters, expected ${w.params}`);
  return model;
}

/**
 * Trains `w` on `data` and measures steps/s; every batch is uploaded before
 * the clock starts. `dispatches`, when given, counts GPU dispatches so far:
 * one more step after the timing reports how many a step takes.
 */
export async function trainingSteps(tf: Tf, tfl: Tfl, w: Workload, data: BenchData, protocol: Protocol, detail: string, dispatches?: () => number): Promise<PeerResult> {
  const model = buildModel(tfl, w);
  const optimizer = tf.train.adam(w.learningRate);
  const batches = data.count / w.batch;
  const per = data.x.length / data.count;
  const xs = Array.from({ length: batches }, (_, b) => tf.tensor(data.x.subarray(b * w.batch * per, (b + 1) * w.batch * per), [w.batch, ...w.input]));
  const ys = Array.from({ length: batches }, (_, b) => tf.tidy(() => tf.oneHot(tf.tensor1d(data.y.subarray(b * w.batch, (b + 1) * w.batch), 'int32'), w.classes)));
  let next = 0;
  let loss: TfCore.Scalar | null = null;
  const run = async (steps: number) => {
    for (let s = 0; s < steps; s++) {
      const b = next++ % batches;
      loss?.dispose();
      loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(ys[b]!, model.apply(xs[b]!, { training: true }) as TfCore.Tensor) as TfCore.Scalar, true);
    }
    // Reading the last loss waits for every queued step. (dataSync needs OffscreenCanvas on WebGPU, absent in Node.)
    const value = (await loss!.data())[0]!;
    if (!Number.isFinite(value)) throw new Error(`the loss became ${value}`);
  };
  try {
    const result = await measureSteps(run, detail, protocol);
    if (!dispatches || !result.ok) return result;
    const before = dispatches();
    await run(1);
    return { ...result, detail: `${result.detail}, ${dispatches() - before} dispatches a step` };
  } finally {
    (loss as TfCore.Scalar | null)?.dispose();
    for (const t of [...xs, ...ys]) t.dispose();
    optimizer.dispose();
    model.dispose();
  }
}
