/**
 * The layer catalogue: every layer type, registered once. Each group lists its
 * layer files; adding a layer type means adding its file and one entry here.
 */
import type { LayerDef } from './define';
import { CORE_LAYERS } from './group-core';
import { CONVOLUTION_LAYERS } from './group-convolution';
import { RECURRENT_LAYERS } from './group-recurrent';

export const LAYERS: readonly LayerDef[] = [...CORE_LAYERS, ...CONVOLUTION_LAYERS, ...RECURRENT_LAYERS];

const BY_TYPE = new Map<string, LayerDef>(LAYERS.map((l) => [l.type, l]));

export function getLayer(type: string): LayerDef | undefined {
  return BY_TYPE.get(type);
}

export const LAYER_TYPES: readonly string[] = LAYERS.map((l) => l.type);

export type { LayerDef, Shape, WeightSpec, LayerDoc, LayerCategory } from './define';
export { parseParams } from './params';
export type { ParamSpec, ParamSpecs } from './params';
export { ACTIVATIONS, ACTIVATION_NAMES } from './activations';
