/**
 * Netwright's column in `npm run bench`: a thin adapter from a workload to
 * the engine, through the same path a training session takes (compile →
 * buildPlans → Trainer: load, setData once, setOrder, run N steps, read
 * metrics), on the WebGPU trainer over the Node host's Dawn device.
 *
 * Also the 1024³ matmul: the engine's own matmul kernel, chosen for the
 * adapter as the executor chooses it, dispatched back to back.
 *
 * The engine modules are imported lazily, so a missing device or a module
 * that does not load yet shows up as "unavailable: <reason>" in the table
 * instead of stopping the benchmark.
 */
/// <reference types="@webgpu/types" />
import { performance } from 'node:perf_hooks';
import type { Project } from '../shared/graph';
import { measureSteps, median, unavailable, DEFAULT_PROTOCOL, type MatmulResult, type PeerResult, type Protocol } from './report';
import type { RegisterBlock } from '../src-main/engine/webgpu/kernels/matmul';
import { generateData, workloadGraph, type BenchData, type Workload } from './workloads';

/** The workload as a project, with the training settings every engine uses. */
export function workloadProject(w: Workload): Project {
  return {
    format: 'netwright',
    version: 1,
    name: `bench ${w.name}`,
    ...workloadGraph(w),
    training: {
      loss: 'sparse_categorical_crossentropy',
      fromLogits: true,
      optimizer: { type: 'adam', learning_rate: w.learningRate },
      epochs: 1,
      batchSize: w.batch,
      metrics: ['accuracy'],
    },
  };
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function netwrightSteps(w: Workload, data: BenchData = generateData(w), protocol: Protocol = DEFAULT_PROTOCOL): Promise<PeerResult> {
  let plans;
  try {
    const { buildPlans } = await import('../src-main/training/session');
    plans = buildPlans(workloadProject(w), w.batch, w.batch);
  } catch (e) {
    return unavailable(`the engine cannot plan this model yet: ${message(e)}`);
  }
  const params = plans.training.training!.params.reduce((n, { param }) => n + plans.training.tensors[param]!.shape.reduce((a, b) => a * b, 1), 0);
  if (params !== w.params) return unavailable(`the plan has ${params} trainable parameters, expected ${w.params}`);

  let executor;
  try {
    executor = await import('../src-main/engine/webgpu/executor');
  } catch (e) {
    return unavailable(`not available yet: the WebGPU trainer (src-main/engine/webgpu/executor.ts) does not load: ${message(e)}`);
  }
  const { nodeDevice } = await import('../src-main/engine/hosts/node');
  const handle = await nodeDevice();
  if (!handle.device) return unavailable(handle.reason);
  const trainer = new executor.WebGPUTrainer(handle);
  try {
    await trainer.load(plans.training, plans.inference, 1);
    await trainer.setData('train', { x: { data: data.x, shape: [data.count, ...w.input] }, y: { data: data.y, shape: [data.count] } });
    const { Random } = await import('../src-main/engine/random');
    await trainer.setOrder(Uint32Array.from(new Random(1).permutation(data.count)));
    const stepsPerEpoch = data.count / w.batch;
    let position = 0;
    const run = async (steps: number) => {
      await trainer.run({ steps, offset: position, learningRate: w.learningRate });
      position = (position + steps) % stepsPerEpoch; // the gather wraps the order, so any offset works
      const m = await trainer.readMetrics(); // waits for the queued steps
      if (!Number.isFinite(m.loss)) throw new Error(`the loss became ${m.loss}`);
    };
    return await measureSteps(run, `${trainer.adapter}, ${trainer.dispatchesPerStep} dispatches a step, up to ${executor.STEPS_PER_SUBMIT} steps a submit`, protocol);
  } catch (e) {
    return unavailable(`the WebGPU trainer failed: ${message(e)}`);
  } finally {
    trainer.dispose();
  }
}

/**
 * GFLOP/s of the engine's matmul kernel at size³, f32, median of
 * `repetitions` timed runs. `block` forces a register block (for tuning);
 * by default the kernel picks its variant as it does in a plan.
 */
export async function netwrightMatmul(size = 1024, protocol: Protocol = DEFAULT_PROTOCOL, block?: RegisterBlock): Promise<MatmulResult> {
  let modules;
  try {
    modules = await Promise.all([import('../src-main/engine/hosts/node'), import('../src-main/engine/webgpu/executor'), import('../src-main/engine/webgpu/kernels/matmul'), import('../src-main/engine/webgpu/pipelines'), import('../src-main/engine/webgpu/usage')]);
  } catch (e) {
    return { ok: false, reason: `not available yet: ${message(e)}` };
  }
  const [{ nodeDevice }, { deviceCaps }, { productProgram, productFlops }, { PipelineCache }, { BufferUsage }] = modules;
  const handle = await nodeDevice();
  if (!handle.device) return { ok: false, reason: handle.reason };
  const device = handle.device;
  try {
    const caps = deviceCaps(device, handle.software);
    const product = { label: `matmul ${size}³`, P: size, Q: size, R: size, layout: 'xr_yq' as const, hasBias: false, activation: null, arg: {} };
    const program = productProgram(product, caps, block);
    const { pipeline, layout } = await new PipelineCache(device).get(program);
    const bytes = size * size * 4;
    const buffers = [0, 1, 2].map((i) => device.createBuffer({ label: `matmul ${['a', 'b', 'c'][i]}`, size: bytes, usage: BufferUsage.STORAGE | BufferUsage.COPY_DST }));
    const fill = new Float32Array(size * size).map((_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
    device.queue.writeBuffer(buffers[0]!, 0, fill);
    device.queue.writeBuffer(buffers[1]!, 0, fill);
    // Bindings in the program's order: inputs 0 and 1, then output 0.
    const bufferFor = (b: (typeof program.bindings)[number]) => (b.source.kind === 'in' ? buffers[b.source.index]! : buffers[2]!);
    const bindGroup = device.createBindGroup({ layout, entries: program.bindings.map((b, binding) => ({ binding, resource: { buffer: bufferFor(b) } })) });
    const dispatch = async (n: number) => {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      for (let i = 0; i < n; i++) pass.dispatchWorkgroups(...program.workgroups);
      pass.end();
      device.queue.submit([encoder.finish()]);
      await device.queue.onSubmittedWorkDone();
    };
    const timed = async (n: number) => {
      const start = performance.now();
      await dispatch(n);
      return (performance.now() - start) / 1000;
    };
    await dispatch(2);
    let n = 1;
    let elapsed = await timed(n);
    while (elapsed < Math.min(0.5, protocol.seconds / 2)) elapsed = await timed((n *= 2));
    const count = Math.max(2, Math.round((n / elapsed) * protocol.seconds));
    const reps: number[] = [];
    for (let r = 0; r < protocol.repetitions; r++) reps.push((productFlops(product) * count) / (await timed(count)) / 1e9);
    for (const b of buffers) b.destroy();
    return { ok: true, gflops: median(reps), reps, detail: `${program.label}, ${handle.adapter} (WebGPU ${handle.featureLevel})` };
  } catch (e) {
    return { ok: false, reason: `the matmul kernel failed: ${message(e)}` };
  } finally {
    device.destroy();
  }
}
