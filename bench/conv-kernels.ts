/**
 * `npx tsx bench/conv-kernels.ts [--reps=N] [--workload=lenet]`: where a
 * training step's time goes, step by step, on this machine's adapter (not a
 * test). Builds the workload's training plan as `npm run bench` does, then
 * times each step's launches dispatched back to back in one submit, and a
 * whole step the same way. The conv/pool family is marked with `*`.
 *
 * On a shared CPU (llvmpipe runs on the CPU) wall-clock figures move with
 * what else is running: compare runs taken together.
 */
/// <reference types="@webgpu/types" />
import { performance } from 'node:perf_hooks';
import { nodeDevice } from '../src-main/engine/hosts/node';
import { buildPlans } from '../src-main/training/session';
import { createPools, writeTensor } from '../src-main/engine/webgpu/device-memory';
import { deviceCaps } from '../src-main/engine/webgpu/executor';
import { ENV_BYTES } from '../src-main/engine/webgpu/kernels/prelude';
import { buildLaunches, encodeLaunches, programsFor, type Launch } from '../src-main/engine/webgpu/launches';
import { planMemory } from '../src-main/engine/webgpu/memory';
import { PipelineCache } from '../src-main/engine/webgpu/pipelines';
import { BufferUsage } from '../src-main/engine/webgpu/usage';
import { Random } from '../src-main/engine/random';
import { workloadProject } from './netwright';
import { WORKLOADS, type WorkloadName } from './workloads';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const reps = Number(arg('reps') ?? 20);
const workload = WORKLOADS[(arg('workload') ?? 'lenet') as WorkloadName];
const CONV_FAMILY = new Set(['conv', 'conv_grad_input', 'conv_grad_weight', 'pool', 'pool_grad', 'pad', 'crop', 'upsample', 'upsample_grad']);

const handle = await nodeDevice();
if (!handle.device) {
  console.error(handle.reason);
  process.exit(1);
}
const device = handle.device;
const caps = deviceCaps(device, handle.software);
const plan = buildPlans(workloadProject(workload), workload.batch, workload.batch).training;
const memory = planMemory(plan, caps.minStorageBufferOffsetAlignment);
const pools = createPools(device, memory, 'bench');
const env = device.createBuffer({ size: Math.max(ENV_BYTES, 256), usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST });
device.queue.writeBuffer(env, 0, new Uint32Array([1, 0, 0, 0, 0, 0, 0, 0]));
const rng = new Random(1);
plan.tensors.forEach((t, id) => {
  const n = t.shape.reduce((a, b) => a * b, 1);
  if (t.dtype === 'i32') writeTensor(device, pools, memory.placements[id]!, Int32Array.from({ length: n }, () => Math.floor(rng.next() * 10)));
  else if (t.role === 'input' || t.role === 'param') writeTensor(device, pools, memory.placements[id]!, Float32Array.from({ length: n }, () => (rng.next() - 0.5) * 0.2));
});
const target = { device, cache: new PipelineCache(device), caps, plan, memory, pools, env };
const compileStart = performance.now();
const launches = await buildLaunches(target);
const compileMs = performance.now() - compileStart;

/**
 * Milliseconds for one pass over `list`, from `reps` passes in one submit
 * (the median of three): wall time, and this process's CPU time (llvmpipe's
 * threads included), which moves less with other load.
 */
async function time(list: readonly Launch[]): Promise<{ wall: number; cpu: number }> {
  const once = async (count: number) => {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    for (let r = 0; r < count; r++) encodeLaunches(pass, list, 0);
    pass.end();
    const start = performance.now();
    const cpu = process.cpuUsage();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    const used = process.cpuUsage(cpu);
    return { wall: (performance.now() - start) / count, cpu: (used.user + used.system) / 1000 / count };
  };
  await once(1);
  const runs = [await once(reps), await once(reps), await once(reps)].sort((a, b) => a.cpu - b.cpu);
  return runs[1]!;
}

let at = 0;
let family = 0;
let sum = 0;
let familyCpu = 0;
let sumCpu = 0;
const rows: string[] = [];
for (const step of plan.steps) {
  const count = programsFor(step, target).length;
  const mine = launches.slice(at, at + count);
  at += count;
  const ms = await time(mine);
  sum += ms.wall;
  sumCpu += ms.cpu;
  if (CONV_FAMILY.has(step.kernel)) {
    family += ms.wall;
    familyCpu += ms.cpu;
  }
  rows.push(`${CONV_FAMILY.has(step.kernel) ? '*' : ' '} ${ms.wall.toFixed(3).padStart(8)} ms ${ms.cpu.toFixed(3).padStart(8)} ms  ${step.kernel.padEnd(17)} ${mine.map((l) => l.label).join(' | ')}`);
}
const whole = await time(launches);
console.log(`${workload.title}: ${launches.length} launches, pipelines built in ${compileMs.toFixed(0)} ms, ${handle.software ? 'software' : 'hardware'} adapter`);
console.log('      wall      CPU');
console.log(rows.join('\n'));
console.log(`conv/pool family ${family.toFixed(2)} ms wall, ${familyCpu.toFixed(2)} ms CPU, of ${sum.toFixed(2)} ms wall, ${sumCpu.toFixed(2)} ms CPU summed by step`);
console.log(`a whole step: ${whole.wall.toFixed(2)} ms wall, ${whole.cpu.toFixed(2)} ms CPU (${(1000 / whole.wall).toFixed(1)} steps/s without the batch gather or readback)`);
