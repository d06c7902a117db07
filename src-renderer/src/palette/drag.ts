/** The drag-and-drop contract between the palette and the canvas. */
export const LAYER_MIME = 'application/x-netwright-layer';
