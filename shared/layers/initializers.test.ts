/**
 * Initialiser parameters: names, Keras's serialized configs and Constant with
 * its value are read into one Initializer; anything else is rejected with a
 * message that names the parameter and says what to write instead.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../compiler';
import { getLayer } from './index';
import { readInitializer, type Initializer } from './initializers';
import { parseParams } from './params';

const GOOD: [label: string, raw: unknown, read: Initializer][] = [
  ['a name', 'he_normal', 'he_normal'],
  ['a Keras class name as text', 'GlorotNormal', 'glorot_normal'],
  ['Keras\'s alias "uniform"', 'uniform', 'random_uniform'],
  ['"constant" by name (Keras\'s Constant(0))', 'constant', { name: 'constant', value: 0 }],
  ['Keras 2 serialized form', { class_name: 'GlorotUniform', config: { seed: null } }, 'glorot_uniform'],
  ['Keras 3 serialized form', { module: 'keras.initializers', class_name: 'HeUniform', config: { seed: 42 }, registered_name: null }, 'he_uniform'],
  ['Keras 3\'s OrthogonalInitializer with its default gain', { class_name: 'OrthogonalInitializer', config: { gain: 1.0, seed: null } }, 'orthogonal'],
  ['RandomUniform with Keras\'s default range', { class_name: 'RandomUniform', config: { minval: -0.05, maxval: 0.05, seed: null } }, 'random_uniform'],
  ['Zeros without a config', { class_name: 'Zeros' }, 'zeros'],
  ['Constant with a value', { class_name: 'Constant', config: { value: 0.1 } }, { name: 'constant', value: 0.1 }],
  ['Constant with a negative value', { class_name: 'Constant', config: { value: -3 } }, { name: 'constant', value: -3 }],
];

const BAD: [label: string, raw: unknown, reason: RegExp][] = [
  ['an unknown name', 'xavier', /no initialiser called "xavier"/],
  ['a number', 0.1, /must be a name such as "glorot_uniform", or Keras's .* form, not 0\.1$/],
  ['null', null, /not null$/],
  ['an object without class_name', { config: { value: 1 } }, /must be a name/],
  ['an initialiser Netwright lacks', { class_name: 'TruncatedNormal', config: { stddev: 0.02 } }, /no TruncatedNormal initialiser/],
  ['Constant without a value', { class_name: 'Constant', config: {} }, /^Constant needs a finite number as its value$/],
  ['Constant with text for a value', { class_name: 'Constant', config: { value: '0.1' } }, /^Constant needs a finite number as its value, not "0\.1"$/],
  ['Constant with a list for a value', { class_name: 'Constant', config: { value: [1, 2] } }, /Constant needs a finite number/],
  ['Constant with a seed', { class_name: 'Constant', config: { value: 1, seed: 3 } }, /Constant has no setting "seed"/],
  ['a config that is not an object', { class_name: 'Ones', config: 5 }, /"config" must be an object/],
  ['an unknown setting', { class_name: 'HeNormal', config: { scale: 2 } }, /HeNormal has no setting "scale"/],
  ['a non-default Orthogonal gain', { class_name: 'Orthogonal', config: { gain: 2 } }, /keeps gain at 1/],
  ['a non-default RandomUniform range', { class_name: 'RandomUniform', config: { minval: -1, maxval: 1 } }, /keeps minval at -0.05/],
  ['a fractional seed', { class_name: 'GlorotUniform', config: { seed: 1.5 } }, /seed must be a whole number or null/],
  ['an unknown top-level key', { class_name: 'Ones', config: {}, value: 1 }, /no "value" key/],
];

describe('readInitializer', () => {
  it.each(GOOD)('reads %s', (_label, raw, read) => {
    expect(readInitializer(raw)).toEqual({ ok: true, value: read });
  });

  it.each(BAD)('rejects %s', (_label, raw, reason) => {
    const reading = readInitializer(raw);
    expect(reading.ok).toBe(false);
    if (!reading.ok) {
      expect(reading.reason).toMatch(reason);
      expect(reading.fix.length).toBeGreaterThan(0);
    }
  });

  it('rejects non-finite Constant values', () => {
    expect(readInitializer({ class_name: 'Constant', config: { value: Infinity } })).toMatchObject({ ok: false, reason: 'Constant needs a finite number as its value, not Infinity' });
    expect(readInitializer({ class_name: 'Constant', config: { value: NaN } }).ok).toBe(false);
  });
});

describe('initialiser parameters', () => {
  const dense = getLayer('Dense')!;

  it('default to Keras\'s initialisers', () => {
    const { values, issues } = parseParams(dense.params, {});
    expect(issues).toEqual([]);
    expect(values['kernel_initializer']).toBe('glorot_uniform');
    expect(values['bias_initializer']).toBe('zeros');
  });

  it('give the constant to the weight it initialises', () => {
    const { values, issues } = parseParams(dense.params, { units: 3, bias_initializer: { class_name: 'Constant', config: { value: 0.1 } } });
    expect(issues).toEqual([]);
    const weights = dense.weights!([[4]], values);
    expect(weights.find((w) => w.name === 'bias')!.init).toEqual({ name: 'constant', value: 0.1 });
    expect(weights.find((w) => w.name === 'kernel')!.init).toBe('glorot_uniform');
  });

  it('name the parameter and the problem in the error, with a fix', () => {
    const { issues } = parseParams(dense.params, { kernel_initializer: { class_name: 'Constant', config: { value: 'x' } } });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.param).toBe('kernel_initializer');
    expect(issues[0]!.message).toBe('"kernel_initializer" is not a valid initialiser: Constant needs a finite number as its value, not "x".');
    expect(issues[0]!.fix).toMatch(/"value": 0\.1/);
  });

  it.each([
    ['Dense', 'kernel_initializer'], ['Dense', 'bias_initializer'], ['Conv1D', 'kernel_initializer'], ['Conv2D', 'bias_initializer'],
    ['Conv2DTranspose', 'bias_initializer'], ['DepthwiseConv2D', 'depthwise_initializer'], ['DepthwiseConv2D', 'bias_initializer'], ['Embedding', 'embeddings_initializer'],
  ])('%s.%s is an initialiser parameter offering constant', (type, param) => {
    const spec = getLayer(type)!.params[param];
    expect(spec?.kind).toBe('initializer');
    expect(spec?.kind === 'initializer' && spec.options.includes('constant')).toBe(true);
  });

  it('reach the compiler as a catalogued error on the node (NW011)', () => {
    const result = compile({
      nodes: [{ id: 'in', type: 'Input', params: { shape: [4] } }, { id: 'd', type: 'Dense', params: { units: 2, bias_initializer: { class_name: 'Constant', config: { value: null } } } }],
      edges: [{ id: 'e0', source: 'in', target: 'd' }],
    });
    const error = result.errors.find((e) => e.node === 'd');
    expect(error).toMatchObject({ code: 'NW011', param: 'bias_initializer' });
    expect(error!.message).toBe('Dense "d": "bias_initializer" is not a valid initialiser: Constant needs a finite number as its value, not null.');
  });
});
