/**
 * Where the camera starts. A small model is fitted to the window; a tall one
 * would shrink to unreadable, so it starts at a readable zoom from the top,
 * at the Input, where a reader starts. Pure, for testing.
 */
import type { Rect, Viewport } from '@xyflow/react';

export const READABLE_ZOOM = 0.6;
export const MAX_ZOOM = 1.25;
const PADDING = 40;
/** The width of the problem callout beside a node (styles.css), so the first view includes it. */
export const CALLOUT_WIDTH = 264;

export function initialViewport(bounds: Rect, size: { width: number; height: number }): Viewport {
  const fit = Math.min((size.width - 2 * PADDING) / Math.max(bounds.width, 1), (size.height - 2 * PADDING) / Math.max(bounds.height, 1), MAX_ZOOM);
  const zoom = Math.max(fit, READABLE_ZOOM);
  const x = size.width / 2 - (bounds.x + bounds.width / 2) * zoom;
  const y = fit >= READABLE_ZOOM ? size.height / 2 - (bounds.y + bounds.height / 2) * zoom : PADDING - bounds.y * zoom;
  return { x, y, zoom };
}
