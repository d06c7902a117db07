/**
 * PyTorch on the CPU, as the issue sets it up: Debian's /usr/bin/python3
 * (the `python3` first on PATH has no torch), 2 threads, OpenBLAS, and
 * OMP_WAIT_POLICY=PASSIVE so idle OpenMP threads sleep instead of spinning
 * against the other peers' work. The script (pytorch.py) prints one JSON
 * result.
 *
 * Debian's torch links the generic libblas.so.3, which is the netlib
 * reference BLAS unless OpenBLAS is installed: about 30× slower at a 1024³
 * matmul. OpenBLAS is found where Debian puts it, or in
 * NETWRIGHT_OPENBLAS_DIR (a directory holding its libblas.so.3, e.g. from
 * `apt-get download libopenblas0-pthread && dpkg -x`), and put first on
 * the library path of the child only.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unavailable, type PeerResult, type Protocol } from '../report';
import type { DataFiles, Workload } from '../workloads';

export const PYTHON = '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'pytorch.py');

function openBlasDir(): string | null {
  const triplet = process.arch === 'arm64' ? 'aarch64-linux-gnu' : 'x86_64-linux-gnu';
  const candidates = [
    process.env['NETWRIGHT_OPENBLAS_DIR'],
    ...['openblas-pthread', 'openblas-openmp', 'openblas-serial'].map((v) => `/usr/lib/${triplet}/${v}`),
  ];
  return candidates.find((d): d is string => !!d && existsSync(join(d, 'libblas.so.3'))) ?? null;
}

export function pytorchSteps(w: Workload, files: DataFiles, protocol: Protocol, timeoutMs = 300_000): Promise<PeerResult> {
  if (!existsSync(PYTHON)) return Promise.resolve(unavailable(`${PYTHON} does not exist (Debian's python3 with python3-torch)`));
  const blas = openBlasDir();
  const env = {
    ...process.env,
    OMP_WAIT_POLICY: 'PASSIVE',
    ...(blas ? { LD_LIBRARY_PATH: [blas, process.env['LD_LIBRARY_PATH']].filter(Boolean).join(':') } : {}),
  };
  const args = JSON.stringify({ workload: w, files, protocol, threads: 2 });
  return new Promise((resolve) => {
    execFile(PYTHON, [SCRIPT, args], { env, timeout: timeoutMs, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      const line = stdout.trim().split('\n').reverse().find((l) => l.startsWith('{'));
      if (error || !line) {
        const why = stderr.trim().split('\n').filter(Boolean).at(-1) ?? error?.message ?? 'no output';
        resolve(unavailable(/No module named 'torch'/.test(stderr) ? `${PYTHON} has no torch (apt-get install python3-torch)` : `the PyTorch script failed: ${why}`));
        return;
      }
      const result = JSON.parse(line) as PeerResult;
      if (result.ok && !/OpenBLAS/.test(result.detail)) {
        resolve({ ...result, warning: 'PyTorch ran on the netlib reference BLAS, not OpenBLAS: install libopenblas0-pthread or set NETWRIGHT_OPENBLAS_DIR, or its figure is far too low' });
        return;
      }
      resolve(result);
    });
  });
}
