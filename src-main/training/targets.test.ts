import { describe, expect, it } from 'vitest';
import type { TensorInfo } from '../engine/plan/types';
import { DataShapeError, fitTargets } from './targets';

const tensor = (shape: number[], dtype: 'f32' | 'i32' = 'f32'): TensorInfo => ({ id: 0, shape, dtype, role: 'target', name: 't' });
const x = { data: new Float32Array(8), shape: [4, 2] };

describe('fitTargets', () => {
  it('turns class ids into one-hot rows for categorical cross-entropy', () => {
    const { y } = fitTargets({ x, y: { data: Int32Array.from([0, 2, 1, 2]), shape: [4] } }, tensor([4, 3]), [tensor([4, 2])]);
    expect(y.shape).toEqual([4, 3]);
    expect([...y.data.slice(3, 6)]).toEqual([0, 0, 1]);
  });

  it('keeps 0/1 labels as values for a single sigmoid output', () => {
    const { y } = fitTargets({ x, y: { data: Int32Array.from([0, 1, 1, 0]), shape: [4] } }, tensor([4, 1]), [tensor([4, 2])]);
    expect(y.shape).toEqual([4, 1]);
    expect([...y.data]).toEqual([0, 1, 1, 0]);
  });

  it('turns one-hot rows into class ids for sparse cross-entropy', () => {
    const { y } = fitTargets({ x, y: { data: Float32Array.from([0, 1, 1, 0, 0, 1, 1, 0]), shape: [4, 2] } }, tensor([4], 'i32'), [tensor([4, 2])]);
    expect([...y.data]).toEqual([1, 0, 1, 0]);
  });

  it('names both shapes when the input does not fit the model', () => {
    expect(() => fitTargets({ x, y: { data: new Int32Array(4), shape: [4] } }, tensor([4, 3]), [tensor([4, 5])])).toThrow(/\(2\).*\[5\]|Input expects \(5\)/);
  });

  it('rejects a label beyond the output classes with a fix', () => {
    expect(() => fitTargets({ x, y: { data: Int32Array.from([0, 5, 1, 2]), shape: [4] } }, tensor([4, 3]), [tensor([4, 2])])).toThrow(DataShapeError);
  });
});
