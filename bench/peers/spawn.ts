/**
 * Runs a ChildTask in a fresh Node process (with tsx, as `npm run bench`
 * runs) and returns its result; a crash, a hang or garbage output becomes
 * an "unavailable" result with the reason, never an exception.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MatmulResult, PeerResult, Protocol } from '../report';
import type { DataFiles, WorkloadName } from '../workloads';

/** What bench/peers/child.ts runs (it is an entry point, so it exports nothing). */
export type ChildTask =
  | { readonly kind: 'training'; readonly peer: 'netwright' | 'tfjs-webgpu' | 'tfjs-wasm'; readonly workload: WorkloadName; readonly files: DataFiles; readonly protocol: Protocol }
  | { readonly kind: 'matmul'; readonly size: number; readonly protocol: Protocol };

export const RESULT_PREFIX = 'RESULT ';

const HERE = dirname(fileURLToPath(import.meta.url));
const CHILD = join(HERE, 'child.ts');
/** `--import tsx` resolves from the working directory: run children from the repository root. */
const ROOT = join(HERE, '..', '..');

function parse(text: string | undefined): PeerResult | MatmulResult | null {
  try {
    const value: unknown = text === undefined ? null : JSON.parse(text);
    return typeof value === 'object' && value !== null && 'ok' in value ? (value as PeerResult | MatmulResult) : null;
  } catch {
    return null;
  }
}

export function runChild<R extends PeerResult | MatmulResult>(task: ChildTask, timeoutMs = 300_000): Promise<R> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(task)], { cwd: ROOT, timeout: timeoutMs, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const line = stdout.split('\n').reverse().find((l) => l.startsWith(RESULT_PREFIX));
      const parsed = parse(line?.slice(RESULT_PREFIX.length));
      if (parsed) {
        resolve(parsed as R);
        return;
      }
      if (error?.killed) {
        resolve({ ok: false, reason: `timed out after ${timeoutMs / 1000} s` } as R);
        return;
      }
      // The last line that says something: not a stack frame, not one of Dawn's start-up warnings.
      const last = stderr.split('\n').filter((l) => l.trim() && !/^\s+at |^Warning: /.test(l)).at(-1);
      const why = error?.signal ? `crashed (${error.signal})` : `exited without a result (code ${error?.code ?? 0})`;
      resolve({ ok: false, reason: `${why}${last ? `: ${last.trim()}` : ''}` } as R);
    });
  });
}
