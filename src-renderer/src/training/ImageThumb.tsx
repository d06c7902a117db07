/** One image sample, drawn pixel for pixel and scaled up without smoothing. */
import { memo, useEffect, useRef } from 'react';
import { imagePixels } from './pixels';

export const ImageThumb = memo(function ImageThumb({ values, shape, size = 56, label }: { values: ArrayLike<number>; shape: readonly number[]; size?: number; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = canvas.current;
    const px = imagePixels(values, shape);
    if (!el || !px) return;
    el.width = px.width;
    el.height = px.height;
    el.getContext('2d')?.putImageData(new ImageData(px.rgba as Uint8ClampedArray<ArrayBuffer>, px.width, px.height), 0, 0);
  }, [values, shape]);
  return <canvas ref={canvas} className="thumb" style={{ width: size, height: size }} role="img" aria-label={label} />;
});
