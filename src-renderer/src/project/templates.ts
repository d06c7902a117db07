/**
 * The example projects the renderer can open: every resources/templates/*.nwproj,
 * bundled at build time, plus a built-in XOR when the templates have none.
 */
import { loadProject, loadProjectObject, type LoadResult } from '../../../shared/graph';
import { BUILTIN_XOR } from './builtin-xor';

export interface Template {
  /** The file name, e.g. "xor.nwproj", or "built-in" for the fallback. */
  readonly id: string;
  /** What the top bar says is open. */
  readonly label: string;
  load(): LoadResult;
}

export const BUILTIN_ID = 'built-in';
export const DEFAULT_TEMPLATE = 'xor.nwproj';

const FILES = import.meta.glob<string>('../../../resources/templates/*.nwproj', { query: '?raw', import: 'default', eager: true });

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

const fromFiles: Template[] = Object.entries(FILES)
  .map(([path, text]): Template => ({ id: fileName(path), label: fileName(path), load: () => loadProject(text) }))
  .sort((a, b) => a.id.localeCompare(b.id));

const builtin: Template = { id: BUILTIN_ID, label: 'built-in XOR example', load: () => loadProjectObject(BUILTIN_XOR) };

export const TEMPLATES: readonly Template[] = fromFiles.some((t) => t.id === DEFAULT_TEMPLATE) ? fromFiles : [builtin, ...fromFiles];

/** xor.nwproj when it exists, else the built-in XOR. */
export const INITIAL_TEMPLATE: Template = TEMPLATES.find((t) => t.id === DEFAULT_TEMPLATE) ?? builtin;
