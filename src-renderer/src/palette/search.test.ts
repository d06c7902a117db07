/** The palette's grouping and search. */
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../../shared/layers';
import { CATEGORY_ORDER, paletteGroups, searchLayers } from './search';

describe('paletteGroups', () => {
  it('lists every layer exactly once, grouped in teaching order', () => {
    const groups = paletteGroups();
    expect(groups.flatMap((g) => g.layers.map((l) => l.type)).sort()).toEqual(LAYERS.map((l) => l.type).sort());
    expect(groups.map((g) => g.category)).toEqual(CATEGORY_ORDER.filter((c) => LAYERS.some((l) => l.category === c)));
    expect(groups[0]!.layers[0]!.type).toBe('Input');
  });
});

describe('searchLayers', () => {
  const names = (q: string) => searchLayers(q).map((l) => l.type);

  it.each([
    ['dense', 'Dense'],
    ['conv2d', 'Conv2D'],
    ['lstm', 'LSTM'],
    ['fully connected', 'Dense'],
    ['Drop', 'Dropout'],
  ])('finds %j first: %s', (query, first) => expect(names(query)[0]).toBe(first));

  it('ranks name matches above matches in the text', () => {
    const found = names('pool');
    const byName = found.filter((t) => t.toLowerCase().includes('pool'));
    expect(found.slice(0, byName.length)).toEqual(byName);
  });

  it('finds layers by what they are for', () => {
    expect(names('image')).toContain('Conv2D');
    expect(names('sequence')).toEqual(expect.arrayContaining(['LSTM', 'GRU', 'SimpleRNN']));
  });

  it('needs every word to match, and finds nothing for nonsense', () => {
    expect(names('max pool 2d')[0]).toBe('MaxPooling2D');
    expect(names('max pool 2d')).not.toContain('MaxPooling1D');
    expect(names('qwertyuiop')).toEqual([]);
  });

  it('returns the whole catalogue for an empty query', () => {
    expect(searchLayers('  ')).toHaveLength(LAYERS.length);
  });
});
