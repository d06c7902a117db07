/** Prints the IR as one readable line per node, e.g.
 *  %4 = matmul(%0, %3) : f32[N,128]  {}  ← d1 */
import { BATCH, type IRGraph } from './graph';

function formatArg(arg: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(arg).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '';
  return ' {' + entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ') + '}';
}

export function printIR(graph: IRGraph): string {
  const lines = graph.nodes.map((n) => {
    const dims = n.shape.map((d) => (d === BATCH ? 'N' : String(d))).join(',');
    const src = n.src.map((s) => `%${s}`).join(', ');
    return `%${n.id} = ${n.op}(${src}) : ${n.dtype}[${dims}]${formatArg(n.arg)}  ← ${n.origin}`;
  });
  for (const out of graph.outputs) lines.push(`output ${out.name} = %${out.node}`);
  return lines.join('\n');
}
