/** Probing layers: each chosen layer's output, computed by hand from the same weights. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../shared/compiler';
import { loadProject, type Project } from '../../shared/graph';
import { initialWeights } from './initial-weights';
import { probeLayers } from './probe';

const XOR = (() => {
  const loaded = loadProject(readFileSync(new URL('../../resources/templates/xor.nwproj', import.meta.url), 'utf8'));
  if (!loaded.ok) throw new Error('xor.nwproj does not load');
  return loaded.project;
})();

/** XOR's hidden layer split in two: Dense without activation, then an Activation layer, so the pre-activation is a layer of its own. */
const SPLIT: Project = {
  ...XOR,
  nodes: [
    ...XOR.nodes.map((n) => (n.id === 'hidden' ? { ...n, params: { ...n.params, activation: 'linear' } } : n)),
    { id: 'act', type: 'Activation', params: { activation: 'tanh' } },
  ],
  edges: [...XOR.edges.filter((e) => e.source !== 'hidden'), { id: 'h-act', source: 'hidden', target: 'act' }, { id: 'act-out', source: 'act', target: 'out' }],
};

const X = Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1);

/** Dense by hand: x [n, k] · kernel [k, m] + bias. */
function dense(x: Float32Array, n: number, kernel: Float32Array, bias: Float32Array, act: (v: number) => number): Float32Array {
  const m = bias.length;
  const k = kernel.length / m;
  const y = new Float32Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
    let s = bias[j]!;
    for (let p = 0; p < k; p++) s += x[i * k + p]! * kernel[p * m + j]!;
    y[i * m + j] = act(s);
  }
  return y;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

describe('probeLayers', () => {
  it('reads every chosen layer, as the weights compute it', () => {
    const weights = initialWeights(compile(XOR).ir!, 3);
    const probed = probeLayers(XOR, ['hidden', 'out'], weights, { data: X, shape: [4, 2] });
    const hidden = dense(X, 4, weights.get('hidden/kernel')!, weights.get('hidden/bias')!, Math.tanh);
    const out = dense(hidden, 4, weights.get('out/kernel')!, weights.get('out/bias')!, sigmoid);
    expect(probed.get('hidden')!.shape).toEqual([4, 8]);
    expect(probed.get('out')!.shape).toEqual([4, 1]);
    for (const [got, want] of [[probed.get('hidden')!.data, hidden], [probed.get('out')!.data, out]] as const) {
      expect(got.length).toBe(want.length);
      got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
    }
  });

  it('keeps a layer\'s own output when the next layer would otherwise fuse into it', () => {
    const weights = initialWeights(compile(SPLIT).ir!, 1);
    const probed = probeLayers(SPLIT, ['hidden', 'act'], weights, { data: X, shape: [4, 2] });
    const pre = dense(X, 4, weights.get('hidden/kernel')!, weights.get('hidden/bias')!, (v) => v);
    probed.get('hidden')!.data.forEach((v, i) => expect(v).toBeCloseTo(pre[i]!, 5));
    probed.get('act')!.data.forEach((v, i) => expect(v).toBeCloseTo(Math.tanh(pre[i]!), 5));
  });

  it('says what is wrong with weights or samples that do not fit', () => {
    const weights = initialWeights(compile(XOR).ir!, 0);
    expect(() => probeLayers(XOR, ['out'], new Map(), { data: X, shape: [4, 2] })).toThrow(/no value for the weight "hidden\/kernel"/);
    expect(() => probeLayers(XOR, ['out'], new Map([...weights, ['hidden/bias', new Float32Array(3)]]), { data: X, shape: [4, 2] })).toThrow(/"hidden\/bias" has 3 values, but the model needs 8/);
    expect(() => probeLayers(XOR, ['out'], weights, { data: new Float32Array(6), shape: [2, 2] })).toThrow(/2 values each/);
  });
});
