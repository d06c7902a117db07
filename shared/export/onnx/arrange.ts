/**
 * Places an imported graph's nodes with elkjs's layered algorithm, top to
 * bottom as the canvas draws networks (the canvas's own "Tidy up" uses the
 * same algorithm and spacing).
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { Project } from '../../graph/schema';

const WIDTH = 200;
const HEIGHT = 72;

export async function arrange(project: Project): Promise<Project> {
  const elk = new ELK();
  const laid = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': '48',
      'elk.layered.spacing.nodeNodeBetweenLayers': '64',
    },
    children: project.nodes.map((n) => ({ id: n.id, width: WIDTH, height: HEIGHT })),
    edges: project.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  const at = new Map((laid.children ?? []).map((c) => [c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) }]));
  return { ...project, nodes: project.nodes.map((n) => ({ ...n, position: at.get(n.id) ?? { x: 0, y: 0 } })) };
}
