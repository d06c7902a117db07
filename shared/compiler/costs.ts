/**
 * Cost estimates for the model summary: how much arithmetic one forward pass
 * takes, and how much memory its activations fill, per sample. Pure: it reads
 * only the shapes and weights the compiler inferred.
 *
 * The counting convention (stated once, here, because tools disagree):
 *
 * - FLOPs = 2 · MACs for every weighted sum. A multiply-accumulate is a
 *   multiply and an add, so it counts as two floating-point operations; this
 *   is TensorFlow's profiler's convention, and the one GPU peak figures use.
 *   Tools that print "FLOPs" but count MACs (thop, fvcore) show half of ours.
 * - MACs of a weight layer = (output positions) × (kernel size), which covers
 *   Dense, Conv1D/2D (groups included, since the kernel is already divided by
 *   them) and DepthwiseConv2D alike: every output position applies the whole
 *   kernel once. Conv2DTranspose scatters the kernel from every input
 *   position instead. A recurrent layer applies its kernel and recurrent
 *   kernel once per timestep.
 * - Element-wise work counts one FLOP per output value per operation: a bias
 *   add, an activation function (exp and tanh included; they cost more on
 *   real hardware, but are far from the matmuls' totals), each extra input
 *   of a merge, each window element of a pooling layer. Softmax counts 3
 *   (exp, sum, divide), batch normalisation 2 (it folds into a scale and a
 *   shift at inference), layer normalisation 5.
 * - Moving data costs nothing: Flatten, Reshape, Permute, RepeatVector,
 *   Concatenate, ZeroPadding2D, UpSampling2D (nearest), Embedding lookups,
 *   and Dropout, which is the identity at inference.
 * - A training step costs about three forward passes (the forward pass, then
 *   gradients with respect to activations and to weights); that factor is not
 *   folded into these figures.
 *
 * Activation memory is the number of values every layer outputs (the Input's
 * included) times 4 bytes for float32: what a training step keeps for the
 * backward pass, per sample. Inference needs less, since buffers are reused.
 */
import type { Shape, WeightSpec } from '../layers/define';
import type { CompileResult } from './compile';
import type { NodeShapes } from './infer-shapes';

export interface LayerCost {
  /** Multiply-accumulates of the layer's weighted sums. */
  readonly macs: number;
  /** 2 · macs, plus the element-wise operations. */
  readonly flops: number;
  /** Values the layer outputs, per sample. */
  readonly activations: number;
}

export interface CostEstimate {
  /** One entry per layer whose shapes are known. */
  readonly layers: ReadonlyMap<string, LayerCost>;
  readonly totals: {
    readonly macs: number;
    readonly flops: number;
    readonly activations: number;
    /** activations × 4 (float32). */
    readonly activationBytes: number;
  };
  /** False when some layer has no shape (a compile error upstream), so the totals leave it out. */
  readonly complete: boolean;
}

export const BYTES_PER_VALUE = 4;

const size = (s: Shape) => s.reduce((n, d) => n * d, 1);
const positions = (s: Shape) => size(s.slice(0, -1));

/** Element-wise FLOPs per output value, for layers that are nothing else. */
const ELEMENTWISE: Readonly<Record<string, number>> = {
  ReLU: 1, LeakyReLU: 1, ELU: 1, Softmax: 3,
  BatchNormalization: 2, LayerNormalization: 5,
};

const MERGES = new Set(['Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum']);
const POOLS = new Set(['MaxPooling1D', 'MaxPooling2D', 'AveragePooling1D', 'AveragePooling2D']);
const GLOBAL_POOLS = new Set(['GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'GlobalMaxPooling1D', 'GlobalMaxPooling2D']);
const RECURRENT = new Set(['SimpleRNN', 'GRU', 'LSTM']);
/** Gate blocks per recurrent cell: SimpleRNN has one, GRU three, LSTM four. */
const GATES: Readonly<Record<string, number>> = { SimpleRNN: 1, GRU: 3, LSTM: 4 };

type Params = Readonly<Record<string, unknown>>;

function isKernel(w: WeightSpec): boolean {
  return w.name === 'kernel' || w.name.endsWith('_kernel');
}

function activationFlops(p: Params, outputs: number): number {
  return typeof p['activation'] === 'string' && p['activation'] !== 'linear' ? outputs : 0;
}

/** A recurrent cell over the whole sequence: two matmuls and its gates per timestep. */
function recurrentCost(type: string, inputShape: Shape, weights: readonly WeightSpec[], units: number): { macs: number; elementwise: number } {
  const timesteps = inputShape[0] ?? 1;
  const macs = timesteps * weights.filter(isKernel).reduce((n, w) => n + size(w.shape), 0);
  // Per step and per gate block: bias add, gate activation and the combining multiply or add.
  const directions = weights.filter((w) => w.name.endsWith('recurrent_kernel')).length || 1;
  const elementwise = timesteps * directions * (GATES[type] ?? 1) * units * 3;
  return { macs, elementwise };
}

function innerLayer(p: Params): { type: string; params: Params } {
  const inner = p['layer'] as { type?: unknown; params?: unknown } | undefined;
  return { type: typeof inner?.type === 'string' ? inner.type : '', params: (inner?.params ?? {}) as Params };
}

function unitsOf(p: Params): number {
  return typeof p['units'] === 'number' ? p['units'] : 32;
}

/** The cost of one layer from its type, its checked parameters and its inferred shapes. */
export function layerCost(type: string, params: Params, shapes: NodeShapes): LayerCost {
  const { inputShapes, outputShape, weights } = shapes;
  const outputs = size(outputShape);
  const input = inputShapes[0] ?? [];
  const hasBias = weights.some((w) => w.name === 'bias' || w.name.endsWith('_bias'));
  let macs = 0;
  let elementwise = 0;

  if (RECURRENT.has(type)) {
    ({ macs, elementwise } = recurrentCost(type, input, weights, unitsOf(params)));
  } else if (type === 'Bidirectional') {
    const inner = innerLayer(params);
    ({ macs, elementwise } = recurrentCost(inner.type, input, weights, unitsOf(inner.params)));
    if (params['merge_mode'] !== 'concat') elementwise += outputs;
  } else if (type === 'Conv2DTranspose') {
    macs = positions(input) * size(weights.find(isKernel)?.shape ?? [0]);
    elementwise = (hasBias ? outputs : 0) + activationFlops(params, outputs);
  } else if (type === 'Embedding') {
    // A table lookup: no arithmetic.
  } else if (weights.some(isKernel)) {
    // Dense, Conv1D/2D, DepthwiseConv2D, TimeDistributed(Dense).
    const activation = type === 'TimeDistributed' ? innerLayer(params).params : params;
    macs = positions(outputShape) * size(weights.find(isKernel)!.shape);
    elementwise = (hasBias ? outputs : 0) + activationFlops(activation, outputs);
  } else if (type === 'TimeDistributed') {
    const inner = innerLayer(params);
    elementwise = inner.type === 'Activation' ? activationFlops(inner.params, outputs) : 0;
  } else if (type === 'Activation') {
    elementwise = activationFlops(params, outputs);
  } else if (type in ELEMENTWISE) {
    elementwise = ELEMENTWISE[type]! * outputs;
  } else if (MERGES.has(type)) {
    elementwise = Math.max(inputShapes.length - 1, 0) * outputs;
  } else if (POOLS.has(type)) {
    elementwise = outputs * size((params['pool_size'] as number[] | undefined) ?? [1]);
  } else if (GLOBAL_POOLS.has(type)) {
    elementwise = size(input);
  }
  return { macs, flops: 2 * macs + elementwise, activations: outputs };
}

/** Costs of every layer with known shapes, and the model's totals. */
export function estimateCosts(result: Pick<CompileResult, 'wiring' | 'shapes'>): CostEstimate {
  const layers = new Map<string, LayerCost>();
  let macs = 0;
  let flops = 0;
  let activations = 0;
  for (const [id, node] of result.wiring.nodes) {
    const shapes = result.shapes.get(id);
    if (!shapes) continue;
    const cost = layerCost(node.type, node.params, shapes);
    layers.set(id, cost);
    macs += cost.macs;
    flops += cost.flops;
    activations += cost.activations;
  }
  return {
    layers,
    totals: { macs, flops, activations, activationBytes: activations * BYTES_PER_VALUE },
    complete: layers.size === result.wiring.nodes.size,
  };
}
