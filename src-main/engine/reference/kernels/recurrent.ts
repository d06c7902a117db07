/**
 * Reference kernels for the recurrent family: SimpleRNN, GRU and LSTM over a
 * whole sequence (`rnn`) and backpropagation through time (`rnn_grad`), with
 * Keras's semantics. The arg and the states layout are documented in
 * plan/rules/recurrent.ts (RecurrentKernelArg, STATE_WIDTH).
 *
 * Each sample runs independently. Within a step, W and U are read as Keras
 * stores them: W[f, g·u + j] and U[k, g·u + j] for gate g and unit j.
 */
import type { Kernel } from '../../plan/kernels';
import { STATE_WIDTH, type CellActivation, type RecurrentKernelArg } from '../../plan/rules/recurrent';
import type { RefKernel, RefTensor } from '../tensor';
import { UNARY_FNS } from './activation-math';

interface Act {
  f(x: number): number;
  /** The derivative at pre-activation x with output y. */
  df(x: number, y: number): number;
}

function act(a: CellActivation): Act {
  if (a === null) return { f: (x) => x, df: () => 1 };
  const fn = UNARY_FNS[a.fn];
  if (!fn) throw new Error(`the recurrent kernels have no activation "${a.fn}"`);
  return { f: (x) => fn.f(x, a), df: (x, y) => fn.df(x, y, a) };
}

/** Shapes and views shared by the forward and backward kernels. */
function layout(arg: RecurrentKernelArg, x: RefTensor, W: RefTensor) {
  const [N, T, F] = x.shape as [number, number, number];
  const u = arg.units;
  const G = W.shape[1]!; // gates · units
  const S = STATE_WIDTH[arg.cell] * u;
  /** The input timestep read at reading step s. */
  const timeOf = (s: number) => (arg.goBackwards ? T - 1 - s : s);
  return { N, T, F, u, G, S, timeOf };
}

/** out[j] = Σ_k v[k]·M[k, col0 + j] for j < width; M has `cols` columns. */
function vecMat(v: ArrayLike<number>, vOff: number, rows: number, M: ArrayLike<number>, cols: number, col0: number, width: number, out: Float64Array): void {
  out.fill(0, 0, width);
  for (let k = 0; k < rows; k++) {
    const vk = v[vOff + k]!;
    if (vk === 0) continue;
    const row = k * cols + col0;
    for (let j = 0; j < width; j++) out[j]! += vk * M[row + j]!;
  }
}

const rnn: RefKernel = (inputs, outputs, raw) => {
  const arg = raw as RecurrentKernelArg;
  const [x, W, U, bias] = [inputs[0]!, inputs[1]!, inputs[2]!, arg.hasBias ? inputs[3] : undefined];
  const [y, states] = [outputs[0]!, outputs[1]];
  const { N, T, F, u, G, S, timeOf } = layout(arg, x, W);
  const A = act(arg.activation);
  const R = act(arg.recurrentActivation);
  const xd = x.data, Wd = W.data, Ud = U.data, bd = bias?.data;
  // A GRU with reset_after keeps a second (recurrent) bias in the row after the input bias.
  const recBias = arg.cell === 'gru' && arg.resetAfter && bd ? G : -1;
  const xw = new Float64Array(G);
  const hu = new Float64Array(G);
  const row = new Float64Array(S);
  const h = new Float64Array(u);
  const c = new Float64Array(u);
  for (let n = 0; n < N; n++) {
    h.fill(0);
    c.fill(0);
    for (let s = 0; s < T; s++) {
      vecMat(xd, (n * T + timeOf(s)) * F, F, Wd, G, 0, G, xw);
      if (bd) for (let j = 0; j < G; j++) xw[j]! += bd[j]!;
      if (arg.cell === 'rnn') {
        vecMat(h, 0, u, Ud, G, 0, u, hu);
        for (let j = 0; j < u; j++) {
          const a = xw[j]! + hu[j]!;
          row[j] = a;
          row[u + j] = h[j] = A.f(a);
        }
      } else if (arg.cell === 'lstm') {
        vecMat(h, 0, u, Ud, G, 0, G, hu);
        for (let j = 0; j < G; j++) row[j] = xw[j]! + hu[j]!;
        for (let j = 0; j < u; j++) {
          const i = R.f(row[j]!), f = R.f(row[u + j]!), g = A.f(row[2 * u + j]!), o = R.f(row[3 * u + j]!);
          c[j] = f * c[j]! + i * g;
          h[j] = o * A.f(c[j]!);
          row[4 * u + j] = c[j]!;
          row[5 * u + j] = h[j]!;
        }
      } else {
        // GRU: the z and r gates first, then the candidate, which reads r.
        vecMat(h, 0, u, Ud, G, 0, arg.resetAfter ? G : 2 * u, hu);
        if (recBias >= 0) for (let j = 0; j < G; j++) hu[j]! += bd![recBias + j]!;
        for (let j = 0; j < 2 * u; j++) row[j] = xw[j]! + hu[j]!;
        if (arg.resetAfter) {
          for (let j = 0; j < u; j++) row[3 * u + j] = hu[2 * u + j]!;
        } else {
          for (let j = 0; j < u; j++) row[3 * u + j] = R.f(row[u + j]!) * h[j]!;
          vecMat(row, 3 * u, u, Ud, G, 2 * u, u, hu);
        }
        for (let j = 0; j < u; j++) {
          const z = R.f(row[j]!), r = R.f(row[u + j]!);
          const a = arg.resetAfter ? xw[2 * u + j]! + r * row[3 * u + j]! : xw[2 * u + j]! + hu[j]!;
          row[2 * u + j] = a;
          h[j] = z * h[j]! + (1 - z) * A.f(a);
          row[4 * u + j] = h[j]!;
        }
      }
      if (states) states.data.set(row, (n * T + s) * S);
      if (arg.returnSequences) y.data.set(h, (n * T + s) * u);
    }
    if (!arg.returnSequences) y.data.set(h, n * u);
  }
};

const rnn_grad: RefKernel = (inputs, outputs, raw) => {
  const arg = raw as RecurrentKernelArg;
  const [dy, x, W, U] = [inputs[0]!, inputs[1]!, inputs[2]!, inputs[3]!];
  const states = inputs[arg.hasBias ? 5 : 4]!;
  const [dx, dW, dU, db] = [outputs[0]!, outputs[1]!, outputs[2]!, arg.hasBias ? outputs[3] : undefined];
  const { N, T, F, u, G, S, timeOf } = layout(arg, x, W);
  const A = act(arg.activation);
  const R = act(arg.recurrentActivation);
  const xd = x.data, Wd = W.data, Ud = U.data, sd = states.data, dyd = dy.data;
  const dxd = dx.data, dWd = dW.data, dUd = dU.data, dbd = db?.data;
  for (const o of outputs) o.data.fill(0);
  const recBias = arg.cell === 'gru' && arg.resetAfter && dbd ? G : -1;
  /** dL/d(x·W + b_in), the input side's pre-activations. */
  const dxg = new Float64Array(G);
  /** dL/d(h₋₁·U + b_rec), the recurrent side's; the same as dxg except in a GRU. */
  const drg = new Float64Array(G);
  const dh = new Float64Array(u);
  const dc = new Float64Array(u);
  const dhPrev = new Float64Array(u);
  const tmp = new Float64Array(u);
  const zeros = new Float32Array(S);
  for (let n = 0; n < N; n++) {
    dh.fill(0);
    dc.fill(0);
    for (let s = T - 1; s >= 0; s--) {
      const here = (n * T + s) * S;
      // The previous step's row, or zeros (the initial state) before the first step.
      const [prev, p0] = s > 0 ? [sd, here - S] : [zeros, 0];
      if (arg.returnSequences) for (let j = 0; j < u; j++) dh[j]! += dyd[(n * T + s) * u + j]!;
      else if (s === T - 1) for (let j = 0; j < u; j++) dh[j]! += dyd[n * u + j]!;
      dhPrev.fill(0);

      if (arg.cell === 'rnn') {
        for (let j = 0; j < u; j++) dxg[j] = dh[j]! * A.df(sd[here + j]!, sd[here + u + j]!);
        drg.set(dxg);
      } else if (arg.cell === 'lstm') {
        for (let j = 0; j < u; j++) {
          const ai = sd[here + j]!, af = sd[here + u + j]!, ag = sd[here + 2 * u + j]!, ao = sd[here + 3 * u + j]!;
          const i = R.f(ai), f = R.f(af), g = A.f(ag), o = R.f(ao);
          const cNow = sd[here + 4 * u + j]!, cPrev = prev[p0 + 4 * u + j]!;
          const tc = A.f(cNow);
          const dcj = dc[j]! + dh[j]! * o * A.df(cNow, tc);
          dxg[j] = dcj * g * R.df(ai, i);
          dxg[u + j] = dcj * cPrev * R.df(af, f);
          dxg[2 * u + j] = dcj * i * A.df(ag, g);
          dxg[3 * u + j] = dh[j]! * tc * R.df(ao, o);
          dc[j] = dcj * f;
        }
        drg.set(dxg);
      } else {
        for (let j = 0; j < u; j++) {
          const az = sd[here + j]!, ar = sd[here + u + j]!, ah = sd[here + 2 * u + j]!, q = sd[here + 3 * u + j]!;
          const z = R.f(az), r = R.f(ar), hh = A.f(ah), hp = prev[p0 + 4 * u + j]!;
          dxg[j] = dh[j]! * (hp - hh) * R.df(az, z);
          dxg[2 * u + j] = dh[j]! * (1 - z) * A.df(ah, hh);
          dhPrev[j] = dh[j]! * z;
          if (arg.resetAfter) {
            // a_h = x·W_h + b_ih + r⊙q: r's gradient is da_h⊙q, q's is da_h⊙r.
            dxg[u + j] = dxg[2 * u + j]! * q * R.df(ar, r);
            drg[2 * u + j] = dxg[2 * u + j]! * r;
          }
        }
        if (!arg.resetAfter) {
          // a_h = x·W_h + (r⊙h₋₁)·U_h + b_h: back through U_h to q = r⊙h₋₁, then to r and h₋₁.
          for (let k = 0; k < u; k++) {
            let sum = 0;
            for (let j = 0; j < u; j++) sum += dxg[2 * u + j]! * Ud[k * G + 2 * u + j]!;
            tmp[k] = sum;
            const q = sd[here + 3 * u + k]!;
            for (let j = 0; j < u; j++) dUd[k * G + 2 * u + j]! += q * dxg[2 * u + j]!;
          }
          for (let j = 0; j < u; j++) {
            const ar = sd[here + u + j]!, r = R.f(ar), hp = prev[p0 + 4 * u + j]!;
            dxg[u + j] = tmp[j]! * hp * R.df(ar, r);
            dhPrev[j]! += tmp[j]! * r;
          }
        }
        for (let j = 0; j < 2 * u; j++) drg[j] = dxg[j]!;
      }

      // Input side: dW += xᵀ·dxg, dx = dxg·Wᵀ, db_in += dxg.
      const xOff = (n * T + timeOf(s)) * F;
      for (let f = 0; f < F; f++) {
        const xv = xd[xOff + f]!;
        let sum = 0;
        for (let j = 0; j < G; j++) {
          dWd[f * G + j]! += xv * dxg[j]!;
          sum += dxg[j]! * Wd[f * G + j]!;
        }
        dxd[xOff + f] = sum;
      }
      if (dbd) for (let j = 0; j < G; j++) dbd[j]! += dxg[j]!;
      // Recurrent side: dU += h₋₁ᵀ·drg, dh₋₁ += drg·Uᵀ (a GRU without reset_after did its U_h block above).
      const width = arg.cell === 'gru' && !arg.resetAfter ? 2 * u : G;
      const hp0 = p0 + S - u; // h is the last block of every row
      for (let k = 0; k < u; k++) {
        const hv = prev[hp0 + k]!;
        let sum = 0;
        for (let j = 0; j < width; j++) {
          dUd[k * G + j]! += hv * drg[j]!;
          sum += drg[j]! * Ud[k * G + j]!;
        }
        dhPrev[k]! += sum;
      }
      if (recBias >= 0) for (let j = 0; j < G; j++) dbd![recBias + j]! += drg[j]!;
      dh.set(dhPrev);
    }
  }
};

export const RECURRENT_KERNELS: Partial<Record<Kernel, RefKernel>> = { rnn, rnn_grad };
