/** Reference matmul and its weight gradient. */
import { UNARY_FNS } from './activation-math';
import type { RefKernel } from '../tensor';

/** y[m, n] = act(Σ_k a[m, k]·b[k, n] + bias[n]), rows m over every leading axis of a. */
export const matmul: RefKernel = ([a, b, bias], [y], arg) => {
  const K = a!.shape.at(-1)!;
  const N = y!.shape.at(-1)!;
  const M = a!.data.length / K;
  const act = arg['activation'] ? UNARY_FNS[arg['activation']]! : undefined;
  const ad = a!.data;
  const bd = b!.data;
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let s = 0;
      if (arg['transB']) for (let k = 0; k < K; k++) s += ad[m * K + k]! * bd[n * K + k]!;
      else for (let k = 0; k < K; k++) s += ad[m * K + k]! * bd[k * N + n]!;
      if (arg['hasBias']) s += bias!.data[n]!;
      y!.data[m * N + n] = act ? act.f(s, arg) : s;
    }
  }
};

/** y[k, n] = Σ_m a[m, k]·b[m, n]. */
export const matmul_at: RefKernel = ([a, b], [y]) => {
  const K = a!.shape.at(-1)!;
  const N = b!.shape.at(-1)!;
  const M = a!.data.length / K;
  y!.data.fill(0);
  for (let m = 0; m < M; m++) {
    for (let k = 0; k < K; k++) {
      const av = a!.data[m * K + k]!;
      if (av === 0) continue;
      for (let n = 0; n < N; n++) y!.data[k * N + n]! += av * b!.data[m * N + n]!;
    }
  }
};
