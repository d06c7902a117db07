/**
 * From IR to a plan, as named passes:
 *
 *   fuse → lowerForward → addLoss → autodiff → addOptimizer
 *
 * Forward and gradient rules come from one table per op family (rules/).
 * The plan is backend-neutral; the reference backend and the WebGPU executor
 * both run it.
 */
import type { IRGraph, IRNode } from '../../../shared/ir/graph';
import { BATCH } from '../../../shared/ir/graph';
import { PlanBuilder, PlanError, type ForwardContext, type GradContext } from './builder';
import { fuse, type Fusion } from './fuse';
import { addLoss, addMetrics, type LossSpec } from './rules/loss';
import { FORWARD_RULES, GRAD_RULES } from './rules';
import type { Plan } from './types';

export interface OptimizerSpec {
  readonly type: 'sgd' | 'adagrad' | 'rmsprop' | 'adam' | 'adamw';
  readonly learningRate: number;
  readonly momentum?: number;
  readonly nesterov?: boolean;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly rho?: number;
  readonly epsilon?: number;
  readonly weightDecay?: number;
  readonly clipNorm?: number;
  readonly l1?: number;
  readonly l2?: number;
}

export interface PlanOptions {
  readonly batch: number;
  readonly training?: { readonly loss: LossSpec; readonly optimizer: OptimizerSpec };
}

const SOURCES = new Set(['input', 'param', 'const']);

interface Forwarded {
  /** IR node id → tensor id. */
  readonly tensors: number[];
  readonly saved: Record<string, number>[];
}

function lowerForward(b: PlanBuilder, ir: IRGraph, fusion: Fusion, training: boolean): Forwarded {
  const tensors: number[] = [];
  const saved: Record<string, number>[] = ir.nodes.map(() => ({}));
  // Sources first: a fused launch may read a weight that the IR defines after its head (a Dense's bias).
  const sourcesFirst = [...ir.nodes].sort((x, y) => Number(!SOURCES.has(x.op)) - Number(!SOURCES.has(y.op)));
  for (const node of sourcesFirst) {
    b.origin = node.origin;
    const shape = node.shape.map((d) => (d === BATCH ? b.batch : d));
    if (node.op === 'input') {
      tensors[node.id] = b.tensor(shape, 'input', node.dtype, String(node.arg['name'] ?? node.origin));
      continue;
    }
    if (node.op === 'param') {
      tensors[node.id] = b.tensor(shape, 'param', 'f32', String(node.arg['name']), { init: node.arg['init'] as never, trainable: node.arg['trainable'] !== false });
      continue;
    }
    if (node.op === 'const') {
      tensors[node.id] = b.tensor(shape, 'const', 'f32', `${node.origin}/const`, { values: node.arg['values'] as number[] });
      continue;
    }
    if (node.op === 'reshape') {
      tensors[node.id] = b.view(tensors[node.src[0]!]!, shape);
      continue;
    }
    const head = fusion.absorbed.get(node.id);
    if (head !== undefined) {
      tensors[node.id] = tensors[head]!; // the group's launch already produced this value
      continue;
    }
    const rule = FORWARD_RULES[node.op];
    if (!rule) throw new PlanError(node.origin, `the engine cannot run "${node.op}" yet`);
    const group = fusion.groups.get(node.id);
    const ctx: ForwardContext = {
      b,
      node,
      ins: node.src.map((s) => tensors[s]!),
      training,
      shape: group ? ir.nodes[group.tail]!.shape.map((d) => (d === BATCH ? b.batch : d)) : shape,
      ...(group ? { group } : {}),
      tensorOf: (id) => tensors[id]!,
      irNode: (id) => ir.nodes[id]!,
      save: (key, t) => void (saved[node.id]![key] = t),
    };
    tensors[node.id] = rule(ctx);
  }
  return { tensors, saved };
}

/** Which IR nodes lead back to a trainable weight, so need gradients. */
function requiresGrad(ir: IRGraph): boolean[] {
  const needs: boolean[] = [];
  for (const n of ir.nodes) needs[n.id] = n.op === 'param' ? n.arg['trainable'] !== false : n.src.some((s) => needs[s]);
  return needs;
}

/** Reverse-mode differentiation over the IR, emitting backward launches into the plan. */
function autodiff(b: PlanBuilder, ir: IRGraph, fusion: Fusion, fwd: Forwarded, seeds: Map<number, number>): Map<number, number> {
  b.phase = 'backward';
  const needs = requiresGrad(ir);
  const grads = new Map<number, number>(); // IR node id → gradient tensor
  for (const [node, grad] of seeds) grads.set(node, grad);
  const accumulateNode = (id: number, grad: number) => {
    if (!needs[id]) return;
    const node = ir.nodes[id]!;
    const target = fwd.tensors[id]!;
    if (b.shape(grad).join() !== b.shape(target).join()) throw new PlanError(node.origin, `gradient for %${id} has shape [${b.shape(grad)}], expected [${b.shape(target)}]`);
    const existing = grads.get(id);
    grads.set(id, existing === undefined ? grad : b.apply('binary', [existing, grad], b.shape(target), { fn: 'add' }));
  };
  for (let i = ir.nodes.length - 1; i >= 0; i--) {
    const node: IRNode = ir.nodes[i]!;
    if (fusion.absorbed.has(node.id) || !needs[node.id]) continue;
    const group = fusion.groups.get(node.id);
    const dy = grads.get(group ? group.tail : node.id);
    if (dy === undefined) continue; // does not influence the loss
    b.origin = node.origin;
    if (node.op === 'input' || node.op === 'param' || node.op === 'const') continue;
    if (node.op === 'reshape') {
      accumulateNode(node.src[0]!, b.view(dy, b.shape(fwd.tensors[node.src[0]!]!)));
      continue;
    }
    const rule = GRAD_RULES[node.op];
    if (!rule) throw new PlanError(node.origin, `the engine cannot train through "${node.op}" yet`);
    const ctx: GradContext = {
      b,
      node,
      ins: node.src.map((s) => fwd.tensors[s]!),
      out: fwd.tensors[group ? group.tail : node.id]!,
      dy,
      saved: fwd.saved[node.id]!,
      ...(group ? { group } : {}),
      tensorOf: (id) => fwd.tensors[id]!,
      irNode: (id) => ir.nodes[id]!,
      needs: (k) => needs[node.src[k]!] === true,
      accumulate: (k, g) => accumulateNode(node.src[k]!, g),
      needsNode: (id) => needs[id] === true,
      accumulateNode,
    };
    rule(ctx);
  }
  return grads;
}

/** Gives each trainable weight a gradient tensor with the 'grad' role, so backends can pack them. */
function collectGrads(b: PlanBuilder, ir: IRGraph, fwd: Forwarded, grads: Map<number, number>): { param: number; grad: number }[] {
  const pairs: { param: number; grad: number }[] = [];
  const claimed = new Set<number>();
  for (const node of ir.nodes) {
    if (node.op !== 'param' || node.arg['trainable'] === false) continue;
    const param = fwd.tensors[node.id]!;
    const name = `${b.tensors[param]!.name}:grad`;
    let grad = grads.get(node.id);
    b.origin = node.origin;
    if (grad === undefined) {
      // Unused weight: a zero gradient keeps the optimizer's packing uniform.
      grad = b.tensor(b.shape(param), 'grad', 'f32', name, { values: [0] });
    } else if (b.tensors[grad]!.role === 'temp' && b.tensors[grad]!.viewOf === undefined && !claimed.has(grad)) {
      b.tensors[grad] = { ...b.tensors[grad]!, role: 'grad', name };
    } else {
      const copy = b.tensor(b.shape(param), 'grad', 'f32', name);
      b.step('copy', [grad], [copy]);
      grad = copy;
    }
    claimed.add(grad);
    pairs.push({ param, grad });
  }
  return pairs;
}

/**
 * Keras's `clipnorm`: each weight's gradient is rescaled so its L2 norm is at
 * most `clip`, i.e. g ← g / max(1, ‖g‖ / clip). Composed from existing
 * kernels, then copied back over the gradient so the optimizer's packed
 * launch sees it.
 */
function clipGradients(b: PlanBuilder, params: { param: number; grad: number }[], clip: number): void {
  b.phase = 'update';
  b.origin = 'optimizer';
  const one = b.tensor([1], 'const', 'f32', 'clipnorm/one', { values: [1] });
  for (const { grad } of params) {
    const shape = b.shape(grad);
    const squares = b.apply('unary', [grad], shape, { fn: 'square' });
    const sum = b.apply('reduce', [squares], [1], { fn: 'sum', axes: shape.map((_, i) => i) });
    const norm = b.apply('unary', [sum], [1], { fn: 'sqrt' });
    const ratio = b.apply('unary', [norm], [1], { fn: 'scale', factor: 1 / clip });
    const divisor = b.apply('binary', [ratio, one], [1], { fn: 'maximum' });
    // Written back through a copy: a launch never reads and writes the same memory.
    b.step('copy', [b.apply('binary', [grad, divisor], shape, { fn: 'div' })], [grad]);
  }
}

function addOptimizer(b: PlanBuilder, params: { param: number; grad: number }[], spec: OptimizerSpec): void {
  if (spec.clipNorm) clipGradients(b, params, spec.clipNorm);
  b.phase = 'update';
  b.origin = 'optimizer';
  const slots = spec.type === 'adam' || spec.type === 'adamw' ? 2 : spec.type === 'sgd' ? (spec.momentum ? 1 : 0) : 1;
  const state: number[] = [];
  for (let s = 0; s < slots; s++) {
    // Keras starts Adagrad's accumulator at 0.1 (initial_accumulator_value).
    const start = spec.type === 'adagrad' ? 0.1 : 0;
    for (const { param } of params) state.push(b.tensor(b.shape(param), 'state', 'f32', `${b.tensors[param]!.name}:opt${s}`, { values: [start] }));
  }
  b.step('optimizer', [...params.map((p) => p.param), ...params.map((p) => p.grad)], state, { ...spec, count: params.length, slots });
}

export function buildPlan(ir: IRGraph, options: PlanOptions): Plan {
  const b = new PlanBuilder(options.batch);
  const fusion = fuse(ir);
  const fwd = lowerForward(b, ir, fusion, options.training !== undefined);
  const outputs = ir.outputs.map((o) => fwd.tensors[o.node]!);
  const inputs = ir.inputs.map((id) => fwd.tensors[id]!);
  if (!options.training) return { batch: b.batch, tensors: b.tensors, steps: b.steps, inputs, outputs };

  if (ir.outputs.length !== 1) throw new PlanError(ir.nodes[ir.outputs[0]?.node ?? 0]?.origin ?? '', 'training needs a model with exactly one output');
  b.phase = 'loss';
  const head = addLoss(b, ir, fwd.tensors, options.training.loss);
  const metrics = addMetrics(b, head, options.training.loss);
  const grads = autodiff(b, ir, fusion, fwd, new Map([[head.seedNode, head.dPrediction]]));
  const params = collectGrads(b, ir, fwd, grads);
  addOptimizer(b, params, options.training.optimizer);
  return { batch: b.batch, tensors: b.tensors, steps: b.steps, inputs, outputs, training: { targets: [head.target], loss: head.perSample, metrics, params } };
}
