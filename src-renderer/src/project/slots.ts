/**
 * Which input slot (in0, in1, …) each connection goes into. A document may
 * leave `targetHandle` out; the compiler then fills free slots in file order,
 * and so does this, so the canvas draws each connection where the compiler
 * reads it.
 */
import type { Project } from '../../../shared/graph';

export function slotIndex(handle: string): number {
  return Number(handle.slice(2));
}

/** Edge id → its slot: the edge's own where given, else the next free slot on its target. */
export function assignTargetHandles(project: Pick<Project, 'edges'>): Map<string, string> {
  const handles = new Map<string, string>();
  const taken = new Map<string, Set<string>>();
  for (const e of project.edges) if (e.targetHandle) taken.set(e.target, (taken.get(e.target) ?? new Set()).add(e.targetHandle));
  for (const e of project.edges) {
    if (e.targetHandle) {
      handles.set(e.id, e.targetHandle);
      continue;
    }
    const used = taken.get(e.target) ?? new Set<string>();
    let slot = 0;
    while (used.has(`in${slot}`)) slot++;
    handles.set(e.id, `in${slot}`);
    taken.set(e.target, used.add(`in${slot}`));
  }
  return handles;
}
