/**
 * The numbers behind the Evaluate view's pictures: the confusion table, the
 * list of mistakes, probabilities from outputs, and the decision-boundary grid.
 */
import { describe, expect, it } from 'vitest';
import { boundaryPixels, extentOf, gridInputs, toPixel } from './boundary';
import { rgb, classColor } from './class-colors';
import { cellStyle, confusionTable } from './confusion';
import { mistakes, predictions } from './mistakes';
import { toProbabilities } from './probabilities';
import { predictedVsTrue } from './regression';

describe('confusionTable', () => {
  const t = confusionTable([[8, 2], [1, 9]], ['cat', 'dog']);

  it('gives each row its total and each cell its share of the row', () => {
    expect(t.rows.map((r) => r.label)).toEqual(['cat', 'dog']);
    expect(t.rows.map((r) => r.total)).toEqual([10, 10]);
    expect(t.rows[0]!.cells.map((c) => c.share)).toEqual([0.8, 0.2]);
    expect(t.rows[1]!.cells.map((c) => c.correct)).toEqual([false, true]);
    expect(t.predictedTotals).toEqual([9, 11]);
    expect(t.total).toBe(20);
    expect(t.correct).toBe(17);
  });

  it('numbers classes without names and keeps empty rows', () => {
    const u = confusionTable([[0, 0, 0], [0, 3, 0], [0, 1, 0]], ['a']);
    expect(u.classes).toEqual(['a', '1', '2']);
    expect(u.rows[0]!.cells.every((c) => c.share === 0)).toBe(true);
  });

  it('shades right answers green and mistakes red, stronger for a bigger share', () => {
    expect(cellStyle({ count: 0, share: 0, correct: false }).background).toBe('transparent');
    expect(cellStyle({ count: 9, share: 0.9, correct: true })).toEqual({ background: 'rgb(31 138 76 / 82%)', strong: true });
    expect(cellStyle({ count: 1, share: 0.1, correct: false })).toEqual({ background: 'rgb(198 40 40 / 20%)', strong: false });
  });
});

describe('probabilities', () => {
  it.each([
    { row: [0.8], logits: false, expected: [0.2, 0.8] },
    { row: [0], logits: true, expected: [0.5, 0.5] },
    { row: [0, 0, Math.log(2)], logits: true, expected: [0.25, 0.25, 0.5] },
    { row: [0.2, 0.3, 0.5], logits: false, expected: [0.2, 0.3, 0.5] },
    { row: [0, 0], logits: false, expected: [0.5, 0.5] },
  ])('$row (logits: $logits)', ({ row, logits, expected }) => {
    const p = toProbabilities(row, logits);
    expected.forEach((v, i) => expect(p[i]).toBeCloseTo(v));
  });
});

describe('mistakes', () => {
  it('reads a single sigmoid output against 0/1 targets', () => {
    const p = predictions(Float32Array.of(0.9, 0.2, 0.6, 0.4), Float32Array.of(1, 0, 0, 1), 1, false);
    expect([...p.predicted]).toEqual([1, 0, 1, 0]);
    expect([...p.truth]).toEqual([1, 0, 0, 1]);
    expect(mistakes(p).map((m) => [m.index, m.truth, m.predicted])).toEqual([
      [2, 0, 1],
      [3, 1, 0],
    ]);
  });

  it('reads class ids and one-hot labels alike, most confident mistakes first', () => {
    const outputs = Float32Array.of(0.7, 0.2, 0.1, 0.1, 0.1, 0.8, 0.1, 0.6, 0.3);
    const ids = predictions(outputs, Int32Array.of(1, 2, 0), 3, false);
    const oneHot = predictions(outputs, Float32Array.of(0, 1, 0, 0, 0, 1, 1, 0, 0), 3, false);
    expect(ids.truth).toEqual(oneHot.truth);
    const wrong = mistakes(ids);
    expect(wrong.map((m) => m.index)).toEqual([0, 2]);
    expect(wrong[0]!.confidence).toBeCloseTo(0.7);
  });

  it('stops at the limit', () => {
    const n = 50;
    const p = predictions(new Float32Array(n).fill(0.9), new Float32Array(n), 1, false);
    expect(mistakes(p, 10)).toHaveLength(10);
  });
});

describe('decision boundary grid', () => {
  it('frames the XOR corners with a margin, as a square', () => {
    const e = extentOf(Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1));
    expect(e.xMin).toBeCloseTo(-0.2);
    expect(e.xMax).toBeCloseTo(1.2);
    expect(e.yMax - e.yMin).toBeCloseTo(e.xMax - e.xMin);
  });

  it('lays the grid out row by row from the top, at cell centres', () => {
    const g = gridInputs({ xMin: 0, xMax: 4, yMin: 0, yMax: 2 }, 2);
    expect([...g]).toEqual([1, 1.5, 3, 1.5, 1, 0.5, 3, 0.5]);
  });

  it('maps data to canvas pixels with y pointing up', () => {
    const e = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
    expect(toPixel(e, -1, 1, 100, 100)).toEqual([0, 0]);
    expect(toPixel(e, 1, -1, 100, 100)).toEqual([100, 100]);
  });

  it('colours sure cells with their class and unsure ones with the background', () => {
    const px = boundaryPixels(Float32Array.of(1, 0.5, 0, 0.5), 1, false, '#ffffff', 2);
    const [r1, g1, b1] = rgb(classColor(1));
    const [r0] = rgb(classColor(0));
    expect(px[0]).toBe(Math.round(255 * 0.4 + r1 * 0.6));
    expect(px[1]).toBe(Math.round(255 * 0.4 + g1 * 0.6));
    expect(px[2]).toBe(Math.round(255 * 0.4 + b1 * 0.6));
    expect([px[4], px[5], px[6], px[7]]).toEqual([255, 255, 255, 255]);
    expect(px[8]).toBe(Math.round(255 * 0.4 + r0 * 0.6));
  });
});

describe('predicted vs true', () => {
  it('sorts by the true value and spans both kinds of value', () => {
    const r = predictedVsTrue(Float32Array.of(0.5, -1.2, 2), Float32Array.of(0.4, -1, 1.8), 1);
    expect(r.truth.map((v) => Number(v.toFixed(2)))).toEqual([-1, 0.4, 1.8]);
    expect(r.predicted.map((v) => Number(v.toFixed(2)))).toEqual([-1.2, 0.5, 2]);
    expect(r.range.map((v) => Number(v.toFixed(2)))).toEqual([-1.2, 2]);
  });

  it('compares the first output with the first target when there are several', () => {
    const r = predictedVsTrue(Float32Array.of(1, 9, 2, 9), Float32Array.of(1.5, 7, 2.5, 7), 2);
    expect(r.truth).toEqual([1.5, 2.5]);
    expect(r.predicted).toEqual([1, 2]);
  });
});
