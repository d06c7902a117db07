/** The preview's choices and numbers: the view for a shape, the stats, the top classes, what runs and what is too large. */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../shared/compiler';
import { estimateCosts } from '../../../shared/compiler/costs';
import type { Project } from '../../../shared/graph';
import { TEMPLATES } from '../project/templates';
import { feedingLayers } from '../../../shared/graph/feeding';
import { formatValue, MAX_PREVIEW_FLOPS, outputStats, previewView, probabilityKind, sentence, tooLarge, topClasses } from './layer-preview';

function template(file: string): Project {
  const loaded = TEMPLATES.find((t) => t.id === file)?.load();
  if (!loaded?.ok) throw new Error(`${file} does not load`);
  return loaded.project;
}

const compiled = (project: Project) => {
  const result = compile(project, { shapesOnly: true });
  return { result, costs: estimateCosts(result) };
};

describe('previewView', () => {
  it.each([
    [[28, 28, 6], 'maps'],
    [[1, 1, 512], 'maps'],
    [[8, 128], 'sequence'],
    [[10], 'vector'],
    [[], 'numbers'],
    [[2, 3, 4, 5], 'numbers'],
  ] as const)('%j → %s', (shape, view) => {
    expect(previewView(shape)).toBe(view);
  });
});

describe('outputStats', () => {
  it('gives the range, the mean and the share of zeros', () => {
    expect(outputStats([0, 0, 2, -1, 4])).toEqual({ count: 5, min: -1, max: 4, mean: 1, zeros: 0.4, nonFinite: 0 });
  });
  it('counts dead ReLUs: all zeros is a share of 1', () => {
    expect(outputStats(new Float32Array(6))).toMatchObject({ min: 0, max: 0, mean: 0, zeros: 1 });
  });
  it('leaves NaN and infinities out of the range and counts them', () => {
    expect(outputStats([1, NaN, 3, Infinity])).toEqual({ count: 4, min: 1, max: 3, mean: 2, zeros: 0, nonFinite: 2 });
    expect(outputStats([NaN]).min).toBeNaN();
  });
});

describe('formatValue', () => {
  it.each([
    [0, '0'],
    [0.123456, '0.123'],
    [-12.345, '-12.3'],
    [1234.5, '1230'],
    [0.00012, '1.20e-4'],
    [2.5e7, '2.50e+7'],
  ])('%d → %s', (v, text) => {
    expect(formatValue(v)).toBe(text);
  });
});

describe('probabilityKind', () => {
  it.each([
    [{ type: 'Dense', params: { units: 10, activation: 'softmax' } }, 'softmax'],
    [{ type: 'Dense', params: { units: 1, activation: 'sigmoid' } }, 'sigmoid'],
    [{ type: 'Softmax', params: {} }, 'softmax'],
    [{ type: 'Activation', params: { activation: 'sigmoid' } }, 'sigmoid'],
    [{ type: 'Dense', params: { units: 10 } }, null],
    [{ type: 'Conv2D', params: { activation: 'relu' } }, null],
  ])('%j → %s', (node, kind) => {
    expect(probabilityKind(node)).toBe(kind);
  });
});

describe('topClasses', () => {
  const probs = [0.05, 0.6, 0.1, 0.02, 0.08, 0.15];
  it('lists the k most likely softmax classes, most likely first, with what the others add up to', () => {
    const t = topClasses(probs, 'softmax', ['a', 'b', 'c', 'd', 'e', 'f'], 3);
    expect(t.top.map((c) => [c.name, c.p])).toEqual([['b', 0.6], ['f', 0.15], ['c', 0.1]]);
    expect(t.others).toBe(3);
    expect(t.rest).toBeCloseTo(0.15);
    expect(t.sum).toBeCloseTo(1);
  });
  it('names classes by index when the dataset names none, or a different number of them', () => {
    expect(topClasses(probs, 'softmax', undefined, 1).top[0]).toEqual({ index: 1, name: '1', p: 0.6 });
    expect(topClasses(probs, 'softmax', ['x', 'y'], 1).top[0]!.name).toBe('1');
  });
  it('reports the sum as the layer gives it, so a softmax that does not add up to 1 shows', () => {
    expect(topClasses([0.5, 0.7], 'softmax', undefined).sum).toBeCloseTo(1.2);
  });
  it('reads one sigmoid unit as a yes/no answer: class 1 with p, class 0 with 1 − p', () => {
    const t = topClasses([0.8], 'sigmoid', ['no', 'yes']);
    expect(t.top.map((c) => [c.name, c.p])).toEqual([['yes', 0.8], ['no', expect.closeTo(0.2)]]);
    expect(t.sum).toBeCloseTo(1);
  });
  it('keeps several sigmoid units independent: no sum, nothing added up', () => {
    const t = topClasses([0.9, 0.8, 0.1], 'sigmoid', undefined, 2);
    expect(t.sum).toBeNull();
    expect(t.rest).toBe(0);
    expect(t.others).toBe(1);
  });
});

describe('feedingLayers', () => {
  it('holds the layer and everything it depends on, not what comes after it', () => {
    const lenet = template('lenet-5.nwproj');
    expect([...feedingLayers(lenet, ['s2'])].sort()).toEqual(['c1', 'image', 's2']);
    expect(feedingLayers(lenet, ['out']).size).toBe(lenet.nodes.length);
  });
  it('follows both branches of a residual block', () => {
    const feeding = feedingLayers(template('small-resnet.nwproj'), ['block1_add']);
    expect(feeding.has('block1_conv2')).toBe(true);
    expect(feeding.has('stem_relu')).toBe(true);
    expect(feeding.has('block2_conv1')).toBe(false);
  });
});

describe('tooLarge', () => {
  it('lets small models through', () => {
    const lenet = template('lenet-5.nwproj');
    expect(tooLarge(compiled(lenet), feedingLayers(lenet, ['out']))).toBeNull();
  });
  it('stops a model whose layers up to the chosen one take more than the CPU limit, saying so', () => {
    const vgg = template('small-vgg.nwproj');
    const big = { ...vgg, nodes: vgg.nodes.map((n) => (n.type === 'Conv2D' ? { ...n, params: { ...n.params, filters: 256 } } : n)) };
    const c = compiled(big);
    expect(c.costs.totals.flops).toBeGreaterThan(MAX_PREVIEW_FLOPS);
    expect(tooLarge(c, feedingLayers(big, ['conv1a']))).toBeNull();
    expect(tooLarge(c, feedingLayers(big, ['conv2b']))).toMatch(/^The layers up to this one take [\d.]+ [MG]FLOPs per sample: too large to preview on the CPU/);
  });
});

describe('sentence', () => {
  it('capitalises and ends with a full stop', () => {
    expect(sentence('the model has a problem to fix first: x')).toBe('The model has a problem to fix first: x.');
    expect(sentence('Done already.')).toBe('Done already.');
    expect(sentence('  ')).toBe('Something went wrong.');
  });
});
