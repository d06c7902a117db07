/**
 * Pass: fuse. Finds IR chains that run better as one kernel launch:
 *
 *   matmul → add(bias) → activation   becomes one `matmul` with an epilogue
 *   conv   → add(bias) → activation   becomes one `conv` with an epilogue
 *
 * An activation is fused only when its gradient can be computed from its
 * output alone (relu, sigmoid, tanh, …), since the pre-activation value is
 * never stored. Every absorbed node must have exactly one consumer.
 */
import type { IRGraph, IRNode } from '../../../shared/ir/graph';

/** Activations whose derivative is a function of the output y. */
export const OUTPUT_DERIVABLE = new Set(['relu', 'sigmoid', 'tanh', 'step', 'leaky_relu', 'elu', 'selu', 'hard_sigmoid', 'softsign']);

export interface FusedGroup {
  /** The matmul or conv node that heads the group. */
  readonly head: number;
  /** The `add` node that adds the bias; the bias param is its second source. */
  readonly biasAdd?: number;
  readonly activation?: number;
  /** The last node of the group: its value is the group's output. */
  readonly tail: number;
}

export interface Fusion {
  /** By head node id. */
  readonly groups: ReadonlyMap<number, FusedGroup>;
  /** Nodes folded into a group (not the head), mapped to their head. */
  readonly absorbed: ReadonlyMap<number, number>;
}

export function consumersOf(ir: IRGraph): number[][] {
  const consumers: number[][] = ir.nodes.map(() => []);
  for (const n of ir.nodes) for (const s of n.src) consumers[s]!.push(n.id);
  for (const o of ir.outputs) consumers[o.node]!.push(-1); // an output is read from outside
  return consumers;
}

function isBias(ir: IRGraph, add: IRNode, head: IRNode): number | undefined {
  if (add.op !== 'add' || add.src[0] !== head.id) return undefined;
  const bias = ir.nodes[add.src[1]!]!;
  const channels = head.shape.at(-1);
  return bias.op === 'param' && bias.shape.length === 1 && bias.shape[0] === channels ? bias.id : undefined;
}

export function fuse(ir: IRGraph): Fusion {
  const consumers = consumersOf(ir);
  const groups = new Map<number, FusedGroup>();
  const absorbed = new Map<number, number>();
  const only = (id: number) => (consumers[id]!.length === 1 && consumers[id]![0]! >= 0 ? ir.nodes[consumers[id]![0]!]! : undefined);

  for (const head of ir.nodes) {
    if (head.op !== 'matmul' && head.op !== 'conv') continue;
    let tail = head;
    let bias: number | undefined;
    let activation: number | undefined;
    const next = only(head.id);
    if (next) {
      bias = isBias(ir, next, head);
      if (bias !== undefined) tail = next;
    }
    const after = only(tail.id);
    // A model's final activation stays separate: the loss may want the logits before it.
    const isOutput = (id: number) => consumers[id]!.includes(-1);
    if (after && OUTPUT_DERIVABLE.has(after.op) && after.src[0] === tail.id && !isOutput(after.id)) {
      activation = after.id;
      tail = after;
    }
    if (tail === head) continue;
    const biasAdd = bias !== undefined ? next!.id : undefined;
    groups.set(head.id, { head: head.id, ...(biasAdd !== undefined ? { biasAdd } : {}), ...(activation !== undefined ? { activation } : {}), tail: tail.id });
    for (const id of [biasAdd, activation]) if (id !== undefined) absorbed.set(id, head.id);
  }
  return { groups, absorbed };
}
