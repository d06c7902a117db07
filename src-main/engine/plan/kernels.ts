/**
 * The kernels a plan may launch: a closed set, each implemented by every
 * backend (reference/ on the CPU, webgpu/kernels/ on the GPU). Signatures are
 * "inputs → outputs; arg". Shapes are static and batch-first; layouts are
 * channels-last, as in the IR.
 */
export const KERNELS = [
  // ── Dense algebra ───────────────────────────────────────────────────────
  'matmul', //        (a[..,K], b[K,N] | b[N,K] if transB, bias?[N]) → y[..,N]; {transB, activation?, hasBias}
  'matmul_at', //     (a[..,K], b[..,N]) → y[K,N] = Σ_rows aᵀ·b, the weight gradient of matmul

  // ── Elementwise ─────────────────────────────────────────────────────────
  'unary', //         (x) → y; {fn, alpha?, factor?}
  'unary_grad', //    (dy, x, y) → dx; {fn, alpha?, factor?}
  'binary', //        (a, b) → y with numpy broadcasting; {fn: add|sub|mul|div|maximum|minimum|ge}; gradients compose these with reduce

  // ── Reductions and normalised exponentials ──────────────────────────────
  'reduce', //        (x) → y; {fn: sum|mean|max, axes}
  'reduce_grad', //   (dy, x, y) → dx; {fn, axes}
  'softmax', //       (x) → y along the last axis; {log}
  'softmax_grad', //  (dy, y) → dx; {log}

  // ── Convolution and pooling (1 to 3 spatial axes, channels-last) ──────
  // Windowed kernels (conv*, pool*) share one convention, per spatial axis:
  // output o reads input i = o·strides − pads[a][0] + k·dilations for tap k;
  // taps outside the input read zero (conv) or are skipped (pool). Output
  // sizes come from the output tensor; pads[a][1] is implied and never read.
  // strides, dilations, window: number[] per spatial axis; pads: [before, after][] per spatial axis.
  'conv', //          (x[N,..in,Cin], w[..k, Cin/groups, Cout], bias?[Cout]) → y[N,..out,Cout]; {strides, pads, dilations, groups, hasBias, activation: string|null, alpha}
  'conv_grad_input', // (dy[N,..out,Cout], w) → dx[N,..in,Cin]; {strides, pads, dilations, groups}; also the forward of a transposed conv
  'conv_grad_weight', // (x, dy) → dw[..k, Cin/groups, Cout], window from dw's shape; {strides, pads, dilations, groups}
  'pool', //          (x) → y; {fn: max|avg, window, strides, pads}; avg divides by the cells inside x only
  'pool_grad', //     (dy, x, y) → dx; {fn, window, strides, pads}; max: to the first cell (scan order) equal to y
  'pad', //           (x) → y, zero padding; {pads: [before, after][] for every axis, batch included}
  'crop', //          (x) → y = x[before : before + y's size], the gradient of pad; {pads} as pad's
  'upsample', //      (x) → y, nearest neighbour; {factors} per spatial axis
  'upsample_grad', // (dy) → dx, sums each block; {factors}

  // ── Layout ──────────────────────────────────────────────────────────────
  // Axes count the batch as axis 0 (IR axes). These only move values, so they
  // copy i32 tensors as well as f32. Sizes come from the tensors' shapes.
  'transpose', //     (x) → y, y.shape[k] = x.shape[perm[k]]; {perm: number[], batch axis included}; its gradient is the inverse perm
  'concat', //        (x0, x1, …) → y, inputs end to end along axis, in order; {axis}
  'slice', //         (x) → y = x[.., start : start + y.shape[axis], ..]; {axis, start}; the gradient of concat
  'reverse', //       (x) → y[.., j, ..] = x[.., n−1−j, ..]; {axis}; its own gradient
  'repeat', //        (x) → y with a new axis of size times at axis, every copy equal; {axis, times}; gradient: reduce sum over axis
  'gather', //        (table[V,D], ids i32[..]) → y[..,D] = table[ids]; no arg; an id outside [0, V) reads zeros
  'gather_grad', //   (dy[..,D], ids) → dtable[V,D], zero-filled, summing repeated ids; ids outside [0, V) add nothing

  // ── Normalisation and regularisation ────────────────────────────────────
  // Statistics are biased (÷M) and computed per group; x̂ = (x − mean)·invStd, y = γ·x̂ + β,
  // invStd = 1/√(var + epsilon). See reference/kernels/norm.ts for the gradient formula.
  'batch_norm', //    training: (x, gamma[C], beta[C], movingMean[C], movingVar[C]) → (y, mean[C], invStd[C], movingMean, movingVar);
  //                  statistics over every axis but `axis` (the channel, an IR axis); moving = moving·momentum + batch·(1 − momentum)
  //                  in place (the same tensors are inputs 3, 4 and outputs 3, 4). Inference: same inputs → (y), using the
  //                  moving statistics. {axis, epsilon, momentum, training: boolean}
  'batch_norm_grad', // (dy, x, gamma, mean, invStd) → (dx, dgamma[C], dbeta[C]); {axis}; always writes all three
  'layer_norm', //    (x, gamma, beta) → (y) at inference, (y, mean, invStd) when training; {epsilon, axes: ascending IR axes};
  //                  statistics per position of the other axes (mean/invStd shaped like x without `axes`); gamma/beta shaped like x's `axes`
  'layer_norm_grad', // (dy, x, gamma, mean, invStd) → (dx, dgamma, dbeta); {axes}; always writes all three
  'dropout', //       (x) → (y, mask); {rate, seed: u32}; training plans only. Keeps element i iff
  //                  counterUniform((seed ^ env.seed) >>> 0, env.step, i) ≥ rate (random.ts); mask[i] = 1/(1 − rate) or 0,
  //                  y = x·mask. The gradient is `binary` mul: dx = dy·mask

  // ── Recurrent, whole sequences ──────────────────────────────────────────
  'rnn', //           (x[N,T,F], W[F,G], U[u,G], b?[G] | [2,G] for a reset_after GRU) → (y, states?[N,T,S]); y is [N,T,u] with returnSequences, else [N,u];
  //                  {cell: rnn|gru|lstm, units, returnSequences, goBackwards, activation, recurrentActivation: {fn, alpha?, approximate?} | null, resetAfter, hasBias};
  //                  G = gates·u (Keras gate order, LSTM [i,f,c,o], GRU [z,r,h]); states only in training plans, layout in rules/recurrent.ts (STATE_WIDTH)
  'rnn_grad', //      (dy, x, W, U, b?, states) → (dx, dW, dU, db?); same arg; backpropagation through time, every output overwritten; a last output is scratch of [N, T, 2·G + units] for the sweep

  // ── Training ────────────────────────────────────────────────────────────
  'loss', //          (prediction, target) → (perSampleLoss[N], dPrediction); {fn, fromLogits, sparse}; loss and gradient in one launch
  'metrics', //       (perSampleLoss, prediction, target) → accumulators; {task}: adds loss sum, correct count, sample count
  'optimizer', //     (params, grads, state) → in place; {type, hyperparameters}; one launch over all packed parameters
  'copy', //          (x) → y
] as const;

export type Kernel = (typeof KERNELS)[number];
