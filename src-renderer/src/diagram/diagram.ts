/**
 * What an exported diagram is made of: the layers where they sit on the
 * canvas, and the connections between them. Built from the canvas
 * (collect.ts) and drawn by diagram-svg.ts.
 */
import type { LayerCategory } from '../../../shared/layers';

export interface DiagramNode {
  readonly id: string;
  /** Top-left corner and size, in canvas units. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly type: string;
  readonly caption: string;
  readonly category: LayerCategory | 'unknown';
  /** Keras notation, e.g. "(None, 10)"; null when unknown. */
  readonly outputShape: string | null;
}

export interface DiagramEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** The input slot it enters (in0, in1…), which fixes where on the target it arrives. */
  readonly targetHandle: string;
  readonly shape: string | null;
}

export interface Diagram {
  readonly title: string;
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}
