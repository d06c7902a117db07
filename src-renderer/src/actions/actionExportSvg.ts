import { currentDiagram, diagramFileName } from '../diagram/collect';
import { renderDiagramSvg } from '../diagram/diagram-svg';
import { host } from '../host';
import { defineAction } from './types';

export const actionExportSvg = defineAction({
  name: 'exportSvg',
  label: 'Diagram as SVG',
  group: 'File',
  enabled: (ctx) => ctx.project.project !== null,
  async perform(ctx) {
    const diagram = currentDiagram(ctx);
    if (!diagram) return;
    const svg = renderDiagramSvg(diagram, { showShapes: ctx.preferences.diagramShapes });
    await host.saveFile(diagramFileName(ctx, 'svg'), new TextEncoder().encode(svg), 'image/svg+xml');
  },
});
