/**
 * The palette's catalogue: layer types grouped by category in teaching order,
 * and a search that finds a layer by its name or by what it does ("fully
 * connected", "image", "sequence"), best matches first. Pure, for testing.
 */
import { LAYERS, type LayerCategory, type LayerDef } from '../../../shared/layers';

export const CATEGORY_ORDER: readonly LayerCategory[] = ['core', 'convolution', 'pooling', 'normalization', 'recurrent', 'merging', 'activation'];

export const CATEGORY_TITLES: Readonly<Record<LayerCategory, string>> = {
  core: 'Core',
  convolution: 'Convolution',
  pooling: 'Pooling and resizing',
  normalization: 'Normalisation',
  recurrent: 'Recurrent',
  merging: 'Merging',
  activation: 'Activations',
};

export interface PaletteGroup {
  readonly category: LayerCategory;
  readonly title: string;
  readonly layers: readonly LayerDef[];
}

export function paletteGroups(layers: readonly LayerDef[] = LAYERS): PaletteGroup[] {
  return CATEGORY_ORDER.map((category) => ({ category, title: CATEGORY_TITLES[category], layers: layers.filter((l) => l.category === category) })).filter((g) => g.layers.length > 0);
}

/** Lower is better; Infinity when the word is nowhere. */
function wordScore(layer: LayerDef, word: string): number {
  const name = layer.type.toLowerCase();
  if (name === word) return 0;
  if (name.startsWith(word)) return 1;
  if (name.includes(word)) return 2;
  if (layer.category.startsWith(word) || CATEGORY_TITLES[layer.category].toLowerCase().includes(word)) return 3;
  if (layer.doc.summary.toLowerCase().includes(word)) return 4;
  if (layer.doc.whenToUse.toLowerCase().includes(word)) return 5;
  return Infinity;
}

/** Layers matching every word of the query, best first; catalogue order breaks ties. */
export function searchLayers(query: string, layers: readonly LayerDef[] = LAYERS): LayerDef[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...layers];
  return layers
    .map((layer, index) => ({ layer, index, score: words.reduce((sum, w) => sum + wordScore(layer, w), 0) }))
    .filter((r) => Number.isFinite(r.score))
    .sort((a, b) => a.score - b.score || a.index - b.index)
    .map((r) => r.layer);
}
