/**
 * Running actions: from a button (runAction) or from the keyboard
 * (useKeyboardShortcuts), with the context read fresh from the stores.
 */
import { useEffect } from 'react';
import { getFlow } from '../canvas/flow-handle';
import { usePreferences } from '../editor/preferences';
import { useEditorStore } from '../editor/store';
import { useProjectStore } from '../project/store';
import { ACTIONS } from './index';
import type { Action, ActionContext } from './types';

export function actionContext(): ActionContext {
  return { project: useProjectStore.getState(), editor: useEditorStore.getState(), preferences: usePreferences.getState(), flow: getFlow() };
}

export function runAction(action: Action): void {
  const ctx = actionContext();
  if (action.enabled && !action.enabled(ctx)) return;
  void Promise.resolve(action.perform(ctx)).catch((error: unknown) => {
    useEditorStore.getState().notify({ kind: 'error', text: `${action.label} failed: ${error instanceof Error ? error.message : String(error)}` });
  });
}

/** Typing in a field keeps the keys: Backspace deletes a character there, not a layer. */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest('input, textarea, select, [contenteditable="true"]') !== null;
}

/** The action a key press triggers, if any. */
export function actionForKey(event: KeyboardEvent, actions: readonly Action[] = ACTIONS): Action | undefined {
  return actions.find((a) => a.keyTest?.(event));
}

export function useKeyboardShortcuts(): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.isComposing || typingIn(event.target)) return;
      // A dialog handles its own keys (Escape closes it); the canvas behind waits.
      if (useEditorStore.getState().dialog) return;
      const action = actionForKey(event);
      if (!action) return;
      // Copying text the person selected on the page stays the browser's job.
      if (action.name === 'copy' && (window.getSelection()?.toString() ?? '') !== '') return;
      event.preventDefault();
      runAction(action);
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

/** How a key is written on this platform: Mod is ⌘ on a Mac and Ctrl elsewhere. */
export function keyLabel(key: string): string {
  const mac = /Mac|iPhone|iPad/.test(navigator.platform);
  if (key === 'Mod') return mac ? '⌘' : 'Ctrl';
  if (key === 'Alt' && mac) return '⌥';
  if (key === 'Shift' && mac) return '⇧';
  return key;
}

/** An action's first shortcut as this platform writes it ("Ctrl+Z"), if it has one. */
export function shortcutText(action: Action): string | undefined {
  return action.keys?.[0]?.map(keyLabel).join('+');
}

/** A button's tooltip: what it does, and its shortcut in brackets. */
export function tooltipFor(action: Action, label = action.label): string {
  const keys = shortcutText(action);
  return keys ? `${label} (${keys})` : label;
}
