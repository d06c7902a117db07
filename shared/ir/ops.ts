/**
 * The IR's op set. It is closed: the compiler may only emit these ops, the
 * engine must implement each of them (forward and backward), and the
 * exporters map each of them. Layouts follow Keras: channels-last.
 *
 * Shapes in the IR include the batch dimension first, written as BATCH (-1)
 * until a plan fixes the batch size.
 */
export const OPS = [
  // ── Sources ────────────────────────────────────────────────────────────
  'input', //       a model input; arg: { name }
  'param', //       a trainable or non-trainable weight; arg: { name, init, trainable }
  'const', //       a small literal tensor; arg: { values: number[] }

  // ── Elementwise, binary (numpy broadcasting) ────────────────────────────
  'add',
  'sub',
  'mul',
  'div',
  'maximum',
  'minimum',

  // ── Elementwise, unary ──────────────────────────────────────────────────
  'neg',
  'exp',
  'log',
  'sqrt',
  'square',
  'abs',
  'scale', //       x * arg.factor

  // ── Activations (elementwise unless noted) ──────────────────────────────
  'step', //        Heaviside: 1 if x > 0 else 0
  'sigmoid',
  'hard_sigmoid', // Keras 3: relu6(x + 3) / 6
  'tanh',
  'relu',
  'leaky_relu', //  arg: { alpha }
  'elu', //         arg: { alpha }
  'selu',
  'gelu', //        arg: { approximate }
  'swish', //       x * sigmoid(x)
  'softplus',
  'softsign',
  'softmax', //     along arg.axis (last by default)
  'log_softmax', // along arg.axis

  // ── Linear algebra ──────────────────────────────────────────────────────
  'matmul', //      [..., K] x [K, N] → [..., N]; the engine fuses bias and activation into it
  'conv', //        N-d convolution, channels-last; arg: { strides, padding, dilations, groups }
  'conv_transpose', // arg: { strides, padding, outputPadding }

  // ── Pooling and resampling ──────────────────────────────────────────────
  'max_pool', //    arg: { window, strides, padding }
  'avg_pool', //    arg: { window, strides, padding }; padding cells are not counted
  'pad', //         zero padding; arg: { pads: [before, after][] } per dimension
  'upsample', //    nearest neighbour; arg: { factors }

  // ── Reductions ──────────────────────────────────────────────────────────
  'reduce_sum', //  arg: { axes, keepDims }
  'reduce_mean',
  'reduce_max',

  // ── Normalisation and regularisation ────────────────────────────────────
  'batch_norm', //  src: x, gamma, beta, movingMean, movingVar; arg: { epsilon, momentum, axis }
  'layer_norm', //  src: x, gamma, beta; arg: { epsilon, axes }
  'dropout', //     arg: { rate, seed }; identity at inference

  // ── Indexing and layout ─────────────────────────────────────────────────
  'reshape', //     arg: { shape }
  'transpose', //   arg: { perm }
  'concat', //      arg: { axis }
  'slice', //       arg: { starts, ends, axes }
  'reverse', //     arg: { axis }
  'repeat', //      insert a new axis and repeat; arg: { axis, times }
  'gather', //      embedding lookup: src: table, indices

  // ── Recurrent (whole sequences, so the engine can run BPTT in one kernel) ──
  'rnn', //         SimpleRNN; src: x, kernel, recurrentKernel[, bias]; arg: RecurrentArg
  'gru', //         src: x, kernel, recurrentKernel, bias; arg: RecurrentArg & { resetAfter }
  'lstm', //        src: x, kernel, recurrentKernel[, bias]; arg: RecurrentArg

  // ── Kept for export ─────────────────────────────────────────────────────
  // An ONNX operation kept as it is (an imported op Netwright has no layer
  // for), emitted only when compiling for the ONNX exporter (compile's
  // keepOnnxOps); the engine cannot run it. src: the data inputs and weights
  // in the order arg.inputs lists them; arg: OnnxOpArg (shared/layers/onnx-op.ts).
  'onnx',
] as const;

export type Op = (typeof OPS)[number];

const OP_SET: ReadonlySet<string> = new Set(OPS);

export function isOp(name: string): name is Op {
  return OP_SET.has(name);
}

export const UNARY_OPS: ReadonlySet<Op> = new Set<Op>([
  'neg', 'exp', 'log', 'sqrt', 'square', 'abs', 'scale',
  'step', 'sigmoid', 'hard_sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'selu',
  'gelu', 'swish', 'softplus', 'softsign', 'softmax', 'log_softmax', 'dropout',
]);

export const BINARY_OPS: ReadonlySet<Op> = new Set<Op>(['add', 'sub', 'mul', 'div', 'maximum', 'minimum']);
