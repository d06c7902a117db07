/**
 * The WebGPU Trainer: runs a training plan and its inference plan on a
 * GPUDevice, with everything a step needs made once at load():
 *
 * - memory: packed params/grads/state, an arena reused by liveness (memory.ts);
 *   the inference plan shares the weights (by name) and the arena;
 * - launches: one pipeline per distinct shader, one bind group per launch;
 * - data: each split uploaded once; every step starts with a gather launch
 *   that copies its batch from the epoch's shuffled order (setOrder);
 * - per-step values (position in the order, Adam's t, learning rate, seed)
 *   sit in a uniform buffer with one entry per step, bound at a dynamic
 *   offset, so run(n) encodes n steps into one command buffer and one submit
 *   without waiting;
 * - loss and metrics accumulate on the device; readMetrics() copies them to
 *   one of two (or more) staging buffers and clears them, so a read waits
 *   only for the steps before it, never for those queued behind it.
 *
 * It uses only the standard WebGPU API, so it runs in Node (Dawn) and in a
 * browser worker alike.
 */
/// <reference types="@webgpu/types" />
import type { Split, TensorData } from '../../data/types';
import type { DeviceHandle } from '../hosts/device';
import { initialValues, literalValues } from '../init';
import { numel, type Plan, type TensorInfo } from '../plan/types';
import { ITERATIONS, type MetricSums, type RunOptions, type Trainer } from '../trainer';
import { createPools, readRanges, storageBuffer, writeTensor, type Pools } from './device-memory';
import { chunking, gatherPrograms, type GatherSpec } from './kernels/gather';
import { ENV_BYTES } from './kernels/prelude';
import type { DeviceCaps } from './kernels/types';
import { buildLaunches, encodeLaunches, makeLaunch, type Launch, type LaunchTarget } from './launches';
import { planMemory, sharedWeights, type MemoryPlan } from './memory';
import { PipelineCache } from './pipelines';
import { BufferUsage, MapMode } from './usage';

export class WebGPUError extends Error {
  override readonly name = 'WebGPUError';
}

/** Steps (or predicted batches) per submit: the per-step uniform holds this many entries. */
export const STEPS_PER_SUBMIT = 256;


export function deviceCaps(device: GPUDevice, software: boolean): DeviceCaps {
  const l = device.limits;
  return {
    software,
    maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
    maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
    maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
    maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
    maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
    maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
    minStorageBufferOffsetAlignment: l.minStorageBufferOffsetAlignment,
  };
}

type SplitName = 'train' | 'validation' | 'test';

interface DataOnDevice {
  readonly buffers: GPUBuffer[];
  readonly spec: Omit<GatherSpec, 'batch' | 'mode'>;
}

interface SplitOnDevice {
  readonly count: number;
  readonly x: DataOnDevice;
  readonly y?: DataOnDevice;
  /** The inference plan's gather for predict(). */
  readonly predictGather: Launch[];
}

interface PlanOnDevice {
  readonly plan: Plan;
  readonly memory: MemoryPlan;
  readonly pools: Pools;
  readonly launches: Launch[];
}

/** One entry of the per-step uniform (see ENV_STRUCT in kernels/prelude.ts). */
interface EnvEntry {
  readonly step: number;
  readonly position: number;
  readonly lr: number;
  readonly lrCorrected: number;
}

export class WebGPUTrainer implements Trainer {
  readonly backend = 'webgpu' as const;
  readonly adapter: string;
  readonly caps: DeviceCaps;
  private readonly device: GPUDevice;
  private readonly cache: PipelineCache;
  private readonly envStride: number;
  private readonly env: GPUBuffer;
  private readonly envData: ArrayBuffer;
  private training?: PlanOnDevice;
  private inference?: PlanOnDevice;
  private seed = 0;
  private updates = 0;
  private readonly splits = new Map<SplitName, SplitOnDevice>();
  private order?: { buffer: GPUBuffer; capacity: number; length: number };
  private trainGathers?: Launch[];
  private readonly staging: { buffer: GPUBuffer; busy: boolean }[] = [];
  private readonly errors: string[] = [];
  private readonly onError = (e: Event) => void this.errors.push((e as GPUUncapturedErrorEvent).error.message);
  private lost?: string;
  private readonly owned: GPUBuffer[] = [];
  private readonly ownsDevice: boolean;
  private tail: Promise<unknown> = Promise.resolve();

  /**
   * `ownsDevice`: dispose() destroys the device too. `caps` narrows what the
   * kernels may assume (tests use it to exercise small adapters' paths).
   */
  constructor(private readonly handle: DeviceHandle, options: { ownsDevice?: boolean; caps?: Partial<DeviceCaps> } = {}) {
    this.device = handle.device;
    this.ownsDevice = options.ownsDevice ?? true;
    this.adapter = `${handle.adapter} (WebGPU ${handle.featureLevel})`;
    this.caps = { ...deviceCaps(this.device, handle.software), ...options.caps };
    this.cache = new PipelineCache(this.device);
    this.envStride = Math.max(ENV_BYTES, this.device.limits.minUniformBufferOffsetAlignment);
    this.envData = new ArrayBuffer(this.envStride * STEPS_PER_SUBMIT);
    this.env = this.device.createBuffer({ label: 'per-step uniform', size: this.envData.byteLength, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST });
    for (let i = 0; i < 2; i++) this.staging.push({ buffer: this.device.createBuffer({ label: `metrics staging ${i}`, size: 32, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST }), busy: false });
    this.device.addEventListener('uncapturederror', this.onError);
    void this.device.lost.then((info) => {
      this.lost = info.message || String(info.reason);
    });
  }

  /** Launches per training step, the batch gathers included. */
  get dispatchesPerStep(): number {
    return (this.training?.launches.length ?? 0) + (this.trainGathers?.length ?? 2);
  }

  /** Distinct pipelines compiled so far. */
  get pipelines(): number {
    return this.cache.size;
  }

  /** Buffers of the loaded model, released when another is loaded or on dispose(). */
  private own(buffer: GPUBuffer): GPUBuffer {
    this.owned.push(buffer);
    return buffer;
  }

  /** Releases the loaded model and its data. */
  private release(): void {
    for (const b of this.owned.splice(0)) b.destroy();
    for (const s of this.splits.values()) for (const b of [...s.x.buffers, ...(s.y?.buffers ?? [])]) b.destroy();
    this.splits.clear();
    this.order?.buffer.destroy();
    this.order = undefined;
    this.trainGathers = undefined;
    this.training = undefined;
    this.inference = undefined;
  }

  private check(): void {
    if (this.lost !== undefined) throw new WebGPUError(`the GPU device was lost: ${this.lost}`);
    if (this.errors.length) throw new WebGPUError(`the GPU reported an error: ${this.errors.splice(0).join('; ')}`);
  }

  /** Runs `make` inside validation and out-of-memory error scopes, turning what they catch into an exception. */
  private async scoped<T>(what: string, make: () => Promise<T>): Promise<T> {
    this.device.pushErrorScope('out-of-memory');
    this.device.pushErrorScope('validation');
    let outcome: { value: T } | { failure: unknown };
    try {
      outcome = { value: await make() };
    } catch (failure) {
      outcome = { failure };
    }
    const validation = await this.device.popErrorScope();
    const memory = await this.device.popErrorScope();
    const error = validation ?? memory;
    if (error) throw new WebGPUError(`${what}: ${error.message}`);
    if ('failure' in outcome) throw outcome.failure;
    return outcome.value;
  }

  /**
   * Calls take effect on the device in the order they were made, even when
   * the caller does not await each (a worker relaying messages): each starts
   * once every earlier call has submitted its work. Only submissions are
   * serialised; readMetrics and readState wait for their results outside
   * the queue, so steps queued behind a read are not held up by it.
   */
  private ordered<T>(work: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Loads a model, replacing any earlier one and its data. */
  load(training: Plan, inference: Plan, seed: number): Promise<void> {
    return this.ordered(() => this.loadNow(training, inference, seed));
  }

  private async loadNow(training: Plan, inference: Plan, seed: number): Promise<void> {
    this.check();
    if (!training.training) throw new WebGPUError('load() needs a training plan (one built with training options) first');
    this.release();
    this.seed = seed;
    this.updates = 0;
    const align = this.caps.minStorageBufferOffsetAlignment;
    await this.scoped('loading the model onto the GPU', async () => {
      const trainMemory = planMemory(training, align);
      const inferMemory = planMemory(inference, align, { weights: sharedWeights(training, trainMemory), pools: trainMemory.pools, packedBytes: trainMemory.packedBytes });
      const shared = {
        arena: this.own(storageBuffer(this.device, Math.max(trainMemory.pools.arena, inferMemory.pools.arena), 'arena')),
        io: this.own(storageBuffer(this.device, Math.max(trainMemory.pools.io, inferMemory.pools.io), 'inputs')),
      };
      const trainPools = createPools(this.device, trainMemory, 'training', shared);
      for (const pool of ['params', 'grads', 'state', 'consts', 'metrics'] as const) this.own(trainPools[pool]);
      const inferPools = createPools(this.device, inferMemory, 'inference', { ...shared, params: trainPools.params, grads: trainPools.grads, state: trainPools.state });
      this.own(inferPools.consts);
      this.own(inferPools.metrics);

      for (const [id, data] of initialValues(training, seed)) writeTensor(this.device, trainPools, trainMemory.placements[id]!, data);
      for (const t of inference.tensors) if (t.viewOf === undefined && t.role === 'const') writeTensor(this.device, inferPools, inferMemory.placements[t.id]!, literalValues(t));

      const target = (plan: Plan, memory: MemoryPlan, pools: Pools): LaunchTarget => ({ device: this.device, cache: this.cache, caps: this.caps, plan, memory, pools, env: this.env });
      const [trainLaunches, inferLaunches] = await Promise.all([buildLaunches(target(training, trainMemory, trainPools)), buildLaunches(target(inference, inferMemory, inferPools))]);
      this.training = { plan: training, memory: trainMemory, pools: trainPools, launches: trainLaunches };
      this.inference = { plan: inference, memory: inferMemory, pools: inferPools, launches: inferLaunches };
    });
  }

  private loaded(): { training: PlanOnDevice; inference: PlanOnDevice } {
    this.check();
    if (!this.training || !this.inference) throw new WebGPUError('load() a model first');
    return { training: this.training, inference: this.inference };
  }

  /** Uploads one tensor of a split in bindable chunks, converted to the dtype the plan reads. */
  private upload(data: TensorData, into: TensorInfo, what: string): DataOnDevice {
    const count = data.shape[0]!;
    const words = numel(into.shape.slice(1));
    if (numel(data.shape.slice(1)) !== words) throw new WebGPUError(`${what} has samples of shape [${data.shape.slice(1)}], but the model expects [${into.shape.slice(1)}]`);
    const values = into.dtype === 'i32' ? (data.data instanceof Int32Array ? data.data : Int32Array.from(data.data)) : data.data instanceof Float32Array ? data.data : Float32Array.from(data.data);
    const { samplesPerChunk, chunks } = chunking(count, words, this.caps);
    const buffers: GPUBuffer[] = [];
    for (let c = 0; c < chunks; c++) {
      const from = c * samplesPerChunk * words;
      const to = Math.min(count, (c + 1) * samplesPerChunk) * words;
      const buffer = storageBuffer(this.device, (to - from) * 4, `${what} ${c}`);
      this.device.queue.writeBuffer(buffer, 0, values.buffer, values.byteOffset + from * 4, (to - from) * 4);
      buffers.push(buffer);
    }
    return { buffers, spec: { wordsPerSample: words, count, samplesPerChunk, chunks } };
  }

  private gatherLaunches(data: DataOnDevice, mode: GatherSpec['mode'], on: PlanOnDevice, tensor: number): Promise<Launch[]> {
    const extra = new Map<string, GPUBufferBinding>(data.buffers.map((buffer, c) => [`data${c}`, { buffer }]));
    if (mode === 'order') extra.set('order', { buffer: this.order!.buffer });
    // A pseudo-step whose one output is the tensor the gather fills.
    const step = { kernel: 'copy' as const, inputs: [], outputs: [tensor], arg: {}, origin: 'gather', phase: 'forward' as const };
    const target: LaunchTarget = { device: this.device, cache: this.cache, caps: this.caps, plan: on.plan, memory: on.memory, pools: on.pools, env: this.env, extra };
    return Promise.all(gatherPrograms({ ...data.spec, batch: on.plan.batch, mode }, this.caps).map((program) => makeLaunch(program, step, target)));
  }

  setData(name: SplitName, split: Split): Promise<void> {
    return this.ordered(() => this.setDataNow(name, split));
  }

  private async setDataNow(name: SplitName, split: Split): Promise<void> {
    const { training, inference } = this.loaded();
    if (inference.plan.inputs.length !== 1) throw new WebGPUError(`the model has ${inference.plan.inputs.length} inputs; datasets provide one`);
    const old = this.splits.get(name);
    if (old) for (const b of [...old.x.buffers, ...(old.y?.buffers ?? [])]) b.destroy();
    await this.scoped(`uploading the ${name} split`, async () => {
      const x = this.upload(split.x, inference.plan.tensors[inference.plan.inputs[0]!]!, `${name} inputs`);
      const y = name === 'train' ? this.upload(split.y, training.plan.tensors[training.plan.training!.targets[0]!]!, `${name} targets`) : undefined;
      const predictGather = await this.gatherLaunches(x, 'sequential', inference, inference.plan.inputs[0]!);
      this.splits.set(name, { count: split.x.shape[0]!, x, ...(y ? { y } : {}), predictGather });
    });
    if (name === 'train') this.trainGathers = undefined;
  }

  setOrder(order: Uint32Array): Promise<void> {
    return this.ordered(() => this.setOrderNow(order));
  }

  private setOrderNow(order: Uint32Array): void {
    this.loaded();
    if (order.length === 0) throw new WebGPUError('the epoch order is empty');
    if (!this.order || this.order.capacity < order.length) {
      this.order?.buffer.destroy();
      this.order = { buffer: storageBuffer(this.device, order.byteLength, 'epoch order'), capacity: order.length, length: order.length };
      this.trainGathers = undefined;
    }
    this.order.length = order.length;
    this.device.queue.writeBuffer(this.order.buffer, 0, order.buffer, order.byteOffset, order.byteLength);
  }

  /** Writes per-step uniform entries 0..n-1. */
  private writeEnv(entries: readonly EnvEntry[]): void {
    const u = new Uint32Array(this.envData);
    const f = new Float32Array(this.envData);
    const stride = this.envStride / 4;
    entries.forEach((e, i) => {
      u[i * stride] = e.step;
      u[i * stride + 1] = e.position;
      u[i * stride + 2] = this.seed;
      u[i * stride + 3] = this.order?.length ?? 1;
      f[i * stride + 4] = e.lr;
      f[i * stride + 5] = e.lrCorrected;
    });
    this.device.queue.writeBuffer(this.env, 0, this.envData, 0, entries.length * this.envStride);
  }

  /** Adam's bias-corrected learning rate at update t, in double precision as the reference computes it. */
  private corrected(lr: number, t: number): number {
    const arg = this.training!.plan.steps.find((s) => s.kernel === 'optimizer')?.arg;
    if (arg?.['type'] !== 'adam' && arg?.['type'] !== 'adamw') return lr;
    const b1 = (arg['beta1'] as number | undefined) ?? 0.9;
    const b2 = (arg['beta2'] as number | undefined) ?? 0.999;
    return (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
  }

  run(options: RunOptions): Promise<void> {
    return this.ordered(() => this.runNow(options));
  }

  private async runNow(options: RunOptions): Promise<void> {
    const { training } = this.loaded();
    const train = this.splits.get('train');
    if (!train?.y) throw new WebGPUError('setData("train", …) before run()');
    if (!this.order) throw new WebGPUError('setOrder() before run()');
    if (!this.trainGathers) {
      const plan = training.plan;
      this.trainGathers = (await Promise.all([this.gatherLaunches(train.x, 'order', training, plan.inputs[0]!), this.gatherLaunches(train.y, 'order', training, plan.training!.targets[0]!)])).flat();
    }
    const hasOptimizer = training.plan.steps.some((s) => s.kernel === 'optimizer');
    for (let done = 0; done < options.steps; done += STEPS_PER_SUBMIT) {
      const n = Math.min(STEPS_PER_SUBMIT, options.steps - done);
      const entries = Array.from({ length: n }, (_, i): EnvEntry => {
        const t = this.updates + (hasOptimizer ? i + 1 : 0);
        return { step: t, position: options.offset + done + i, lr: options.learningRate, lrCorrected: this.corrected(options.learningRate, Math.max(1, t)) };
      });
      this.writeEnv(entries);
      const encoder = this.device.createCommandEncoder({ label: 'training steps' });
      const pass = encoder.beginComputePass();
      for (let i = 0; i < n; i++) {
        encodeLaunches(pass, this.trainGathers, i * this.envStride);
        encodeLaunches(pass, training.launches, i * this.envStride);
      }
      pass.end();
      this.device.queue.submit([encoder.finish()]);
      if (hasOptimizer) this.updates += n;
    }
  }

  /**
   * Copies the accumulators to a free staging buffer and clears them, in one
   * submit made before this returns its promise, so the sums are exactly
   * those of the steps run so far, whatever is queued next. Staging buffers
   * are reused once unmapped; a read issued while every one is still mapping
   * gets a new one.
   */
  async readMetrics(): Promise<MetricSums> {
    const slot = await this.ordered(() => this.copyMetrics());
    try {
      await slot.buffer.mapAsync(MapMode.READ);
      const s = new Float32Array(slot.buffer.getMappedRange(0, 20).slice(0));
      slot.buffer.unmap();
      this.check();
      return { loss: s[0]!, correct: s[1]!, samples: s[2]!, absError: s[3]!, squaredError: s[4]! };
    } finally {
      slot.busy = false;
    }
  }

  /** Submits the copy of the accumulators into a free staging buffer, and their reset. */
  private copyMetrics(): { buffer: GPUBuffer; busy: boolean } {
    const { training } = this.loaded();
    const place = training.memory.placements[training.plan.training!.metrics]!;
    let slot = this.staging.find((s) => !s.busy);
    if (!slot) {
      slot = { buffer: this.device.createBuffer({ label: `metrics staging ${this.staging.length}`, size: 32, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST }), busy: false };
      this.staging.push(slot);
    }
    const encoder = this.device.createCommandEncoder({ label: 'read metrics' });
    encoder.copyBufferToBuffer(training.pools.metrics, place.offset, slot.buffer, 0, 20);
    encoder.clearBuffer(training.pools.metrics, place.offset, 20);
    this.device.queue.submit([encoder.finish()]);
    slot.busy = true;
    return slot;
  }

  predict(name: SplitName): Promise<Float32Array> {
    return this.ordered(() => this.predictNow(name));
  }

  private async predictNow(name: SplitName): Promise<Float32Array> {
    const { inference } = this.loaded();
    const split = this.splits.get(name);
    if (!split) throw new WebGPUError(`setData("${name}", …) before predict("${name}")`);
    const batch = inference.plan.batch;
    const outId = inference.plan.outputs[0]!;
    const place = inference.memory.placements[outId]!;
    const perBatch = numel(inference.plan.tensors[outId]!.shape) * 4;
    const batches = Math.ceil(split.count / batch);
    const perSubmit = Math.max(1, Math.min(STEPS_PER_SUBMIT, Math.floor(this.device.limits.maxBufferSize / perBatch)));
    const result = new Float32Array(split.count * (perBatch / 4 / batch));
    for (let first = 0; first < batches; first += perSubmit) {
      const n = Math.min(perSubmit, batches - first);
      this.writeEnv(Array.from({ length: n }, (_, i) => ({ step: this.updates, position: first + i, lr: 0, lrCorrected: 0 })));
      const staging = this.device.createBuffer({ label: 'predictions', size: n * perBatch, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
      const encoder = this.device.createCommandEncoder({ label: 'predict' });
      for (let i = 0; i < n; i++) {
        const pass = encoder.beginComputePass();
        encodeLaunches(pass, [...split.predictGather, ...inference.launches], i * this.envStride);
        pass.end();
        encoder.copyBufferToBuffer(inference.pools[place.pool], place.offset, staging, i * perBatch, perBatch);
      }
      this.device.queue.submit([encoder.finish()]);
      await staging.mapAsync(MapMode.READ);
      const values = new Float32Array(staging.getMappedRange());
      // The last batch repeats the final sample to fill up; those rows are dropped.
      const start = first * (perBatch / 4);
      result.set(values.subarray(0, Math.min(values.length, result.length - start)), start);
      staging.destroy();
    }
    this.check();
    return result;
  }

  /** Weights and persistent state, by tensor name, in the training plan. */
  private stateTensors(): TensorInfo[] {
    const { training } = this.loaded();
    return training.plan.tensors.filter((t) => t.viewOf === undefined && (t.role === 'param' || t.role === 'state'));
  }

  async readState(): Promise<Map<string, Float32Array>> {
    const { tensors, reading, updates } = await this.ordered(() => {
      const { training } = this.loaded();
      const list = this.stateTensors();
      const ranges = list.map((t) => {
        const p = training.memory.placements[t.id]!;
        return { buffer: training.pools[p.pool], offset: p.offset, bytes: numel(t.shape) * 4 };
      });
      // readRanges submits its copies before its first await, so they land in queue order.
      return { tensors: list, reading: readRanges(this.device, ranges), updates: this.updates };
    });
    const data = await reading;
    this.check();
    const state = new Map<string, Float32Array>(tensors.map((t, i) => [t.name, new Float32Array(data[i]!)]));
    state.set(ITERATIONS, Float32Array.of(updates));
    return state;
  }

  writeState(state: ReadonlyMap<string, Float32Array>): Promise<void> {
    return this.ordered(() => this.writeStateNow(state));
  }

  private writeStateNow(state: ReadonlyMap<string, Float32Array>): void {
    const { training } = this.loaded();
    for (const t of this.stateTensors()) {
      const values = state.get(t.name);
      if (!values) continue;
      if (values.length !== numel(t.shape)) throw new WebGPUError(`the saved "${t.name}" has ${values.length} values, but the model's has ${numel(t.shape)} ([${t.shape}])`);
      writeTensor(this.device, training.pools, training.memory.placements[t.id]!, values);
    }
    const iterations = state.get(ITERATIONS)?.[0];
    if (iterations !== undefined) this.updates = iterations;
  }

  dispose(): void {
    this.release();
    this.env.destroy();
    for (const s of this.staging) s.buffer.destroy();
    this.device.removeEventListener('uncapturederror', this.onError);
    if (this.ownsDevice) this.handle.device.destroy();
  }
}
