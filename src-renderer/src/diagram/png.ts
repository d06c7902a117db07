/**
 * PNG export: the SVG diagram drawn onto a canvas at `scale` pixels per unit,
 * then encoded by the browser. The SVG is standalone (no external fonts or
 * images), so drawing it never taints the canvas. Browsers cap a canvas's
 * size (about 16k pixels a side and a few hundred megapixels in Chromium), so
 * a very large model is drawn at a smaller scale instead of failing.
 */

const MAX_SIDE = 16_000;
const MAX_AREA = 120_000_000;

/** The largest scale up to `wanted` at which a width × height image fits a canvas. */
export function fittingScale(width: number, height: number, wanted: number): number {
  return Math.min(wanted, MAX_SIDE / Math.max(width, 1), MAX_SIDE / Math.max(height, 1), Math.sqrt(MAX_AREA / Math.max(width * height, 1)));
}
export async function svgToPng(svg: string, scale: number): Promise<Uint8Array> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    const fit = fittingScale(image.naturalWidth, image.naturalHeight, scale);
    canvas.width = Math.max(1, Math.floor(image.naturalWidth * fit));
    canvas.height = Math.max(1, Math.floor(image.naturalHeight * fit));
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser has no 2D canvas');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('the canvas could not be encoded as PNG');
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}
