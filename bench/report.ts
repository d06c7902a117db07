/**
 * How the side-by-side benchmark measures and reports, shared by every
 * TypeScript peer (bench/peers/pytorch.py follows the same protocol):
 *
 *   warm up (pipelines, JIT) → calibrate a step count that takes about
 *   `seconds` → run it three times → report the median steps/s.
 *
 * Each timed run ends by waiting for the device, so queued GPU work is
 * counted. Also here: the ratios against the targets from the issue, the
 * text table, and the JSON form of `npm run bench -- --json`.
 */
import { performance } from 'node:perf_hooks';
import type { WorkloadName } from './workloads';

export const PEERS = ['netwright', 'tfjs-webgpu', 'tfjs-wasm', 'pytorch-cpu'] as const;
export type PeerName = (typeof PEERS)[number];

export type PeerResult =
  | {
      readonly ok: true;
      /** Median over the repetitions. */
      readonly stepsPerSecond: number;
      readonly reps: readonly number[];
      /** Steps in each timed repetition. */
      readonly steps: number;
      /** What ran: adapter, threads, versions. */
      readonly detail: string;
      /** Why the figure may mislead (e.g. a peer not set up as the comparison calls for). */
      readonly warning?: string;
      /**
       * CPU time of the peer's process (all its threads, llvmpipe's included)
       * over wall time during the timed repetitions: how many cores it kept
       * busy. Below the core count on a loaded machine, other work took the rest.
       */
      readonly cores?: number;
    }
  | { readonly ok: false; readonly reason: string };

export interface MatmulResult {
  readonly ok: boolean;
  readonly gflops?: number;
  readonly reps?: readonly number[];
  readonly detail?: string;
  readonly reason?: string;
}

export interface Protocol {
  /** Target length of one timed repetition. */
  readonly seconds: number;
  readonly repetitions: number;
}

export const DEFAULT_PROTOCOL: Protocol = { seconds: 2, repetitions: 3 };
export const QUICK_PROTOCOL: Protocol = { seconds: 0.4, repetitions: 3 };

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/**
 * Times `run(n)`, which must run n steps and return only once their work is
 * done (on a GPU: after a readback of the last loss). Returns steps per
 * second, median of the repetitions.
 */
export async function measureSteps(run: (steps: number) => Promise<void>, detail: string, protocol: Protocol = DEFAULT_PROTOCOL): Promise<PeerResult> {
  const timed = async (n: number) => {
    const start = performance.now();
    await run(n);
    return (performance.now() - start) / 1000;
  };
  await run(3); // first steps compile pipelines and warm the JIT
  // Calibrate: grow the count until a run takes a measurable while.
  let n = 2;
  let elapsed = await timed(n);
  while (elapsed < Math.min(0.5, protocol.seconds / 2) && n < 1 << 20) {
    n *= 2;
    elapsed = await timed(n);
  }
  const steps = Math.max(3, Math.round((n / elapsed) * protocol.seconds));
  const reps: number[] = [];
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let r = 0; r < protocol.repetitions; r++) reps.push(steps / (await timed(steps)));
  const used = process.cpuUsage(cpu);
  const cores = (used.user + used.system) / 1000 / (performance.now() - start);
  return { ok: true, stepsPerSecond: median(reps), reps, steps, detail, cores };
}

/** One line, short enough for a table: shader dumps and stack traces stop at their first lines. */
export function oneLine(reason: string, limit = 240): string {
  const text = reason.replace(/\s+/g, ' ').trim();
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

export const unavailable = (reason: string): PeerResult => ({ ok: false, reason: oneLine(reason) });

/** The issue's targets, for a CPU-only machine (WebGPU on llvmpipe). */
export const TARGETS: readonly { readonly workload: WorkloadName; readonly peer: PeerName; readonly atLeast: number }[] = [
  { workload: 'mlp', peer: 'tfjs-webgpu', atLeast: 5 },
  { workload: 'lenet', peer: 'tfjs-webgpu', atLeast: 3 },
  { workload: 'mlp', peer: 'pytorch-cpu', atLeast: 0.25 },
];
export const MATMUL_TARGET_GFLOPS = 25;

export type TrainingResults = Partial<Record<WorkloadName, Partial<Record<PeerName, PeerResult>>>>;

export interface BenchResults {
  readonly training: TrainingResults;
  readonly titles: Partial<Record<WorkloadName, string>>;
  readonly matmul?: MatmulResult;
}

/** `{"mlp": {"netwright": S, …}, "lenet": {…}, "matmul1024": {"netwright": G}}`, null where a peer could not run. */
export function toJson(results: BenchResults): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [workload, peers] of Object.entries(results.training)) {
    out[workload] = Object.fromEntries(PEERS.filter((p) => peers?.[p]).map((p) => {
      const r = peers![p]!;
      return [p, r.ok ? round(r.stepsPerSecond, 2) : null];
    }));
  }
  if (results.matmul) out['matmul1024'] = { netwright: results.matmul.ok && results.matmul.gflops !== undefined ? round(results.matmul.gflops, 2) : null };
  return out;
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

function figure(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

/** The human-readable report: steps/s, spread, ratios against the targets, and why a peer is missing. */
export function formatReport(results: BenchResults): string {
  const lines: string[] = [];
  const workloads = Object.keys(results.training) as WorkloadName[];
  const peers = PEERS.filter((p) => workloads.some((w) => results.training[w]?.[p]));
  if (workloads.length > 0) {
    lines.push('Training steps per second (median of 3 after warm-up; higher is better)');
    const header = ['workload', ...peers];
    const rows = workloads.map((w) => [w, ...peers.map((p) => {
      const r = results.training[w]?.[p];
      return !r ? '' : r.ok ? figure(r.stepsPerSecond) : 'unavailable';
    })]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    lines.push(pad(header, widths), ...rows.map((r) => pad(r, widths)));
    lines.push('');
    for (const w of workloads) {
      lines.push(`${w}: ${results.titles[w] ?? ''}`);
      for (const p of peers) {
        const r = results.training[w]?.[p];
        if (!r) continue;
        if (r.ok) {
          const spread = `${figure(Math.min(...r.reps))}–${figure(Math.max(...r.reps))}`;
          const busy = r.cores !== undefined ? `; ${r.cores.toFixed(1)} cores busy` : '';
          lines.push(`  ${p.padEnd(12)} ${figure(r.stepsPerSecond).padStart(8)} steps/s  (reps ${spread}, ${r.steps} steps each${busy}; ${r.detail})`);
          if (r.warning) lines.push(`  ${''.padEnd(12)} WARNING: ${r.warning}`);
        } else {
          lines.push(`  ${p.padEnd(12)} unavailable: ${oneLine(r.reason)}`);
        }
      }
    }
    lines.push('');
    lines.push('Ratios, Netwright ÷ peer (same run, same machine):');
    for (const w of workloads) {
      const nw = results.training[w]?.['netwright'];
      for (const p of peers) {
        if (p === 'netwright') continue;
        const r = results.training[w]?.[p];
        if (!r) continue;
        const target = TARGETS.find((t) => t.workload === w && t.peer === p);
        const goal = target ? `  target ≥${target.atLeast}×` : '';
        if (!nw?.ok || !r.ok) {
          lines.push(`  ${w.padEnd(6)} vs ${p.padEnd(12)} —${goal ? `${goal} (not measured)` : ''}`);
          continue;
        }
        const ratio = nw.stepsPerSecond / r.stepsPerSecond;
        const verdict = target ? ` ${ratio >= target.atLeast ? 'met' : 'NOT met'}` : '';
        lines.push(`  ${w.padEnd(6)} vs ${p.padEnd(12)} ${ratio.toFixed(2)}×${goal}${verdict}`);
      }
    }
  }
  if (results.matmul) {
    const m = results.matmul;
    if (lines.length > 0) lines.push('');
    if (m.ok && m.gflops !== undefined) {
      const spread = m.reps ? ` (reps ${m.reps.map((g) => g.toFixed(1)).join(', ')})` : '';
      const llvmpipe = /llvmpipe/i.test(m.detail ?? '');
      const goal = llvmpipe ? `; target ≥${MATMUL_TARGET_GFLOPS} on llvmpipe ${m.gflops >= MATMUL_TARGET_GFLOPS ? 'met' : 'NOT met'}` : '';
      lines.push(`matmul 1024³ f32, Netwright: ${m.gflops.toFixed(1)} GFLOP/s${spread}${goal}; ${m.detail ?? ''}`);
    } else {
      lines.push(`matmul 1024³ f32, Netwright: unavailable: ${oneLine(m.reason ?? 'unknown reason')}`);
    }
  }
  return lines.join('\n');
}
