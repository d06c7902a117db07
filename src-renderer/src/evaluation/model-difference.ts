/**
 * How a past run's model differs from the open project's, in words: layers
 * the run had or lacked, settings it trained with, wiring. The run's own
 * copy of the model (project.nwproj in its folder) is what gets evaluated, so
 * the person should know when that is not the model on the canvas. Where the
 * layers sit on the canvas, their labels and notes do not count.
 */
import type { Project, ProjectNode } from '../../../shared/graph/schema';

/** Items named before "and N more". */
const LISTED = 4;

const nameOf = (n: ProjectNode) => `"${n.label ?? n.id}"`;

function valueText(v: unknown): string {
  if (v === undefined) return 'the default';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Stable text for a value whatever the order of its keys. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

/** The run's node against the open one's: "its "hidden" has units 4, not 8". */
function nodeChanges(run: ProjectNode, open: ProjectNode): string[] {
  if (run.type !== open.type) return [`its ${nameOf(run)} is a ${run.type} layer, not a ${open.type}`];
  const keys = [...new Set([...Object.keys(run.params), ...Object.keys(open.params)])].sort();
  return keys.filter((k) => canonical(run.params[k]) !== canonical(open.params[k])).map((k) => `its ${nameOf(run)} has ${k} ${valueText(run.params[k])}, not ${valueText(open.params[k])}`);
}

const wiring = (p: Project) => canonical([p.edges.map((e) => `${e.source}>${e.target}:${e.targetHandle ?? 'in0'}`).sort(), [...(p.outputs ?? [])].sort()]);

/** Null when the run trained the model that is open; otherwise one sentence saying what differs. */
export function modelDifference(open: Project, run: Project): string | null {
  const openNodes = new Map(open.nodes.map((n) => [n.id, n]));
  const runIds = new Set(run.nodes.map((n) => n.id));
  const changes: string[] = [];
  for (const node of run.nodes) {
    const now = openNodes.get(node.id);
    changes.push(...(now ? nodeChanges(node, now) : [`it has a ${node.type} layer ${nameOf(node)} that the project no longer has`]));
  }
  const missing = open.nodes.filter((n) => !runIds.has(n.id));
  changes.push(...missing.map((n) => `it has no layer ${nameOf(n)} (${n.type})`));
  // A layer added or removed rewires its neighbours too; that says nothing more.
  const sameLayers = missing.length === 0 && run.nodes.every((n) => openNodes.has(n.id));
  if (sameLayers && wiring(run) !== wiring(open)) changes.push('its layers are wired differently');
  if (changes.length === 0) return null;
  const listed = changes.slice(0, LISTED).join('; ');
  const more = changes.length > LISTED ? `; and ${changes.length - LISTED} more difference${changes.length - LISTED === 1 ? '' : 's'}` : '';
  return `This run trained a different model from the one on the canvas: ${listed}${more}. The run's own model is the one evaluated here.`;
}
