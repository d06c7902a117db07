/**
 * A model summary in the style of Keras 3's `model.summary()`: one row per
 * layer with its output shape and parameter count, then the totals.
 */
import type { CompileResult } from './compile';

export interface SummaryJson {
  params: { total: number; trainable: number; nonTrainable: number };
  layers: { id: string; type: string; outputShape: (number | null)[] | null; params: number }[];
  errors: { code: string; node: string | null; message: string; fix: string }[];
  warnings: { code: string; node: string | null; message: string; fix: string }[];
}

export function summaryJson(result: CompileResult): SummaryJson {
  const order = [...result.wiring.order, ...[...result.wiring.nodes.keys()].filter((id) => !result.wiring.order.includes(id))];
  const issue = (e: CompileResult['errors'][number]) => ({ code: e.code, node: e.node ?? null, message: e.message, fix: e.fix });
  return {
    params: { ...result.totals },
    layers: order.map((id) => {
      const s = result.shapes.get(id);
      return {
        id,
        type: result.wiring.nodes.get(id)!.type,
        outputShape: s ? [null, ...s.outputShape] : null,
        params: s ? s.params.trainable + s.params.nonTrainable : 0,
      };
    }),
    errors: result.errors.map(issue),
    warnings: result.warnings.map(issue),
  };
}

const number = (n: number) => n.toLocaleString('en-US');

function bytes(count: number): string {
  const b = count * 4; // float32
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = b;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(2)} ${units[u]}`;
}

export function formatSummary(name: string, result: CompileResult): string {
  const json = summaryJson(result);
  const rows = json.layers.map((l) => [
    `${l.id} (${l.type})`,
    l.outputShape ? `(${l.outputShape.map((d) => (d === null ? 'None' : d)).join(', ')}${l.outputShape.length === 1 ? ',' : ''})` : '?',
    number(l.params),
  ]);
  const head = ['Layer (type)', 'Output Shape', 'Param #'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)) + (i === 2 ? 2 : 1));
  const line = (l: string, m: string, r: string, fill: string) => l + widths.map((w) => fill.repeat(w + 1)).join(m) + r;
  const align = (c: string, i: number) => (i === 2 ? c.padStart(widths[i]! - 1) + ' ' : c.padEnd(widths[i]!));
  const cells = (r: string[]) => '│ ' + r.map(align).join('│ ') + '│';
  const out = [
    `Model: "${name}"`,
    line('┏', '┳', '┓', '━'),
    '┃ ' + head.map(align).join('┃ ') + '┃',
    line('┡', '╇', '┩', '━'),
    ...rows.map(cells),
    line('└', '┴', '┘', '─'),
    ` Total params: ${number(json.params.total)} (${bytes(json.params.total)})`,
    ` Trainable params: ${number(json.params.trainable)} (${bytes(json.params.trainable)})`,
    ` Non-trainable params: ${number(json.params.nonTrainable)} (${bytes(json.params.nonTrainable)})`,
  ];
  const pytorch = [...result.shapes.entries()].filter(([, s]) => s.params.pytorch);
  if (pytorch.length) {
    const total = [...result.shapes.values()].reduce((n, s) => n + (s.params.pytorch?.count ?? s.params.trainable), 0);
    out.push(` PyTorch counts ${number(total)} parameters: ${pytorch.map(([id, s]) => `${id}: ${s.params.pytorch!.note}`).join(' ')}`);
  }
  for (const [label, list] of [['Errors', json.errors], ['Warnings', json.warnings]] as const) {
    if (!list.length) continue;
    out.push('', `${label}:`);
    for (const e of list) out.push(`  ${e.code}${e.node ? ` [${e.node}]` : ''} ${e.message}`, `         Fix: ${e.fix}`);
  }
  return out.join('\n');
}
