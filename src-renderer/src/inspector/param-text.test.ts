/** From what is typed to the stored value, and the compiler's own messages for what is wrong. */
import { describe, expect, it } from 'vitest';
import { getLayer } from '../../../shared/layers';
import { formatBytes, formatSi } from './format';
import type { InitializerSpec } from '../../../shared/layers/params';
import { checkParam, chooseInitializer, constantFromText, formatParam, initializerShown, parseNumberText, parseParamText } from './param-text';

const spec = (type: string, name: string) => getLayer(type)!.params[name]!;

describe('parseParamText', () => {
  it.each([
    ['Dense', 'units', '128', 128],
    ['Dense', 'units', ' 8 ', 8],
    ['Dense', 'units', '', undefined],
    ['Dense', 'units', 'abc', 'abc'],
    ['Dropout', 'rate', '0.25', 0.25],
    ['Dropout', 'rate', '.5', 0.5],
    ['Dropout', 'rate', '1e-1', 0.1],
    ['Input', 'shape', '28, 28, 1', [28, 28, 1]],
    ['Input', 'shape', '[28,28,1]', [28, 28, 1]],
    ['Input', 'shape', '28×28', [28, 28]],
    ['Input', 'shape', '28x28x1', [28, 28, 1]],
    ['Input', 'shape', '28 28', [28, 28]],
    ['Input', 'shape', '28, two', '28, two'],
    ['Reshape', 'target_shape', '-1, 7', [-1, 7]],
    ['MaxPooling2D', 'strides', '', null],
    ['Permute', 'dims', '2, 1', [2, 1]],
    ['Conv2D', 'kernel_size', '3', 3],
    ['Conv2D', 'kernel_size', '5, 3', [5, 3]],
  ])('%s.%s: %j → %j', (type, name, text, value) => {
    expect(parseParamText(spec(type, name), text)).toEqual(value);
  });

  it('reads one number box', () => {
    expect(parseNumberText('')).toBeUndefined();
    expect(parseNumberText('4')).toBe(4);
    expect(parseNumberText('4a')).toBe('4a');
  });
});

describe('checkParam', () => {
  it('accepts valid values and the default', () => {
    expect(checkParam('units', spec('Dense', 'units'), 8)).toBeNull();
    expect(checkParam('units', spec('Dense', 'units'), undefined)).toBeNull();
    expect(checkParam('kernel_size', spec('Conv2D', 'kernel_size'), [3, 3])).toBeNull();
  });

  it.each([
    ['Dense', 'units', 0, 'a whole number'],
    ['Dense', 'units', 2.5, 'a whole number'],
    ['Dense', 'units', 'abc', 'a whole number'],
    ['Dropout', 'rate', 1, 'below 1'],
    ['Input', 'shape', [28, 0], 'positive whole numbers'],
    ['Conv2D', 'kernel_size', [3, 3, 3], 'a list of 2'],
  ])('rejects %s.%s = %j in the compiler\'s words', (type, name, value, words) => {
    const issue = checkParam(name, spec(type, name), value)!;
    expect(issue.message).toContain(words);
    expect(issue.fix).toMatch(/^Set "/);
  });
});

describe('formatParam', () => {
  it('writes lists with commas and null as empty', () => {
    expect(formatParam(spec('Input', 'shape'), [28, 28, 1])).toBe('28, 28, 1');
    expect(formatParam(spec('MaxPooling2D', 'strides'), null)).toBe('');
    expect(formatParam(spec('Dense', 'units'), 8)).toBe('8');
  });

  it('writes and reads JSON parameters (an OnnxOp\'s attributes) as JSON', () => {
    const attributes = { alpha: { f: 0.5 }, axes: { ints: [1, 2] } };
    const text = formatParam(spec('OnnxOp', 'attributes'), attributes);
    expect(text).toBe('{"alpha":{"f":0.5},"axes":{"ints":[1,2]}}');
    expect(parseParamText(spec('OnnxOp', 'attributes'), text)).toEqual(attributes);
    expect(parseParamText(spec('OnnxOp', 'attributes'), '{alpha: 1')).toBe('{alpha: 1');
    expect(formatParam(spec('OnnxOp', 'output_shape'), null)).toBe('');
  });
});

describe('initialiser fields', () => {
  const kernel = spec('Dense', 'kernel_initializer') as InitializerSpec;
  const constant = (value: unknown) => ({ class_name: 'Constant', config: { value } });

  it.each([
    ['nothing stored (the default)', undefined, { option: 'glorot_uniform', constant: undefined, text: '' }],
    ['a name', 'he_normal', { option: 'he_normal', constant: undefined, text: '' }],
    ['Keras\'s serialized form', { class_name: 'LecunNormal', config: { seed: null } }, { option: 'lecun_normal', constant: undefined, text: '' }],
    ['a Constant', constant(0.1), { option: 'constant', constant: 0.1, text: '0.1' }],
    ['a Constant with a wrong value', constant('abc'), { option: 'constant', constant: undefined, text: 'abc' }],
    ['a name Netwright lacks', 'xavier', { option: 'glorot_uniform', constant: undefined, text: '' }],
  ])('shows %s', (_label, stored, shown) => {
    expect(initializerShown(kernel, stored)).toEqual(shown);
  });

  it('stores a name, or Keras\'s Constant keeping its value', () => {
    expect(chooseInitializer('he_uniform', 0.5)).toBe('he_uniform');
    expect(chooseInitializer('constant', undefined)).toEqual(constant(0));
    expect(chooseInitializer('constant', 0.5)).toEqual(constant(0.5));
    expect(checkParam('kernel_initializer', kernel, chooseInitializer('constant', undefined))).toBeNull();
  });

  it('reads the value box, and says what is wrong in the compiler\'s words', () => {
    expect(constantFromText(' -0.25 ')).toEqual(constant(-0.25));
    expect(checkParam('kernel_initializer', kernel, constantFromText('1e-3'))).toBeNull();
    for (const [text, message] of [['', 'as its value.'], ['abc', 'as its value, not "abc".'], ['0.1.2', 'as its value, not "0.1.2".']]) {
      const issue = checkParam('kernel_initializer', kernel, constantFromText(text!))!;
      expect(issue.message, text).toBe(`"kernel_initializer" is not a valid initialiser: Constant needs a finite number ${message}`);
      expect(issue.fix).toMatch(/"value": 0\.1/);
    }
  });
});

describe('formatting figures', () => {
  it.each([
    [0, '0.00 B'], [132, '132.00 B'], [1024, '1.00 KB'], [407_080, '397.54 KB'], [5 * 1024 ** 3, '5.00 GB'],
  ])('%d bytes → %s', (n, text) => expect(formatBytes(n)).toBe(text));

  it.each([
    [66, '66'], [999, '999'], [1250, '1.25 k'], [203_530, '204 k'], [3_400_000, '3.40 M'], [1.2e9, '1.20 G'],
  ])('%d → %s', (n, text) => expect(formatSi(n)).toBe(text));
});
