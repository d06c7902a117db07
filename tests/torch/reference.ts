/**
 * Asks real PyTorch (Debian's python3-torch under /usr/bin/python3) for output
 * shapes and parameter counts, so layer tests compare against PyTorch rather
 * than against numbers we typed in.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const PYTHON = process.env['NETWRIGHT_PYTHON'] ?? '/usr/bin/python3';

export interface TorchCase {
  id: string;
  /** A PyTorch expression, e.g. "nn.Conv2d(3, 8, 3)". */
  module: string;
  /** Input shape in PyTorch's layout, batch first (channels-first for images). */
  input: number[];
  dtype?: 'float' | 'long';
}

export interface TorchResult {
  id: string;
  output: number[] | null;
  params: number | null;
  error: string | null;
}

export function runTorch(cases: TorchCase[]): Map<string, TorchResult> {
  const script = fileURLToPath(new URL('./reference.py', import.meta.url));
  const run = spawnSync(PYTHON, [script], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error || run.status !== 0) {
    throw new Error(
      `Could not run PyTorch with ${PYTHON}: ${run.error?.message ?? run.stderr}\n` +
        'Install it with: apt-get install -y python3-torch (or set NETWRIGHT_PYTHON to a Python with torch).',
    );
  }
  const results = JSON.parse(run.stdout) as TorchResult[];
  return new Map(results.map((r) => [r.id, r]));
}
