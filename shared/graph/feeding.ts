/** The layers `layers` depend on, themselves included: what a model up to them is made of. */
import type { Project } from './schema';

export function feedingLayers(project: Pick<Project, 'edges'>, layers: readonly string[]): Set<string> {
  const needed = new Set(layers);
  for (let grew = true; grew; ) {
    grew = false;
    for (const e of project.edges) {
      if (needed.has(e.target) && !needed.has(e.source)) {
        needed.add(e.source);
        grew = true;
      }
    }
  }
  return needed;
}
