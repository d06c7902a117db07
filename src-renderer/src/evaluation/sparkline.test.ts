import { describe, expect, it } from 'vitest';
import { sparklinePoints } from './sparkline';

describe('sparklinePoints', () => {
  it('spreads values across the width, highest at the top', () => {
    expect(sparklinePoints([3, 1, 2], 10, 10, 0)).toBe('0,0 5,10 10,5');
  });

  it('keeps the padding clear', () => {
    expect(sparklinePoints([1, 0], 12, 12, 1)).toBe('1,1 11,11');
  });

  it('draws one value, or equal values, as a flat line across the middle', () => {
    expect(sparklinePoints([0.4], 10, 8, 0)).toBe('0,4 10,4');
    expect(sparklinePoints([2, 2], 10, 8, 0)).toBe('0,4 10,4');
  });

  it('skips values that are not numbers, and draws nothing from nothing', () => {
    expect(sparklinePoints([Number.NaN, 1, Number.POSITIVE_INFINITY, 0], 10, 10, 0)).toBe('0,0 10,10');
    expect(sparklinePoints([], 10, 10)).toBe('');
  });
});
