import { currentDiagram, diagramFileName } from '../diagram/collect';
import { renderDiagramSvg } from '../diagram/diagram-svg';
import { svgToPng } from '../diagram/png';
import { host } from '../host';
import { defineAction } from './types';

/** Pixels per diagram unit: sharp on slides and in print. */
export const PNG_SCALE = 2;

export const actionExportPng = defineAction({
  name: 'exportPng',
  label: 'Diagram as PNG',
  group: 'File',
  enabled: (ctx) => ctx.project.project !== null,
  async perform(ctx) {
    const diagram = currentDiagram(ctx);
    if (!diagram) return;
    const svg = renderDiagramSvg(diagram, { showShapes: ctx.preferences.diagramShapes });
    try {
      await host.saveFile(diagramFileName(ctx, 'png'), await svgToPng(svg, PNG_SCALE), 'image/png');
    } catch (error) {
      ctx.editor.notify({ kind: 'error', text: `The PNG could not be drawn: ${error instanceof Error ? error.message : String(error)}` });
    }
  },
});
