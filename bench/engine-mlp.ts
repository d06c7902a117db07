/**
 * `npx tsx bench/engine-mlp.ts [--json]`: a quick measurement of the WebGPU
 * engine (not a test). Trains an MLP 784-128(relu)-10 with sparse
 * cross-entropy from logits and Adam, batch 128, on random MNIST-shaped data,
 * the way a training session drives it (run 50 steps, read metrics, …), and
 * times a 1024³ matmul.
 *
 * On a shared CPU (llvmpipe runs on the CPU) wall-clock rates depend on what
 * else is running, so it also reports the rates per CPU-second of this
 * process, scaled to all cores: what an idle machine would give.
 */
import { availableParallelism } from 'node:os';
import { nodeDevice } from '../src-main/engine/hosts/node';
import { graph, irOf, trainingPlan } from '../src-main/engine/testing';
import { buildPlan } from '../src-main/engine/plan/build-plan';
import { Random } from '../src-main/engine/random';
import { deviceCaps, WebGPUTrainer } from '../src-main/engine/webgpu/executor';
import { productFlops, productProgram, type Product } from '../src-main/engine/webgpu/kernels/matmul';
import { PipelineCache } from '../src-main/engine/webgpu/pipelines';
import { BufferUsage } from '../src-main/engine/webgpu/usage';

const json = process.argv.includes('--json');
const cores = availableParallelism();

/** Wall time and this process's CPU time (all threads, llvmpipe's included) around `fn`. */
async function timed(fn: () => Promise<void>): Promise<{ wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}

const handle = await nodeDevice();
if (!handle.device) {
  console.error(handle.reason);
  process.exit(1);
}

// ── MLP training ───────────────────────────────────────────────────────────
const batch = 128;
const steps = 200;
const g = graph([['in', 'Input', { shape: [784] }], ['h', 'Dense', { units: 128, activation: 'relu' }], ['out', 'Dense', { units: 10 }]]);
const training = trainingPlan(g, 'sparse_categorical_crossentropy', batch, true, { type: 'adam', learningRate: 1e-3 });
const inference = buildPlan(irOf(g), { batch: 256 });
const count = Number(process.env.COUNT ?? 60_000);
const rng = new Random(1);
const x = Float32Array.from({ length: count * 784 }, () => rng.next());
const y = Int32Array.from({ length: count }, () => Math.floor(rng.next() * 10));
const trainer = new WebGPUTrainer(handle, { ownsDevice: false });
const loadMs = (await timed(() => trainer.load(training, inference, 0))).wallMs;
await trainer.setData('train', { x: { data: x, shape: [count, 784] }, y: { data: y, shape: [count] } });
await trainer.setOrder(rng.permutation(count));
await trainer.run({ steps: 10, offset: 0, learningRate: 1e-3 });
await trainer.readMetrics();
const chunk = 50;
let loss = 0;
const mlp = await timed(async () => {
  let pending: Promise<unknown> | undefined;
  for (let done = 0; done < steps; done += chunk) {
    await trainer.run({ steps: chunk, offset: 10 + done, learningRate: 1e-3 });
    await pending;
    pending = trainer.readMetrics().then((m) => { if (process.env.DBG) console.log(m); loss = m.loss / m.samples; });
  }
  await pending;
});
const stepsPerSec = steps / (mlp.wallMs / 1000);
const idleStepsPerSec = steps / (mlp.cpuMs / 1000 / cores);

// ── 1024³ matmul ───────────────────────────────────────────────────────────
const device = handle.device;
const caps = deviceCaps(device, handle.software);
const n = 1024;
const product: Product = { label: 'bench', P: n, Q: n, R: n, layout: 'xr_yq', hasBias: false, activation: null, arg: {} };
const program = productProgram(product, caps);
const compiled = await new PipelineCache(device).get(program);
const buffers = [0, 1, 2].map(() => device.createBuffer({ size: n * n * 4, usage: BufferUsage.STORAGE | BufferUsage.COPY_DST }));
device.queue.writeBuffer(buffers[0]!, 0, Float32Array.from({ length: n * n }, () => rng.next()));
device.queue.writeBuffer(buffers[1]!, 0, Float32Array.from({ length: n * n }, () => rng.next()));
const bindGroup = device.createBindGroup({ layout: compiled.layout, entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })) });
const dispatch = async (times: number) => {
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(compiled.pipeline);
  pass.setBindGroup(0, bindGroup);
  for (let i = 0; i < times; i++) pass.dispatchWorkgroups(...program.workgroups);
  pass.end();
  device.queue.submit([encoder.finish()]);
  await device.queue.onSubmittedWorkDone();
};
await dispatch(1);
const reps = 5;
const mm = await timed(() => dispatch(reps));
const gflops = (productFlops(product) * reps) / (mm.wallMs / 1000) / 1e9;
const idleGflops = (productFlops(product) * reps) / (mm.cpuMs / 1000 / cores) / 1e9;

const result = {
  adapter: trainer.adapter,
  mlp: { stepsPerSec, idleStepsPerSec, dispatchesPerStep: trainer.dispatchesPerStep, pipelines: trainer.pipelines, loadMs, finalLoss: loss },
  matmul1024: { variant: program.label, gflops, idleGflops },
};
if (json) {
  console.log(JSON.stringify(result));
} else {
  console.log(`adapter: ${result.adapter}`);
  console.log(`MLP 784-128-10, Adam, batch ${batch}: ${stepsPerSec.toFixed(0)} steps/s (${idleStepsPerSec.toFixed(0)} per CPU-second × ${cores} cores), ${trainer.dispatchesPerStep} dispatches/step, ${trainer.pipelines} pipelines, load ${loadMs.toFixed(0)} ms, loss ${loss.toFixed(3)}`);
  console.log(`matmul 1024³ (${program.label}): ${gflops.toFixed(1)} GFLOP/s (${idleGflops.toFixed(1)} per CPU-second × ${cores} cores)`);
}
trainer.dispose();
for (const b of buffers) b.destroy();
device.destroy();
