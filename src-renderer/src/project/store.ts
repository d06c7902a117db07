/**
 * The open project: which template it came from and the loaded document, or
 * the errors that stopped it loading. Editing will add actions here; the
 * canvas derives its view from this state and never stores its own copy.
 */
import { create } from 'zustand';
import type { GraphError } from '../../../shared/compiler';
import type { Project } from '../../../shared/graph';
import { INITIAL_TEMPLATE, TEMPLATES, type Template } from './templates';

export interface ProjectState {
  readonly template: Template;
  readonly project: Project | null;
  /** Why the template could not be opened; empty when it loaded. */
  readonly loadErrors: readonly GraphError[];
}

export interface ProjectActions {
  openTemplate(id: string): void;
}

function open(template: Template): ProjectState {
  const result = template.load();
  return result.ok ? { template, project: result.project, loadErrors: [] } : { template, project: null, loadErrors: result.errors };
}

export const useProjectStore = create<ProjectState & ProjectActions>()((set) => ({
  ...open(INITIAL_TEMPLATE),
  openTemplate(id) {
    const template = TEMPLATES.find((t) => t.id === id);
    if (template) set(open(template));
  },
}));
