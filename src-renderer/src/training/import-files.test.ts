import { describe, expect, it } from 'vitest';
import { datasetName, isDataFile, parentFolder } from './import-files';

describe('import files', () => {
  it.each([
    ['flowers.csv', true],
    ['table.TSV', true],
    ['x_train.npy', true],
    ['train-images-idx3-ubyte', true],
    ['train-images-idx3-ubyte.gz', true],
    ['model.nwproj', false],
    ['photo.png', false],
  ])('%s is data: %s', (name, data) => expect(isDataFile(name)).toBe(data));

  it('names a dataset after its file or folder', () => {
    expect(datasetName('data/flowers.csv')).toBe('flowers');
    expect(datasetName('images/cats-vs-dogs/')).toBe('cats-vs-dogs');
    expect(datasetName('mnist/train-images-idx3-ubyte.gz')).toBe('train-images-idx3-ubyte');
  });

  it('goes up a folder', () => {
    expect(parentFolder('a/b/c')).toBe('a/b');
    expect(parentFolder('a')).toBe('');
    expect(parentFolder('')).toBe('');
  });
});
