/**
 * One peer, one workload, in its own process: `node --import tsx
 * bench/peers/child.ts '<json task>'`. A crash here (a GPU driver fault, an
 * out-of-memory) cannot take the whole benchmark down, and the engines do
 * not share a Dawn instance or a TF.js backend registry. Prints one line,
 * `RESULT {json}`, on stdout.
 */
import type { MatmulResult, PeerResult } from '../report';
import { readData, WORKLOADS } from '../workloads';
import { RESULT_PREFIX, type ChildTask } from './spawn';

async function perform(task: ChildTask): Promise<PeerResult | MatmulResult> {
  if (task.kind === 'matmul') {
    const { netwrightMatmul } = await import('../netwright');
    return netwrightMatmul(task.size, task.protocol);
  }
  const w = WORKLOADS[task.workload];
  const data = readData(w, task.files);
  switch (task.peer) {
    case 'netwright':
      return (await import('../netwright')).netwrightSteps(w, data, task.protocol);
    case 'tfjs-webgpu':
      return (await import('./tfjs-webgpu')).tfjsWebgpuSteps(w, data, task.protocol);
    case 'tfjs-wasm':
      return (await import('./tfjs-wasm')).tfjsWasmSteps(w, data, task.protocol);
  }
}

const task = JSON.parse(process.argv[2] ?? '{}') as ChildTask;
let result: PeerResult | MatmulResult;
try {
  result = await perform(task);
} catch (e) {
  result = { ok: false, reason: e instanceof Error ? e.message.split('\n')[0]! : String(e) };
}
process.stdout.write(`\n${RESULT_PREFIX}${JSON.stringify(result)}\n`);
// Dawn and TF.js may keep handles open; the result is out, so leave now.
process.exit(0);
