/**
 * Fusions found before anything is emitted, so that the ONNX graph reads the
 * way a person would write it:
 *
 *   conv | conv_transpose → add(bias[C])   one Conv / ConvTranspose with its B input
 *   matmul (2-D input)    → add(bias[N])   one Gemm
 *   pad (zero, spatial)   → conv           the padding joins the Conv's pads
 *                                          (Conv1D's "causal" padding)
 *
 * A node is absorbed only when its one consumer is the fusing node and it is
 * not a model output, so no value the graph needs elsewhere disappears.
 */
import type { IRGraph, IRNode } from '../../ir/graph';

export interface Fusion {
  /** head id → the add it absorbs, and the index of the bias among the add's sources. */
  readonly bias: ReadonlyMap<number, { readonly node: IRNode; readonly bias: number }>;
  /** conv id → the pad it absorbs. */
  readonly pad: ReadonlyMap<number, IRNode>;
  /** Nodes that emit nothing of their own. */
  readonly absorbed: ReadonlySet<number>;
}

export function findFusions(ir: IRGraph): Fusion {
  const consumers = new Map<number, IRNode[]>();
  for (const n of ir.nodes) for (const s of n.src) consumers.set(s, [...(consumers.get(s) ?? []), n]);
  const outputs = new Set(ir.outputs.map((o) => o.node));
  const soleConsumer = (id: number): IRNode | undefined => {
    const users = consumers.get(id) ?? [];
    return users.length === 1 && !outputs.has(id) ? users[0] : undefined;
  };
  const isWeight = (id: number) => ['param', 'const'].includes(ir.nodes[id]!.op);

  const bias = new Map<number, { node: IRNode; bias: number }>();
  const pad = new Map<number, IRNode>();
  const absorbed = new Set<number>();
  for (const head of ir.nodes) {
    if (head.op !== 'conv' && head.op !== 'conv_transpose' && head.op !== 'matmul') continue;
    if (head.op === 'matmul' && (ir.nodes[head.src[0]!]!.shape.length !== 2 || !isWeight(head.src[1]!))) continue;
    const add = soleConsumer(head.id);
    if (add?.op === 'add' && add.src.length === 2) {
      const b = add.src[0] === head.id ? 1 : 0;
      const other = ir.nodes[add.src[b]!]!;
      if (add.src[1 - b] === head.id && isWeight(other.id) && other.shape.length === 1 && other.shape[0] === head.shape.at(-1)) {
        bias.set(head.id, { node: add, bias: b });
        absorbed.add(add.id);
      }
    }
    if (head.op === 'conv') {
      const p = ir.nodes[head.src[0]!]!;
      const pads = p.arg['pads'] as [number, number][] | undefined;
      const edgesUnpadded = pads && [pads[0]!, pads.at(-1)!].every(([a, b]) => a === 0 && b === 0);
      if (p.op === 'pad' && edgesUnpadded && soleConsumer(p.id) === head) {
        pad.set(head.id, p);
        absorbed.add(p.id);
      }
    }
  }
  return { bias, pad, absorbed };
}
