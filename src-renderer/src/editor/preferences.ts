/**
 * The person's preferences, remembered in localStorage across sessions: the
 * colour theme and whether exported diagrams show tensor shapes.
 */
import { create } from 'zustand';

export type Theme = 'light' | 'dark';

export interface PreferencesState {
  readonly theme: Theme;
  /** Exported diagrams label each connection with its tensor shape. */
  readonly diagramShapes: boolean;
}

export interface PreferencesActions {
  setTheme(theme: Theme): void;
  setDiagramShapes(on: boolean): void;
}

const KEY = 'netwright.preferences';

function systemTheme(): Theme {
  return typeof window !== 'undefined' && window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function load(): PreferencesState {
  const fallback: PreferencesState = { theme: systemTheme(), diagramShapes: true };
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<PreferencesState>;
    return {
      theme: saved.theme === 'dark' || saved.theme === 'light' ? saved.theme : fallback.theme,
      diagramShapes: typeof saved.diagramShapes === 'boolean' ? saved.diagramShapes : fallback.diagramShapes,
    };
  } catch {
    return fallback;
  }
}

function save(state: PreferencesState): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ theme: state.theme, diagramShapes: state.diagramShapes }));
  } catch {
    // Storage can be unavailable (private windows, tests); the preference then lasts the session.
  }
}

export const usePreferences = create<PreferencesState & PreferencesActions>()((set, get) => ({
  ...load(),
  setTheme(theme) {
    set({ theme });
    save(get());
  },
  setDiagramShapes(diagramShapes) {
    set({ diagramShapes });
    save(get());
  },
}));
