/**
 * A layer's key settings in a few words, as a textbook figure labels a box:
 * "8 units · tanh", "16 filters · 3×3 · same", "rate 0.2". Shown under the
 * layer type on the canvas and in exported diagrams. Defaults are filled in
 * with the same parseParams the compiler uses, so the caption always says
 * what the compiler will build.
 */
import { getLayer, parseParams } from '../../../shared/layers';

type Values = Readonly<Record<string, unknown>>;

const dims = (v: unknown) => (Array.isArray(v) ? v.join('×') : String(v));
const allOnes = (v: unknown) => Array.isArray(v) && v.every((d) => d === 1);
const activation = (p: Values) => (p['activation'] && p['activation'] !== 'linear' ? [String(p['activation'])] : []);
const join = (parts: readonly (string | false | undefined)[]) => parts.filter(Boolean).join(' · ');

function conv(p: Values, what: string[]): string {
  return join([
    ...what,
    dims(p['kernel_size']),
    !allOnes(p['strides']) && `stride ${dims(p['strides'])}`,
    p['padding'] === 'same' && 'same',
    ...activation(p),
  ]);
}

function recurrent(p: Values): string {
  return join([`${p['units']} units`, p['return_sequences'] === true && 'sequences']);
}

const CAPTIONS: Readonly<Record<string, (p: Values) => string>> = {
  Input: (p) => {
    const shape = p['shape'] as number[];
    return join([shape.length === 1 ? `${shape[0]} value${shape[0] === 1 ? '' : 's'}` : dims(shape), p['dtype'] === 'int32' && 'token ids']);
  },
  Dense: (p) => join([`${p['units']} unit${p['units'] === 1 ? '' : 's'}`, ...activation(p)]),
  Activation: (p) => String(p['activation']),
  Dropout: (p) => `rate ${p['rate']}`,
  Reshape: (p) => `→ ${dims(p['target_shape'])}`,
  Permute: (p) => `(${(p['dims'] as number[] | null)?.join(', ') ?? ''})`,
  RepeatVector: (p) => `× ${p['n']}`,
  Concatenate: (p) => (p['axis'] === -1 ? '' : `axis ${p['axis']}`),
  ReLU: () => '',
  LeakyReLU: (p) => `slope ${p['negative_slope']}`,
  ELU: (p) => `α ${p['alpha']}`,
  Softmax: (p) => (p['axis'] === -1 ? '' : `axis ${p['axis']}`),
  Conv1D: (p) => conv(p, [`${p['filters']} filters`]),
  Conv2D: (p) => conv(p, [`${p['filters']} filters`]),
  Conv2DTranspose: (p) => conv(p, [`${p['filters']} filters`]),
  DepthwiseConv2D: (p) => conv(p, p['depth_multiplier'] === 1 ? [] : [`× ${p['depth_multiplier']}`]),
  MaxPooling1D: (p) => dims(p['pool_size']),
  MaxPooling2D: (p) => dims(p['pool_size']),
  AveragePooling1D: (p) => dims(p['pool_size']),
  AveragePooling2D: (p) => dims(p['pool_size']),
  ZeroPadding2D: (p) => `pad ${dims(p['padding'])}`,
  UpSampling2D: (p) => `× ${dims(p['size'])}`,
  Embedding: (p) => `${p['input_dim']} → ${p['output_dim']}`,
  SimpleRNN: recurrent,
  GRU: recurrent,
  LSTM: recurrent,
  Bidirectional: (p) => {
    const inner = p['layer'] as { type: string; params: Values };
    return join([`${inner.type} ${innerCaption(inner)}`.trim(), String(p['merge_mode'])]);
  },
  TimeDistributed: (p) => {
    const inner = p['layer'] as { type: string; params: Values };
    return `${inner.type} ${innerCaption(inner)}`.trim();
  },
};

function innerCaption(inner: { type: string; params: Values }): string {
  return layerCaption(inner.type, inner.params);
}

/** The caption for a layer of `type` with raw document `params`; empty when there is nothing to say. */
export function layerCaption(type: string, params: Values): string {
  const def = getLayer(type);
  const caption = CAPTIONS[type];
  if (!def || !caption) return '';
  return caption(parseParams(def.params, params).values);
}
