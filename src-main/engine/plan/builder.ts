/**
 * A mutable builder for plans, and the contexts that forward and gradient
 * rules see. Rules live in rules/, one file per op family.
 */
import type { IRNode } from '../../../shared/ir/graph';
import type { FusedGroup } from './fuse';
import type { Kernel } from './kernels';
import type { DType, Phase, Step, TensorInfo, TensorRole } from './types';

export class PlanError extends Error {
  override readonly name = 'PlanError';
  constructor(readonly origin: string, message: string) {
    super(message);
  }
}

export class PlanBuilder {
  readonly tensors: TensorInfo[] = [];
  readonly steps: Step[] = [];
  origin = '';
  phase: Phase = 'forward';

  constructor(readonly batch: number) {}

  tensor(shape: readonly number[], role: TensorRole = 'temp', dtype: DType = 'f32', name = '', extra: Partial<TensorInfo> = {}): number {
    const id = this.tensors.length;
    if (shape.some((d) => !(Number.isInteger(d) && d > 0))) throw new PlanError(this.origin, `tensor "${name}" has an invalid shape [${shape}]`);
    this.tensors.push({ id, shape: [...shape], dtype, role, name: name || `t${id}`, ...extra });
    return id;
  }

  /** A reshape: the same data under another shape. */
  view(of: number, shape: readonly number[]): number {
    const base = this.tensors[of]!;
    return this.tensor(shape, base.role === 'param' || base.role === 'state' ? base.role : 'temp', base.dtype, `${base.name}:view`, { viewOf: base.viewOf ?? of });
  }

  shape(id: number): readonly number[] {
    return this.tensors[id]!.shape;
  }

  step(kernel: Kernel, inputs: readonly number[], outputs: readonly number[], arg: Record<string, unknown> = {}): void {
    this.steps.push({ kernel, inputs: [...inputs], outputs: [...outputs], arg, origin: this.origin, phase: this.phase });
  }

  /** Emits a one-output step and returns its fresh output tensor. */
  apply(kernel: Kernel, inputs: readonly number[], shape: readonly number[], arg: Record<string, unknown> = {}, dtype: DType = 'f32'): number {
    const out = this.tensor(shape, 'temp', dtype);
    this.step(kernel, inputs, [out], arg);
    return out;
  }
}

/** What a forward rule sees: one IR node, its input tensors, and the builder. */
export interface ForwardContext {
  readonly b: PlanBuilder;
  readonly node: IRNode;
  readonly ins: readonly number[];
  readonly training: boolean;
  /** The node's shape with the plan's batch size in place of BATCH. */
  readonly shape: readonly number[];
  /** Set when this node heads a fused group (matmul or conv with bias and activation). */
  readonly group?: FusedGroup;
  /** The tensor holding an IR node's value. */
  tensorOf(irNode: number): number;
  irNode(id: number): IRNode;
  /** Keeps a tensor for the gradient rule, e.g. saved statistics or a dropout mask. */
  save(key: string, tensor: number): void;
}

/** What a gradient rule sees: the forward node, its tensors, and dL/d(output). */
export interface GradContext {
  readonly b: PlanBuilder;
  readonly node: IRNode;
  readonly ins: readonly number[];
  readonly out: number;
  readonly dy: number;
  readonly saved: Readonly<Record<string, number>>;
  readonly group?: FusedGroup;
  tensorOf(irNode: number): number;
  irNode(id: number): IRNode;
  /** Whether input i needs a gradient (it leads back to a trainable weight). */
  needs(i: number): boolean;
  /** Adds a gradient contribution for input i. */
  accumulate(i: number, grad: number): void;
  /** The same, for any IR node (a fused group's bias). */
  needsNode(irNode: number): boolean;
  accumulateNode(irNode: number, grad: number): void;
}

export type ForwardRule = (ctx: ForwardContext) => number;
export type GradRule = (ctx: GradContext) => void;

export interface RuleFamily {
  readonly forward: Partial<Record<IRNode['op'], ForwardRule>>;
  readonly grad: Partial<Record<IRNode['op'], GradRule>>;
}
