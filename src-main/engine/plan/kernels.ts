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

  // ── Convolution and pooling (any number of spatial axes, channels-last) ──
  'conv', //          (x, w[...k, Cin/g, Cout], bias?) → y; {strides, pads, dilations, groups, activation?, hasBias}
  'conv_grad_input', // (dy, w) → dx; {strides, pads, dilations, groups}; also the forward of a transposed conv
  'conv_grad_weight', // (x, dy) → dw; {strides, pads, dilations, groups}
  'pool', //          (x) → y; {fn: max|avg, window, strides, pads}
  'pool_grad', //     (dy, x, y) → dx; {fn, window, strides, pads}
  'pad', //           (x) → y, zero padding; {pads: [before, after][]}
  'crop', //          (x) → y, the inverse of pad and the gradient of pad; {pads}
  'upsample', //      (x) → y, nearest neighbour; {factors}
  'upsample_grad', // (dy) → dx, sums each block; {factors}

  // ── Layout ──────────────────────────────────────────────────────────────
  'transpose', //     (x) → y; {perm}
  'concat', //        (x0, x1, …) → y; {axis}
  'slice', //         (x) → y; {axis, start}
  'reverse', //       (x) → y; {axis}
  'repeat', //        (x) → y with a new axis; {axis, times}
  'gather', //        (table[V,D], ids[..]) → y[..,D]
  'gather_grad', //   (dy, ids) → dtable[V,D], summing repeated ids

  // ── Normalisation and regularisation ────────────────────────────────────
  'batch_norm', //    (x, gamma, beta, movingMean, movingVar) → (y, mean, invStd); {epsilon, momentum, training}; updates the moving statistics in place when training
  'batch_norm_grad', // (dy, x, gamma, mean, invStd) → (dx, dgamma, dbeta)
  'layer_norm', //    (x, gamma, beta) → (y, mean, invStd); {epsilon, axes}
  'layer_norm_grad', // (dy, x, gamma, mean, invStd) → (dx, dgamma, dbeta)
  'dropout', //       (x) → (y, mask); {rate, seed}; a counter-based RNG keyed by (seed, step, index)

  // ── Recurrent, whole sequences ──────────────────────────────────────────
  'rnn', //           (x, W, U, b?) → (y, states); {cell: rnn|gru|lstm, units, returnSequences, goBackwards, activation, recurrentActivation, resetAfter}
  'rnn_grad', //      (dy, x, W, U, b?, states) → (dx, dW, dU, db?)

  // ── Training ────────────────────────────────────────────────────────────
  'loss', //          (prediction, target) → (perSampleLoss[N], dPrediction); {fn, fromLogits, sparse}; loss and gradient in one launch
  'metrics', //       (perSampleLoss, prediction, target) → accumulators; {task}: adds loss sum, correct count, sample count
  'optimizer', //     (params, grads, state) → in place; {type, hyperparameters}; one launch over all packed parameters
  'copy', //          (x) → y
] as const;

export type Kernel = (typeof KERNELS)[number];
