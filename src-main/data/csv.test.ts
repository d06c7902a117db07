import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import { DataError } from './errors';

const parse = (text: string, options?: Record<string, unknown>) => parseCsv(text, options, 'table', 'table.csv');

describe('CSV', () => {
  it('reads numeric features, the last column as label, and marks numeric columns for standardising', () => {
    const { dataset, standardize } = parse('a,b,label\n1,2,0\n3,4.5,1\n-1e2,.5,1\n');
    expect(dataset.info).toMatchObject({ task: 'classification', sparseLabels: true, classes: ['0', '1'], features: ['a', 'b'] });
    expect([...dataset.train.x.data]).toEqual([1, 2, 3, 4.5, -100, 0.5]);
    expect(dataset.train.x.shape).toEqual([3, 2]);
    expect(dataset.train.y).toEqual({ data: Int32Array.of(0, 1, 1), shape: [3] });
    expect(standardize).toEqual([0, 1]);
  });

  it.each([
    { name: 'label by name', options: { label: 'kind' }, text: 'kind,x\ncat,1\ndog,2\ncat,3', x: [1, 2, 3], y: [0, 1, 0], classes: ['cat', 'dog'] },
    { name: 'label by negative index', options: { label: -2 }, text: 'x,kind,z\n1,b,9\n2,a,8', x: [1, 9, 2, 8], y: [1, 0], classes: ['a', 'b'] },
    { name: 'ignored id column', options: { ignore: ['id'] }, text: 'id,x,y\n17,1,0\n18,2,1', x: [1, 2], y: [0, 1], classes: ['0', '1'] },
    { name: 'numeric class names sort numerically', options: {}, text: 'x,y\n1,10\n2,9\n3,10', x: [1, 2, 3], y: [1, 0, 1], classes: ['9', '10'] },
    { name: 'quoted values, blank lines, a BOM and spaces', options: {}, text: '\uFEFFx,"y"\n 1.5 ,"a,b"\n\n2,c\n', x: [1.5, 2], y: [0, 1], classes: ['a,b', 'c'] },
    { name: 'tabs', options: {}, text: 'x\ty\n1\tp\n2\tq', x: [1, 2], y: [0, 1], classes: ['p', 'q'] },
  ])('$name', ({ options, text, x, y, classes }) => {
    const { dataset } = parse(text, options);
    expect([...dataset.train.x.data]).toEqual(x);
    expect([...dataset.train.y.data]).toEqual(y);
    expect(dataset.info.classes).toEqual(classes);
  });

  it('one-hot encodes word columns by default and keeps the mapping', () => {
    const { dataset, standardize } = parse('size,colour,price\n1,red,10.5\n2,blue,20.25\n3,red,30\n', { task: 'regression' });
    expect(dataset.info.features).toEqual(['size', 'colour=blue', 'colour=red']);
    expect([...dataset.train.x.data]).toEqual([1, 0, 1, 2, 1, 0, 3, 0, 1]);
    expect(dataset.info.preprocessing?.categorical).toEqual([{ column: 'colour', encoding: 'one-hot', values: ['blue', 'red'] }]);
    expect(standardize).toEqual([0]);
    expect(dataset.info.task).toBe('regression');
    expect(dataset.train.y).toEqual({ data: Float32Array.of(10.5, 20.25, 30), shape: [3, 1] });
  });

  it('label-encodes categories on request, including numeric ones listed as categorical', () => {
    const { dataset, standardize } = parse('zip,colour,y\n20,red,0\n3,blue,1\n20,green,0\n', { categoricalEncoding: 'label', categorical: ['zip'] });
    expect(dataset.info.features).toEqual(['zip', 'colour']);
    expect([...dataset.train.x.data]).toEqual([1, 2, 0, 0, 1, 1]);
    expect(dataset.info.preprocessing?.categorical).toEqual([
      { column: 'zip', encoding: 'label', values: ['3', '20'] },
      { column: 'colour', encoding: 'label', values: ['blue', 'green', 'red'] },
    ]);
    expect(standardize).toBeUndefined();
  });

  it.each([
    ['real-valued labels are regression', 'x,y\n1,0.5\n2,1.5', {}, 'regression'],
    ['more than 20 distinct whole numbers are regression', `x,y\n${Array.from({ length: 21 }, (_, i) => `${i},${i * 3}`).join('\n')}`, {}, 'regression'],
    ['task overrides the guess', 'x,y\n1,0.5\n2,1.5', { task: 'classification' }, 'classification'],
    ['binary gives 0/1 floats of shape [1]', 'x,y\n1,no\n2,yes\n3,no', { task: 'binary' }, 'binary'],
  ])('%s', (_name, text, options, task) => {
    const { dataset } = parse(text, options);
    expect(dataset.info.task).toBe(task);
    if (task === 'binary') expect(dataset.train.y).toEqual({ data: Float32Array.of(0, 1, 0), shape: [3, 1] });
  });

  it('skips standardisation when normalize is "none"', () => {
    expect(parse('x,y\n1,0\n2,1', { normalize: 'none' }).standardize).toBeUndefined();
  });

  it.each<[string, string, Record<string, unknown>, RegExp]>([
    ['a ragged row', 'a,b,c\n1,2,3\n4,5\n', {}, /table\.csv, line 3: the row has 2 values but the header names 3 columns \(a, b, c\)/],
    ['a word in a numeric column', 'a,b\n1,0\n2,0\nx7,1\n', {}, /line 4: column "a" holds "x7", which is not a number.*list "a" in the dataset option "categorical"/],
    ['an empty cell', 'a,b\n1,0\n,1\n', {}, /line 3: column "a" is empty/],
    ['a word as a regression target', 'a,b\n1,2.5\n2,oops\n', { task: 'regression' }, /line 3: the label "b" is "oops", but a regression target must be a number/],
    ['an unknown label column', 'a,b\n1,2\n', { label: 'c' }, /the label column "c" is not in the header. The columns are: a, b/],
    ['a label index out of range', 'a,b\n1,2\n', { label: 5 }, /label column 5 is out of range; the file has 2 columns/],
    ['a duplicate column name', 'a,a\n1,2\n', {}, /the column name "a" appears twice/],
    ['only a header', 'a,b\n', {}, /has a header but no rows of data/],
    ['an empty file', '', {}, /is empty/],
    ['binary with three classes', 'a,b\n1,x\n2,y\n3,z\n', { task: 'binary' }, /task "binary" needs exactly two label values in column "b", but it has 3/],
    ['no features left', 'id,b\n1,2\n', { ignore: ['id'] }, /no feature columns are left besides the label "b"/],
    ['an unclosed quote', 'a,b\n1,"2\n3,4\n', {}, /line 2: .*[Qq]uot/],
    ['a bad option', 'a,b\n1,2\n', { categoricalEncoding: 'binary' }, /option "categoricalEncoding"/],
  ])('explains %s', (_what, text, options, message) => {
    expect(() => parse(text, options)).toThrow(DataError);
    expect(() => parse(text, options)).toThrow(message);
  });
});
