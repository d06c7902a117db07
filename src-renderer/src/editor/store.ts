/**
 * The editing session around the document: what is selected, what was
 * copied, which dialog or popover is open, and short notices. None of it is
 * part of the project file or of undo history; the document itself lives in
 * project/store.ts.
 */
import { create } from 'zustand';
import type { Clip } from '../project/edits';

export type DialogName = 'templates' | 'shortcuts';

export interface InsertMenu {
  /** The connection the chosen layer goes onto. */
  readonly edgeId: string;
  /** Where to open, in client (window) pixels. */
  readonly x: number;
  readonly y: number;
}

export interface Notice {
  readonly kind: 'info' | 'error';
  readonly text: string;
}

export interface EditorState {
  readonly selectedNodes: ReadonlySet<string>;
  readonly selectedEdges: ReadonlySet<string>;
  readonly clipboard: Clip | null;
  /** How many times the clipboard was pasted, so each paste lands a step further off. */
  readonly pasteCount: number;
  readonly dialog: DialogName | null;
  readonly insertMenu: InsertMenu | null;
  /** The connection a palette item is being dragged over: dropping inserts the layer there. */
  readonly dropEdge: string | null;
  readonly notice: Notice | null;
}

export interface EditorActions {
  select(nodes: Iterable<string>, edges?: Iterable<string>): void;
  clearSelection(): void;
  setClipboard(clip: Clip): void;
  notePaste(): number;
  openDialog(name: DialogName): void;
  closeDialog(): void;
  openInsertMenu(menu: InsertMenu): void;
  closeInsertMenu(): void;
  setDropEdge(id: string | null): void;
  notify(notice: Notice | null): void;
}

export type EditorStore = EditorState & EditorActions;

const NONE: ReadonlySet<string> = new Set();

export const useEditorStore = create<EditorStore>()((set, get) => ({
  selectedNodes: NONE,
  selectedEdges: NONE,
  clipboard: null,
  pasteCount: 0,
  dialog: null,
  insertMenu: null,
  dropEdge: null,
  notice: null,

  select(nodes, edges = []) {
    set({ selectedNodes: new Set(nodes), selectedEdges: new Set(edges) });
  },
  clearSelection() {
    const s = get();
    if (s.selectedNodes.size || s.selectedEdges.size) set({ selectedNodes: NONE, selectedEdges: NONE });
  },
  setClipboard(clip) {
    set({ clipboard: clip, pasteCount: 0 });
  },
  notePaste() {
    const count = get().pasteCount + 1;
    set({ pasteCount: count });
    return count;
  },
  openDialog(name) {
    set({ dialog: name, insertMenu: null });
  },
  closeDialog() {
    set({ dialog: null });
  },
  openInsertMenu(menu) {
    set({ insertMenu: menu });
  },
  closeInsertMenu() {
    if (get().insertMenu) set({ insertMenu: null });
  },
  setDropEdge(id) {
    if (get().dropEdge !== id) set({ dropEdge: id });
  },
  notify(notice) {
    set({ notice });
  },
}));
