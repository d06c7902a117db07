/**
 * The example projects the renderer can open: every resources/templates/*.nwproj,
 * bundled at build time, titled and ordered by resources/templates/index.json
 * where it lists them, plus a built-in XOR when the templates have none.
 */
import { loadProject, loadProjectObject, type LoadResult } from '../../../shared/graph';
import { BUILTIN_XOR } from './builtin-xor';

export interface Template {
  /** The file name, e.g. "xor.nwproj", or "built-in" for the fallback. */
  readonly id: string;
  /** What the top bar says is open: the index's title, else the file name. */
  readonly label: string;
  load(): LoadResult;
}

export const BUILTIN_ID = 'built-in';
export const DEFAULT_TEMPLATE = 'xor.nwproj';

const FILES = import.meta.glob<string>('../../../resources/templates/*.nwproj', { query: '?raw', import: 'default', eager: true });
const INDEX = import.meta.glob<unknown>('../../../resources/templates/index.json', { import: 'default', eager: true });

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** file → title, in the index's (curriculum) order; tolerant of a missing or malformed index. */
function titles(): Map<string, string> {
  const entries = Object.values(INDEX)[0];
  const map = new Map<string, string>();
  if (!Array.isArray(entries)) return map;
  for (const entry of entries as unknown[]) {
    const { file, title } = (entry ?? {}) as { file?: unknown; title?: unknown };
    if (typeof file === 'string' && typeof title === 'string') map.set(file, title);
  }
  return map;
}

function listTemplates(): Template[] {
  const byFile = new Map(Object.entries(FILES).map(([path, text]) => [fileName(path), text]));
  const titled = titles();
  const order = [...[...titled.keys()].filter((f) => byFile.has(f)), ...[...byFile.keys()].filter((f) => !titled.has(f)).sort()];
  return order.map((file) => ({ id: file, label: titled.get(file) ?? file, load: () => loadProject(byFile.get(file)!) }));
}

const fromFiles = listTemplates();
const builtin: Template = { id: BUILTIN_ID, label: 'XOR (built-in example)', load: () => loadProjectObject(BUILTIN_XOR) };

export const TEMPLATES: readonly Template[] = fromFiles.some((t) => t.id === DEFAULT_TEMPLATE) ? fromFiles : [builtin, ...fromFiles];

/** xor.nwproj when it exists, else the built-in XOR. */
export const INITIAL_TEMPLATE: Template = TEMPLATES.find((t) => t.id === DEFAULT_TEMPLATE) ?? builtin;
