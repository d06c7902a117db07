/**
 * What a two-input model's hidden neurons draw, as TensorFlow Playground shows
 * them: which layers count as hidden, how many of their units get a tile, and
 * how each unit's activation over the boundary's grid becomes a small picture.
 * Pure, so the component (NeuronMaps.tsx) only fetches and paints.
 */
import { compile } from '../../../shared/compiler';
import type { Project } from '../../../shared/graph/schema';
import { GRID_SIZE } from './boundary';
import { rgb } from './class-colors';

export interface NeuronLayer {
  readonly id: string;
  /** The layer's label, or its id. */
  readonly name: string;
  readonly type: string;
  readonly units: number;
  /** Its own activation function ("tanh", "linear"), or null for a layer that has none (BatchNormalization, Add…). */
  readonly activation: string | null;
}

/** At most this many layers and units per layer get tiles: beyond that the pictures get too small to read. */
export const MAX_LAYERS = 4;
export const MAX_UNITS = 16;

/** Layers whose output at inference is their input, only rearranged or passed through: their tiles would repeat the layer before. */
const PASS_THROUGH = new Set(['Dropout', 'Flatten', 'Reshape', 'Permute']);

/** The activation a layer applies itself, by type. */
function activationOf(type: string, params: Readonly<Record<string, unknown>>): string | null {
  if (type === 'Dense' || type === 'Activation') return typeof params['activation'] === 'string' ? params['activation'] : 'linear';
  const own: Record<string, string> = { ReLU: 'relu', LeakyReLU: 'leaky_relu', ELU: 'elu', Softmax: 'softmax' };
  return own[type] ?? null;
}

/**
 * The hidden layers, in the order data flows through them: every layer with
 * a flat (1-D) output that is neither the input nor one of the model's
 * outputs, so a Dense without activation and the Activation layer after it
 * each get their row (before and after the squashing).
 */
export function hiddenLayers(project: Pick<Project, 'nodes' | 'edges' | 'outputs'>): NeuronLayer[] {
  const { wiring, shapes } = compile(project, { shapesOnly: true });
  const outputs = new Set(wiring.outputs);
  const layers: NeuronLayer[] = [];
  for (const id of wiring.order) {
    const node = project.nodes.find((n) => n.id === id);
    const shape = shapes.get(id);
    if (!node || !shape || node.type === 'Input' || outputs.has(id) || PASS_THROUGH.has(node.type)) continue;
    if (shape.outputShape.length !== 1 || shape.dataKind === 'int') continue;
    layers.push({ id, name: node.label || id, type: node.type, units: shape.outputShape[0]!, activation: activationOf(node.type, node.params) });
  }
  return layers;
}

/** "8 units · tanh": what a layer's row is headed with, after its name. */
export function layerDetail(layer: NeuronLayer): string {
  const units = `${layer.units} ${layer.units === 1 ? 'unit' : 'units'}`;
  if (layer.activation === 'linear') return `${units} · no activation`;
  return `${units} · ${layer.activation ?? layer.type}`;
}

/** "hidden · unit 3": what hovering a tile says; units count from 1, as a class would count them. */
export const unitTitle = (layer: NeuronLayer, unit: number): string => `${layer.name} · unit ${unit + 1}`;

export interface ActivationScale {
  /**
   * 'sequential' when no value is negative (ReLU, sigmoid, softmax): from 0 up;
   * 'diverging' otherwise (tanh, linear): centred on 0, negative one colour, positive the other.
   */
  readonly kind: 'sequential' | 'diverging';
  /** The largest magnitude: it gets the full colour. */
  readonly max: number;
}

/** One scale for a whole layer, from its values, so its units compare at a glance and a layer that barely moves still shows. */
export function scaleOf(values: ArrayLike<number>): ActivationScale {
  let min = Infinity, max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    min = Math.min(min, v);
    max = Math.max(max, Math.abs(v));
  }
  return { kind: min < 0 ? 'diverging' : 'sequential', max: max > 0 ? max : 1 };
}

/** Positive activations are green and negative ones purple: not the classes' orange and blue, as a neuron's sign is not a class. */
export const POSITIVE = '#2b9a5a';
export const NEGATIVE = '#8e5bb5';

/** A value's colour: `background` at 0, mixed towards the sign's colour in proportion to |value| / max. Not-a-number stays background. */
export function activationColor(value: number, scale: ActivationScale, background: readonly [number, number, number]): [number, number, number] {
  const t = Number.isFinite(value) ? Math.max(-1, Math.min(1, value / scale.max)) : 0;
  const toward = rgb(t < 0 ? NEGATIVE : POSITIVE);
  const mix = Math.abs(t);
  return [0, 1, 2].map((ch) => Math.round(background[ch]! * (1 - mix) + toward[ch]! * mix)) as [number, number, number];
}

/**
 * One unit's tile as RGBA pixels, one per grid cell, row by row from the top
 * as gridInputs() lays the grid out. `outputs` is the probed layer, [cells, units] flat.
 */
export function tilePixels(outputs: ArrayLike<number>, units: number, unit: number, scale: ActivationScale, background: string, size = GRID_SIZE): Uint8ClampedArray {
  const pixels = new Uint8ClampedArray(size * size * 4);
  const bg = rgb(background);
  for (let i = 0; i < size * size; i++) {
    pixels.set(activationColor(outputs[i * units + unit] ?? Number.NaN, scale, bg), i * 4);
    pixels[i * 4 + 3] = 255;
  }
  return pixels;
}

/** A number for the legend: "0.93", "12", "0.0041". */
export function legendNumber(v: number): string {
  return Number(v.toPrecision(2)).toString();
}
