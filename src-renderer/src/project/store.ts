/**
 * The open project document and its history. Every change goes through one
 * named action here, which applies a pure edit (edits.ts) and records the
 * document as it was before, so undo and redo restore whole snapshots. The
 * documents are immutable and edits share what they do not change, so a
 * snapshot costs little. Opening a template is recorded too: undo brings the
 * previous project back.
 *
 * The canvas and inspector derive everything they show from `project`
 * (through compiled.ts); none of them keeps its own copy of the document.
 */
import { create } from 'zustand';
import { compile, type GraphError } from '../../../shared/compiler';
import { loadProject, type Project } from '../../../shared/graph';
import type { DatasetRef, TrainingConfig } from '../../../shared/graph/schema';
import * as edits from './edits';
import type { Clip, Connection, XY } from './edits';
import { INITIAL_TEMPLATE, TEMPLATES, type Template } from './templates';

/** What one undo step restores. */
export interface Snapshot {
  readonly template: Template;
  readonly project: Project | null;
  readonly loadErrors: readonly GraphError[];
  /** Changes whenever a different document is opened, so the canvas starts afresh (camera included). */
  readonly documentKey: number;
}

export interface HistoryEntry extends Snapshot {
  /** What the step did, for "Undo Add Dense". */
  readonly label: string;
}

export interface ProjectState extends Snapshot {
  readonly past: readonly HistoryEntry[];
  readonly future: readonly HistoryEntry[];
  /** The last recorded edit, so a run of keystrokes in one field becomes one undo step. */
  readonly lastEdit: { readonly key: string; readonly at: number } | null;
}

export interface ProjectActions {
  openTemplate(id: string): void;
  /** Opens a project file's text; on failure keeps the open project and returns why. */
  openFile(name: string, text: string): readonly GraphError[];
  /** Adds a layer; with `after`, also connects that layer's output to it. Returns the new id. */
  addLayer(type: string, position: XY, after?: string): string | null;
  connect(connection: Connection): void;
  remove(nodes: readonly string[], edges?: readonly string[]): void;
  /** `undefined` resets the parameter to its default. */
  setParam(nodeId: string, name: string, value: unknown): void;
  moveNodes(positions: ReadonlyMap<string, XY>, label?: string): void;
  insertOnEdge(edgeId: string, type: string, position?: XY): string | null;
  paste(clip: Clip, offset: XY, label?: string): string[];
  /**
   * Replaces the training settings. `label` names the step ("Change learning
   * rate"); edits to the same `field` in quick succession are one undo step.
   */
  setTraining(training: TrainingConfig, label: string, field?: string): void;
  setDataset(dataset: DatasetRef): void;
  undo(): void;
  redo(): void;
}

export type ProjectStore = ProjectState & ProjectActions;

/** How many steps undo remembers. */
export const HISTORY_LIMIT = 200;
/** Edits to the same field within this many milliseconds merge into one undo step. */
export const COALESCE_MS = 1500;

let documentCounter = 0;

function open(template: Template): Snapshot {
  const result = template.load();
  documentCounter += 1;
  if (!result.ok) return { template, project: null, loadErrors: result.errors, documentKey: documentCounter };
  // Layers without a position get one, so new layers can be placed relative to them.
  const project = edits.placeAll(result.project, compile(result.project, { shapesOnly: true }).wiring.order);
  return { template, project, loadErrors: [], documentKey: documentCounter };
}

function snapshot(s: Snapshot): Snapshot {
  return { template: s.template, project: s.project, loadErrors: s.loadErrors, documentKey: s.documentKey };
}

function pushed(list: readonly HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  const next = [...list, entry];
  return next.length > HISTORY_LIMIT ? next.slice(next.length - HISTORY_LIMIT) : next;
}

export const createProjectStore = (initial: Template = INITIAL_TEMPLATE, now: () => number = Date.now) =>
  create<ProjectStore>()((set, get) => {
    /**
     * Records `next` as the new document. Returns false when the edit changed
     * nothing, so no empty step is recorded.
     */
    function commit(label: string, next: Project, coalesceKey?: string): boolean {
      const s = get();
      if (!s.project || next === s.project) return false;
      const at = now();
      const merge = coalesceKey !== undefined && s.lastEdit?.key === coalesceKey && at - s.lastEdit.at < COALESCE_MS && s.future.length === 0;
      set({
        project: next,
        past: merge ? s.past : pushed(s.past, { ...snapshot(s), label }),
        future: [],
        lastEdit: coalesceKey === undefined ? null : { key: coalesceKey, at },
      });
      return true;
    }

    return {
      ...open(initial),
      past: [],
      future: [],
      lastEdit: null,

      openTemplate(id) {
        const template = TEMPLATES.find((t) => t.id === id);
        if (!template) return;
        const s = get();
        set({ ...open(template), past: pushed(s.past, { ...snapshot(s), label: `Open ${template.label}` }), future: [], lastEdit: null });
      },

      openFile(name, text) {
        const result = loadProject(text);
        if (!result.ok) return result.errors;
        const template: Template = { id: `file:${name}`, label: result.project.name, level: '', summary: '', load: () => result };
        const s = get();
        set({ ...open(template), past: pushed(s.past, { ...snapshot(s), label: `Open ${name}` }), future: [], lastEdit: null });
        return [];
      },

      addLayer(type, position, after) {
        const { project } = get();
        if (!project) return null;
        const added = edits.addNode(project, type, position);
        const next = after ? edits.connect(added.project, { source: after, target: added.id }) : added.project;
        commit(`Add ${type}`, next);
        return added.id;
      },

      connect(connection) {
        const { project } = get();
        if (project) commit('Connect', edits.connect(project, connection));
      },

      remove(nodes, edgeList = []) {
        const { project } = get();
        if (!project) return;
        const what = nodes.length ? `${nodes.length} layer${nodes.length === 1 ? '' : 's'}` : `${edgeList.length} connection${edgeList.length === 1 ? '' : 's'}`;
        commit(`Delete ${what}`, edits.removeElements(project, nodes, edgeList));
      },

      setParam(nodeId, name, value) {
        const { project } = get();
        if (project) commit(`Change ${name}`, edits.setParam(project, nodeId, name, value), `param:${nodeId}:${name}`);
      },

      moveNodes(positions, label = 'Move') {
        const { project } = get();
        if (project) commit(label, edits.moveNodes(project, positions));
      },

      insertOnEdge(edgeId, type, position) {
        const { project } = get();
        if (!project) return null;
        const inserted = edits.insertOnEdge(project, edgeId, type, position);
        return commit(`Insert ${type}`, inserted.project) ? inserted.id : null;
      },

      paste(clip, offset, label = 'Paste') {
        const { project } = get();
        if (!project) return [];
        const pasted = edits.paste(project, clip, offset);
        return commit(label, pasted.project) ? pasted.ids : [];
      },

      setTraining(training, label, field) {
        const { project } = get();
        if (project) commit(label, edits.setTraining(project, training), field === undefined ? undefined : `training:${field}`);
      },

      setDataset(dataset) {
        const { project } = get();
        if (project) commit(`Use dataset ${dataset.name}`, edits.setDataset(project, dataset));
      },

      undo() {
        const s = get();
        const entry = s.past.at(-1);
        if (!entry) return;
        set({ ...snapshot(entry), past: s.past.slice(0, -1), future: [...s.future, { ...snapshot(s), label: entry.label }], lastEdit: null });
      },

      redo() {
        const s = get();
        const entry = s.future.at(-1);
        if (!entry) return;
        set({ ...snapshot(entry), future: s.future.slice(0, -1), past: pushed(s.past, { ...snapshot(s), label: entry.label }), lastEdit: null });
      },
    };
  });

/** The app's one project store. */
export const useProjectStore = createProjectStore();
