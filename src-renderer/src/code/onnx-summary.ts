/**
 * The ONNX tab: what the exported .onnx file will hold, in a page of text,
 * read from the very ModelProto the exporter builds (shared/export/onnx): the
 * IR version and opset, the inputs and outputs with their element types and
 * shapes, the weights, and every node with its op, inputs, outputs and
 * attributes. Netron shows the same things as a picture; this is the list.
 */
import { AttributeType, fromUtf8, int, type IAttributeProto, type IModelProto, type IValueInfoProto } from '../../../shared/export/onnx/proto';
import { onnx } from '../../../shared/export/onnx/proto';

const DATA_TYPE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(onnx.TensorProto.DataType)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => [v as number, k.toLowerCase()]),
);

export function dataTypeName(type: number | null | undefined): string {
  return DATA_TYPE_NAMES[type ?? 0] ?? `type ${type}`;
}

/** "[batch, 28, 28, 1]": named (dynamic) dimensions by name, fixed ones by size. */
export function shapeText(info: IValueInfoProto): string {
  const dims = info.type?.tensorType?.shape?.dim ?? [];
  return `[${dims.map((d) => (d.dimParam ? d.dimParam : String(int(d.dimValue)))).join(', ')}]`;
}

function listText(values: readonly (number | string)[], limit = 8): string {
  const shown = values.slice(0, limit).join(', ');
  return `[${shown}${values.length > limit ? `, … ${values.length - limit} more` : ''}]`;
}

export function attributeText(a: IAttributeProto): string {
  const value = (() => {
    switch (a.type) {
      case AttributeType.INT: return String(int(a.i));
      case AttributeType.FLOAT: return String(Number(a.f?.toPrecision(6)));
      case AttributeType.STRING: return JSON.stringify(fromUtf8(a.s ?? new Uint8Array()));
      case AttributeType.INTS: return listText((a.ints ?? []).map((v) => int(v)));
      case AttributeType.FLOATS: return listText((a.floats ?? []).map((v) => Number(v.toPrecision(6))));
      case AttributeType.STRINGS: return listText((a.strings ?? []).map((s) => JSON.stringify(fromUtf8(s))));
      case AttributeType.GRAPH: return `<graph ${a.g?.name ?? ''} with ${a.g?.node?.length ?? 0} nodes>`;
      case AttributeType.TENSOR: return `<tensor [${(a.t?.dims ?? []).map((d) => int(d)).join(', ')}]>`;
      default: return '<…>';
    }
  })();
  return `${a.name}=${value}`;
}

function table(rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
}

const count = (n: number, noun: string) => `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;

export function summariseOnnx(model: IModelProto): string {
  const graph = model.graph ?? {};
  const opsets = (model.opsetImport ?? []).map((o) => `${o.domain || 'ai.onnx'} ${int(o.version)}`).join(', ');
  const inits = graph.initializer ?? [];
  const values = inits.reduce((n, t) => n + (t.dims ?? []).reduce<number>((m, d) => m * int(d), 1), 0);
  const nodes = graph.node ?? [];
  const opCounts = new Map<string, number>();
  for (const n of nodes) opCounts.set(n.opType ?? '?', (opCounts.get(n.opType ?? '?') ?? 0) + 1);

  const lines = [
    `ONNX model "${graph.name ?? ''}"`,
    `  IR version ${int(model.irVersion)}, opset ${opsets}, producer ${model.producerName ?? ''}`,
    '',
    `Inputs (${(graph.input ?? []).length})`,
    ...table((graph.input ?? []).map((i) => [i.name ?? '', dataTypeName(i.type?.tensorType?.elemType), shapeText(i)])),
    '',
    `Outputs (${(graph.output ?? []).length})`,
    ...table((graph.output ?? []).map((o) => [o.name ?? '', dataTypeName(o.type?.tensorType?.elemType), shapeText(o)])),
    '',
    `Weights (${count(inits.length, 'initializer')}, ${count(values, 'value')})`,
    ...table(inits.map((t) => [t.name ?? '', dataTypeName(t.dataType), `[${(t.dims ?? []).map((d) => int(d)).join(', ')}]`])),
    '',
    `Nodes (${nodes.length}: ${[...opCounts].map(([op, n]) => `${n} ${op}`).join(', ')})`,
    ...table(
      nodes.map((n, i) => [
        String(i + 1),
        n.opType ?? '',
        n.name ?? '',
        `${(n.input ?? []).join(', ')} → ${(n.output ?? []).join(', ')}`,
        (n.attribute ?? []).map(attributeText).join(' '),
      ]),
    ),
    '',
  ];
  return lines.join('\n');
}
