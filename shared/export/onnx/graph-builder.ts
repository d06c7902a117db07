/**
 * Builds an ONNX graph: nodes, initializers and unique, readable names. A
 * node is named "<layer>/<OpType>" (conv1/Conv, conv1/Relu) and its output
 * tensor takes the node's name, so Netron and error messages point at the
 * layer a user drew. Constants the exporter needs (shapes, axes, pads) become
 * initializers named after the node that reads them.
 */
import { attribute, type Attrs, type INodeProto, type ITensorProto, tensorProto } from './proto';

export class OnnxGraphBuilder {
  readonly nodes: INodeProto[] = [];
  readonly initializers: ITensorProto[] = [];
  private readonly nodeNames = new Set<string>();
  private readonly valueNames = new Set<string>();

  /** Claims `name` for a value, or the first free "name_1", "name_2"… */
  claimValue(name: string): string {
    return claim(this.valueNames, name);
  }

  hasValue(name: string): boolean {
    return this.valueNames.has(name);
  }

  /**
   * Adds a node; returns its output names. `outputs` is a count, or explicit
   * names where '' marks an optional output that is not wanted.
   */
  node(opType: string, inputs: readonly string[], attrs: Attrs = {}, options: { scope: string; outputs?: number | readonly string[]; domain?: string; reserved?: boolean }): string[] {
    const name = claim(this.nodeNames, `${options.scope}/${opType}`);
    const spec = options.outputs ?? 1;
    // Names reserved earlier (graph outputs) are used as they are.
    const outputs = typeof spec === 'number'
      ? Array.from({ length: spec }, (_, k) => this.claimValue(k === 0 ? name : `${name}:${k}`))
      : spec.map((o) => (o === '' || options.reserved ? o : this.claimValue(o)));
    const attribute_ = Object.entries(attrs).filter((e): e is [string, NonNullable<(typeof e)[1]>] => e[1] !== undefined).map(([k, v]) => attribute(k, v));
    this.nodes.push({ name, opType, domain: options.domain ?? '', input: [...inputs], output: outputs, attribute: attribute_ });
    return outputs;
  }

  /** Adds an initializer under a unique name based on `name`; returns the name used. */
  initializer(name: string, dims: readonly number[], data: Float32Array | Int32Array | BigInt64Array): string {
    const used = this.claimValue(name);
    this.initializers.push(tensorProto(used, dims, data));
    return used;
  }

  int64(name: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.initializer(name, dims, BigInt64Array.from(values.map((v) => BigInt(v))));
  }

  float32(name: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.initializer(name, dims, Float32Array.from(values));
  }

  /** Renames a value everywhere it appears (used to give graph outputs their stable names). */
  rename(from: string, to: string): void {
    for (const n of this.nodes) {
      n.input = n.input!.map((i) => (i === from ? to : i));
      n.output = n.output!.map((o) => (o === from ? to : o));
    }
    this.valueNames.delete(from);
    this.valueNames.add(to);
  }
}

function claim(taken: Set<string>, name: string): string {
  let candidate = name;
  for (let k = 1; taken.has(candidate); k++) candidate = `${name}_${k}`;
  taken.add(candidate);
  return candidate;
}
