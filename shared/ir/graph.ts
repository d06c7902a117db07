/**
 * IR graph: an immutable, topologically ordered list of nodes. Every node
 * keeps the id of the canvas node that produced it (`origin`), so any error
 * found later (by the verifier, the engine or an exporter) can be pinned to
 * the layer the user must fix.
 */
import type { Op } from './ops';

/** The batch dimension, until a plan fixes it. Always axis 0. */
export const BATCH = -1;

export type DType = 'f32' | 'i32';

export interface IRNode {
  readonly id: number;
  readonly op: Op;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly src: readonly number[];
  readonly arg: Readonly<Record<string, unknown>>;
  /** Id of the canvas node this IR node was lowered from. */
  readonly origin: string;
}

export interface IROutput {
  readonly name: string;
  readonly node: number;
}

export interface IRGraph {
  readonly nodes: readonly IRNode[];
  readonly inputs: readonly number[];
  readonly outputs: readonly IROutput[];
}

/** A handle on a value while lowering: just enough to build on. */
export interface IRValue {
  readonly id: number;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** Builds an IR graph node by node; `origin` is set by whoever lowers a layer. */
export class IRBuilder {
  private readonly nodes: IRNode[] = [];
  private readonly inputIds: number[] = [];
  private readonly outputList: IROutput[] = [];
  origin = '';

  emit(op: Op, src: readonly IRValue[], shape: readonly number[], arg: Record<string, unknown> = {}, dtype: DType = 'f32'): IRValue {
    const node: IRNode = Object.freeze({
      id: this.nodes.length,
      op,
      dtype,
      shape: Object.freeze([...shape]),
      src: Object.freeze(src.map((s) => s.id)),
      arg: Object.freeze({ ...arg }),
      origin: this.origin,
    });
    this.nodes.push(node);
    if (op === 'input') this.inputIds.push(node.id);
    return node;
  }

  markOutput(name: string, value: IRValue): void {
    this.outputList.push({ name, node: value.id });
  }

  finish(): IRGraph {
    return Object.freeze({
      nodes: Object.freeze([...this.nodes]),
      inputs: Object.freeze([...this.inputIds]),
      outputs: Object.freeze([...this.outputList]),
    });
  }
}

export function numElements(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * (d === BATCH ? 1 : d), 1);
}
