/** Which view fills the window: the design canvas, training, evaluation or code. */
import { create } from 'zustand';

export const VIEWS = [
  { id: 'design', label: 'Design' },
  { id: 'train', label: 'Train' },
  { id: 'evaluate', label: 'Evaluate' },
  { id: 'code', label: 'Code' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

export interface ViewState {
  readonly view: ViewId;
}

export interface ViewActions {
  show(view: ViewId): void;
}

export const useViewStore = create<ViewState & ViewActions>()((set) => ({
  view: 'design',
  show: (view) => set({ view }),
}));
