/**
 * The exported architecture diagram: a standalone SVG in a quiet, print-ready
 * style for slides and papers, drawn from the layers' places on the canvas,
 * so the figure is the model as built, skip connections included.
 *
 * Each layer is a rounded box tinted by its category, with its type and key
 * settings; connections are curves into the input slot they use, with an
 * arrowhead, and (optionally) the tensor shape they carry. The output layers
 * get a short arrow out, labelled with the model's output shape. Every layer
 * and connection carries a data- attribute with its id, so tests and scripts
 * can find them. Pure: a string in, no DOM.
 */
import type { Diagram, DiagramEdge, DiagramNode } from './diagram';

export interface DiagramOptions {
  /** Label connections (and the outputs) with their tensor shapes. */
  readonly showShapes: boolean;
  /** Boxes and lines only, no text: the thumbnails in the template gallery. */
  readonly thumbnail?: boolean;
}

/** Category colours: the canvas's light palette. */
export const CATEGORY_COLOURS: Readonly<Record<DiagramNode['category'], string>> = {
  core: '#3b6ef5',
  convolution: '#8e44ad',
  pooling: '#16a085',
  normalization: '#d68910',
  recurrent: '#c0392b',
  merging: '#2c8c99',
  activation: '#6b7785',
  unknown: '#98a2b3',
};

const BOX_HEIGHT = 50;
const BOX_HEIGHT_PLAIN = 36;
const MARGIN = 24;
const OUTPUT_STUB = 30;
const FONT = "Inter, 'Helvetica Neue', Helvetica, Arial, sans-serif";
const MONO = "'JetBrains Mono', 'DejaVu Sans Mono', Menlo, Consolas, monospace";
const INK = '#1d2330';
const MUTED = '#5b6474';
const LINE = '#4b5563';

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const fmt = (n: number) => String(Math.round(n * 10) / 10);

interface Box {
  readonly node: DiagramNode;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

function boxHeight(node: DiagramNode, options: DiagramOptions): number {
  return options.thumbnail || !node.caption ? BOX_HEIGHT_PLAIN : BOX_HEIGHT;
}

/** Where each connection arrives on its target: spread across the top in slot order. */
function arrivals(edges: readonly DiagramEdge[]): Map<string, { index: number; count: number }> {
  const byTarget = new Map<string, DiagramEdge[]>();
  for (const e of edges) byTarget.set(e.target, [...(byTarget.get(e.target) ?? []), e]);
  const out = new Map<string, { index: number; count: number }>();
  for (const list of byTarget.values()) {
    const sorted = [...list].sort((a, b) => Number(a.targetHandle.slice(2)) - Number(b.targetHandle.slice(2)));
    sorted.forEach((e, index) => out.set(e.id, { index, count: sorted.length }));
  }
  return out;
}

/** Shape labels are monospaced, so their width follows from their length. */
function labelWidth(text: string): number {
  return text.length * 6.6 + 12;
}

function shapeLabel(x: number, y: number, text: string): string {
  const w = labelWidth(text);
  return (
    `<g class="shape-label"><rect x="${fmt(x - w / 2)}" y="${fmt(y - 9)}" width="${fmt(w)}" height="18" rx="9" fill="#ffffff" stroke="#d0d5dd"/>` +
    `<text x="${fmt(x)}" y="${fmt(y + 3.8)}" text-anchor="middle" font-family="${MONO}" font-size="11" fill="${INK}">${escapeXml(text)}</text></g>`
  );
}

function nodeSvg(box: Box, options: DiagramOptions): string {
  const { node, x, y, width, height } = box;
  const colour = CATEGORY_COLOURS[node.category];
  // Thumbnails are seen small, so their boxes are filled more strongly.
  const fill = options.thumbnail ? 0.3 : 0.1;
  const rect = `<rect x="${fmt(x)}" y="${fmt(y)}" width="${fmt(width)}" height="${fmt(height)}" rx="8" fill="${colour}" fill-opacity="${fill}" stroke="${colour}" stroke-width="1.4"/>`;
  if (options.thumbnail) return `<g class="layer" data-node-id="${escapeXml(node.id)}" data-layer-type="${escapeXml(node.type)}">${rect}</g>`;
  const cx = x + width / 2;
  const title = node.caption
    ? `<text x="${fmt(cx)}" y="${fmt(y + 21)}" text-anchor="middle" font-family="${FONT}" font-size="14" font-weight="600" fill="${INK}">${escapeXml(node.type)}</text>` +
      `<text x="${fmt(cx)}" y="${fmt(y + 38)}" text-anchor="middle" font-family="${FONT}" font-size="12" fill="${MUTED}">${escapeXml(node.caption)}</text>`
    : `<text x="${fmt(cx)}" y="${fmt(y + 23)}" text-anchor="middle" font-family="${FONT}" font-size="14" font-weight="600" fill="${INK}">${escapeXml(node.type)}</text>`;
  return `<g class="layer" data-node-id="${escapeXml(node.id)}" data-layer-type="${escapeXml(node.type)}"><title>${escapeXml(node.id)}</title>${rect}${title}</g>`;
}

function edgeGeometry(edge: DiagramEdge, boxes: Map<string, Box>, arrival: { index: number; count: number } | undefined) {
  const s = boxes.get(edge.source)!;
  const t = boxes.get(edge.target)!;
  const sx = s.x + s.width / 2;
  const sy = s.y + s.height;
  const { index, count } = arrival ?? { index: 0, count: 1 };
  const tx = t.x + (t.width * (index + 1)) / (count + 1);
  // Stop short of the box so the arrowhead's tip touches it.
  const ty = t.y - 1;
  const bend = Math.max(Math.abs(ty - sy) / 2, 30);
  const path = `M ${fmt(sx)} ${fmt(sy)} C ${fmt(sx)} ${fmt(sy + bend)}, ${fmt(tx)} ${fmt(ty - bend)}, ${fmt(tx)} ${fmt(ty)}`;
  // A symmetric cubic's midpoint is the midpoint of its ends.
  return { path, mid: { x: (sx + tx) / 2, y: (sy + ty) / 2 } };
}

/** The diagram as a standalone SVG document. */
export function renderDiagramSvg(diagram: Diagram, options: DiagramOptions): string {
  const nodes = diagram.nodes;
  // Boxes keep the canvas's centres and tops; their height is the diagram's own.
  const boxes = new Map<string, Box>(nodes.map((n) => [n.id, { node: n, x: n.x, y: n.y, width: n.width, height: boxHeight(n, options) }]));
  const edges = diagram.edges.filter((e) => boxes.has(e.source) && boxes.has(e.target));
  const feeds = new Set(edges.map((e) => e.source));
  const outputs = nodes.filter((n) => !feeds.has(n.id) && options.showShapes && !options.thumbnail && n.outputShape);

  const all = [...boxes.values()];
  let minX = Math.min(...all.map((b) => b.x));
  let maxX = Math.max(...all.map((b) => b.x + b.width));
  const minY = Math.min(...all.map((b) => b.y));
  let maxY = Math.max(...all.map((b) => b.y + b.height));
  for (const n of outputs) {
    const b = boxes.get(n.id)!;
    const w = labelWidth(n.outputShape!);
    minX = Math.min(minX, b.x + b.width / 2 - w / 2);
    maxX = Math.max(maxX, b.x + b.width / 2 + w / 2);
    maxY = Math.max(maxY, b.y + b.height + OUTPUT_STUB + 12);
  }
  if (all.length === 0) {
    minX = 0;
    maxX = 200;
    maxY = 0;
  }
  const originX = (all.length ? minX : 0) - MARGIN;
  const originY = (all.length ? minY : 0) - MARGIN;
  const width = Math.ceil(maxX - originX + MARGIN);
  const height = Math.ceil(maxY - originY + MARGIN);

  const arrive = arrivals(edges);
  const paths: string[] = [];
  const labels: string[] = [];
  for (const e of edges) {
    const { path, mid } = edgeGeometry(e, boxes, arrive.get(e.id));
    paths.push(`<path class="connection" data-edge-id="${escapeXml(e.id)}" d="${path}" fill="none" stroke="${LINE}" stroke-width="1.4" marker-end="url(#arrow)"/>`);
    if (options.showShapes && !options.thumbnail && e.shape) labels.push(shapeLabel(mid.x, mid.y, e.shape));
  }
  for (const n of outputs) {
    const b = boxes.get(n.id)!;
    const cx = b.x + b.width / 2;
    const top = b.y + b.height;
    paths.push(`<path class="output" d="M ${fmt(cx)} ${fmt(top)} L ${fmt(cx)} ${fmt(top + OUTPUT_STUB - 10)}" fill="none" stroke="${LINE}" stroke-width="1.4" marker-end="url(#arrow)"/>`);
    labels.push(shapeLabel(cx, top + OUTPUT_STUB + 2, n.outputShape!));
  }

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${fmt(originX)} ${fmt(originY)} ${width} ${height}">`,
    `<title>${escapeXml(diagram.title)}</title>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="${LINE}"/></marker></defs>`,
    // A white page for slides and papers; thumbnails take the colour of whatever they sit on.
    options.thumbnail ? '' : `<rect x="${fmt(originX)}" y="${fmt(originY)}" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<g class="connections">${paths.join('')}</g>`,
    `<g class="layers">${all.map((b) => nodeSvg(b, options)).join('')}</g>`,
    `<g class="shapes">${labels.join('')}</g>`,
    '</svg>',
  ].join('\n');
}
