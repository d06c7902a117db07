/**
 * What an export rule sees: the IR node it maps, its inputs as ONNX tensors
 * in whatever layout it asks for, weights as data it may rearrange, and a
 * builder for the nodes it emits. See layout.ts for what a layout is.
 */
import type { IRNode } from '../../ir/graph';
import type { Op } from '../../ir/ops';
import type { OnnxGraphBuilder } from './graph-builder';
import type { Perm } from './layout';
import type { Attrs } from './proto';

/** Data known when exporting: a weight, a literal, or one reshaped. */
export interface Constant {
  readonly data: Float32Array | Int32Array;
  /** IR shape (weights have no batch axis). */
  readonly shape: readonly number[];
  /** The readable name its initializer gets, e.g. "conv1/kernel". */
  readonly name: string;
}

export class OnnxExportError extends Error {
  override readonly name = 'OnnxExportError';
  constructor(
    /** The canvas node the problem belongs to, when there is one. */
    readonly node: string | null,
    message: string,
  ) {
    super(message);
  }
}

export interface ExportContext {
  readonly node: IRNode;
  readonly g: OnnxGraphBuilder;
  /** The readable layer name nodes are named under: the canvas node's label, or its id. */
  readonly scope: string;
  readonly opset: number;
  /** The IR node with id `id`. */
  irNode(id: number): IRNode;
  /** The layout the value of IR node `id` is in now (the identity for constants). */
  permOf(id: number): Perm;
  /** The data of IR node `id`, when it is known at export time. */
  constantOf(id: number): Constant | undefined;
  /** The value of IR node `id` as a tensor name, in layout `perm` (default: the one it has). */
  valueOf(id: number, perm?: Perm): string;
  /** Shorthands for the node's own inputs. */
  perm(i: number): Perm;
  constant(i: number): Constant | undefined;
  input(i: number, perm?: Perm): string;
  /** Emits an ONNX node in this layer's scope; returns its outputs. */
  op(opType: string, inputs: readonly string[], attrs?: Attrs, outputs?: number | readonly string[]): string[];
  /** One-output shorthand of op. */
  op1(opType: string, inputs: readonly string[], attrs?: Attrs): string;
  /** An initializer with data the rule rearranged from a weight; returns its (unique) name. */
  initializer(name: string, dims: readonly number[], data: Float32Array | Int32Array): string;
  int64(hint: string, values: readonly number[]): string;
  float32(hint: string, values: readonly number[], dims?: readonly number[]): string;
  /** Sets this node's value: tensor `name`, stored in layout `perm` (default: the identity). */
  define(name: string, perm?: Perm): void;
  /** Sets this node's value to data known at export time (folded, no ONNX node). */
  defineConstant(c: Constant): void;
  /** The `add` this node absorbs as its bias (fusions.ts), and which of its operands is the bias. */
  readonly fusedBias: { readonly node: IRNode; readonly bias: number } | undefined;
  /** The zero `pad` this conv absorbs into its own padding (fusions.ts). */
  readonly fusedPad: IRNode | undefined;
  fail(message: string): never;
}

export type ExportRule = (ctx: ExportContext) => void;

/** Ops every rule table must cover: all but the sources, which the exporter handles itself. */
export type MappedOp = Exclude<Op, 'input' | 'param' | 'const'>;
