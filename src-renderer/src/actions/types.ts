/**
 * A UI action, as Excalidraw structures them: one file per action, each with
 * a `perform` and, when it has a keyboard shortcut, a `keyTest`. The top bar,
 * the cheat sheet and the keyboard handler all read the same objects, so a
 * shortcut shown is a shortcut that works.
 */
import type { Flow } from '../canvas/flow-handle';
import type { EditorStore } from '../editor/store';
import type { PreferencesActions, PreferencesState } from '../editor/preferences';
import type { ProjectStore } from '../project/store';

export interface ActionContext {
  readonly project: ProjectStore;
  readonly editor: EditorStore;
  readonly preferences: PreferencesState & PreferencesActions;
  /** The canvas's React Flow instance; null while no project is on screen. */
  readonly flow: Flow | null;
}

export interface Action {
  readonly name: string;
  /** What a menu or button says. */
  readonly label: string;
  /** The keys, for the cheat sheet and tooltips: ['Mod', 'Z'] (Mod is Ctrl, or ⌘ on a Mac). */
  readonly keys?: readonly (readonly string[])[];
  /** Which group of the cheat sheet it belongs to. */
  readonly group: 'Edit' | 'View' | 'File' | 'Help';
  keyTest?(event: KeyboardEvent): boolean;
  /** False when the action would do nothing now (greys out its button). */
  enabled?(ctx: ActionContext): boolean;
  perform(ctx: ActionContext): void | Promise<void>;
}

/** Ctrl, or ⌘ on a Mac. */
export function mod(event: KeyboardEvent): boolean {
  return event.ctrlKey || event.metaKey;
}

/** A plain key: no Ctrl, ⌘ or Alt held. */
export function plain(event: KeyboardEvent): boolean {
  return !event.ctrlKey && !event.metaKey && !event.altKey;
}

export function defineAction(action: Action): Action {
  return action;
}
