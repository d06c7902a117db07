/**
 * `npm run bench`: Netwright's benchmarks. Pass --json for one JSON object.
 *
 * 1. The compiler on a 500-node graph.
 * 2. Training side by side, on the same machine and the same adapter:
 *    Netwright's engine, TF.js WebGPU (same Dawn adapter), TF.js WASM and
 *    PyTorch CPU, each in its own process, on the workloads in workloads.ts.
 * 3. Netwright's 1024³ f32 matmul, in GFLOP/s.
 *
 * Options: --quick (short repetitions, for a smoke test), --peers=a,b and
 * --workloads=mlp,lenet,matmul1024 to run a subset. The benchmark measures;
 * it does not gate: a peer that cannot run is reported, and the exit code
 * stays 0.
 */
import { rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { benchCompile } from './compile';
import { runChild } from './peers/spawn';
import { pytorchSteps } from './peers/pytorch';
import { DEFAULT_PROTOCOL, formatReport, oneLine, PEERS, QUICK_PROTOCOL, toJson, type BenchResults, type MatmulResult, type PeerName, type PeerResult, type TrainingResults } from './report';
import { WORKLOADS, writeData, type WorkloadName } from './workloads';

const args = process.argv.slice(2);
const json = args.includes('--json');
const protocol = args.includes('--quick') ? QUICK_PROTOCOL : DEFAULT_PROTOCOL;
const listArg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3).split(',');
const peers = (listArg('peers') ?? PEERS).filter((p): p is PeerName => (PEERS as readonly string[]).includes(p));
const selected = listArg('workloads') ?? ['mlp', 'lenet', 'matmul1024'];
const workloads = (Object.keys(WORKLOADS) as WorkloadName[]).filter((w) => selected.includes(w));
const progress = (text: string) => process.stderr.write(`${text}\n`);

const loadBefore = loadavg()[0]!;
const compileResult = benchCompile();
const compileLine = `compile, ${compileResult.nodes}-node graph: shapes and errors ${compileResult.shapesMs.toFixed(2)} ms, with IR ${compileResult.fullMs.toFixed(2)} ms (median)`;
if (!json) console.log(compileLine);

const training: TrainingResults = {};
for (const name of workloads) {
  const w = WORKLOADS[name];
  const files = writeData(w);
  training[name] = {};
  for (const peer of peers) {
    progress(`bench: ${name} on ${peer}…`);
    const result: PeerResult = peer === 'pytorch-cpu' ? await pytorchSteps(w, files, protocol) : await runChild({ kind: 'training', peer, workload: name, files, protocol });
    training[name]![peer] = result;
    progress(`bench: ${name} on ${peer}: ${result.ok ? `${result.stepsPerSecond.toFixed(1)} steps/s` : `unavailable: ${oneLine(result.reason)}`}`);
  }
  rmSync(dirname(files.x), { recursive: true, force: true });
}

let matmul: MatmulResult | undefined;
if (selected.includes('matmul1024') && peers.includes('netwright')) {
  progress('bench: matmul 1024³ on netwright…');
  matmul = await runChild<MatmulResult>({ kind: 'matmul', size: 1024, protocol });
}

const results: BenchResults = { training, titles: Object.fromEntries(workloads.map((w) => [w, WORKLOADS[w].title])), ...(matmul ? { matmul } : {}) };
if (json) {
  console.log(JSON.stringify({ compile500: compileResult, ...toJson(results) }));
} else {
  console.log('');
  console.log(formatReport(results));
  console.log('');
  // Everything here runs on the CPU (llvmpipe included), so other work on the machine slows every peer.
  console.log(`Machine: ${cpus().length} cores, load average ${loadBefore.toFixed(1)} at the start and ${loadavg()[0]!.toFixed(1)} at the end. Figures move with other load; ratios from one run hold better.`);
}
