/** The samples of a dataset with two inputs, as points on the plane the decision boundary is drawn over; null for any other data. */
import type { DatasetDescription } from '../../../shared/ipc/services';

export interface PlanePoints {
  /** x, y of each sample, interleaved. */
  readonly points: Float32Array;
  /** Each sample's class. */
  readonly labels: readonly number[];
}

export function planePoints(description: DatasetDescription | null): PlanePoints | null {
  if (!description || description.task === 'regression' || description.inputShape.length !== 1 || description.inputShape[0] !== 2) return null;
  const points = new Float32Array(description.samples.length * 2);
  description.samples.forEach((s, i) => points.set([s.x[0]!, s.x[1]!], i * 2));
  return { points, labels: description.samples.map((s) => s.y) };
}
