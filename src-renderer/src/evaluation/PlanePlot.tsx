/**
 * Points in the plane, coloured by class, over an optional decision-boundary
 * picture (one pixel per grid cell, smoothed as it is scaled up). This is a
 * picture of the model rather than a chart of numbers, so it is drawn on a
 * canvas directly.
 */
import { memo, useEffect, useRef } from 'react';
import { toPixel, type Extent } from './boundary';
import { classColor } from './class-colors';

export interface PlanePlotProps {
  /** x, y pairs. */
  readonly points: ArrayLike<number>;
  readonly labels: ArrayLike<number>;
  readonly extent: Extent;
  /** RGBA, gridSize × gridSize, from boundaryPixels(). */
  readonly boundary?: { readonly pixels: Uint8ClampedArray; readonly gridSize: number } | null;
  readonly size: number;
  readonly label: string;
  readonly testId?: string;
}

export const PlanePlot = memo(function PlanePlot({ points, labels, extent, boundary, size, label, testId }: PlanePlotProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    el.width = Math.round(size * dpr);
    el.height = Math.round(size * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, size, size);
    if (boundary) {
      const cells = document.createElement('canvas');
      cells.width = boundary.gridSize;
      cells.height = boundary.gridSize;
      cells.getContext('2d')?.putImageData(new ImageData(boundary.pixels as Uint8ClampedArray<ArrayBuffer>, boundary.gridSize, boundary.gridSize), 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(cells, 0, 0, size, size);
    }
    const n = Math.min(labels.length, Math.floor(points.length / 2));
    const radius = n > 300 ? 3 : n > 50 ? 4 : 7;
    for (let i = 0; i < n; i++) {
      const [x, y] = toPixel(extent, points[i * 2]!, points[i * 2 + 1]!, size, size);
      ctx.beginPath();
      ctx.arc(x, y, radius, 0, 2 * Math.PI);
      ctx.fillStyle = classColor(Math.round(labels[i]!));
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = 'rgb(255 255 255 / 85%)';
      ctx.stroke();
    }
  }, [points, labels, extent, boundary, size]);
  return <canvas ref={canvas} className="plane-plot" style={{ width: size, height: size }} role="img" aria-label={label} data-testid={testId} />;
});
