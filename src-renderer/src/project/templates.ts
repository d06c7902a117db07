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
  /** From the index: beginner, intermediate or advanced; empty when the index does not say. */
  readonly level: string;
  /** From the index: one sentence on what the template shows. */
  readonly summary: string;
  load(): LoadResult;
}

export const BUILTIN_ID = 'built-in';
export const DEFAULT_TEMPLATE = 'xor.nwproj';

const FILES = import.meta.glob<string>('../../../resources/templates/*.nwproj', { query: '?raw', import: 'default', eager: true });
const INDEX = import.meta.glob<unknown>('../../../resources/templates/index.json', { import: 'default', eager: true });

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

interface IndexEntry {
  readonly title: string;
  readonly level: string;
  readonly summary: string;
}

/** file → its index entry, in the index's (curriculum) order; tolerant of a missing or malformed index. */
function titles(): Map<string, IndexEntry> {
  const entries = Object.values(INDEX)[0];
  const map = new Map<string, IndexEntry>();
  if (!Array.isArray(entries)) return map;
  for (const entry of entries as unknown[]) {
    const { file, title, level, summary } = (entry ?? {}) as { file?: unknown; title?: unknown; level?: unknown; summary?: unknown };
    if (typeof file === 'string' && typeof title === 'string') {
      map.set(file, { title, level: typeof level === 'string' ? level : '', summary: typeof summary === 'string' ? summary : '' });
    }
  }
  return map;
}

function listTemplates(): Template[] {
  const byFile = new Map(Object.entries(FILES).map(([path, text]) => [fileName(path), text]));
  const titled = titles();
  const order = [...[...titled.keys()].filter((f) => byFile.has(f)), ...[...byFile.keys()].filter((f) => !titled.has(f)).sort()];
  return order.map((file) => {
    const entry = titled.get(file);
    return { id: file, label: entry?.title ?? file, level: entry?.level ?? '', summary: entry?.summary ?? '', load: () => loadProject(byFile.get(file)!) };
  });
}

const fromFiles = listTemplates();
const builtin: Template = {
  id: BUILTIN_ID,
  label: 'XOR (built-in example)',
  level: 'beginner',
  summary: 'XOR cannot be drawn with one line: a hidden layer solves it.',
  load: () => loadProjectObject(BUILTIN_XOR),
};

export const TEMPLATES: readonly Template[] = fromFiles.some((t) => t.id === DEFAULT_TEMPLATE) ? fromFiles : [builtin, ...fromFiles];

/** xor.nwproj when it exists, else the built-in XOR. */
export const INITIAL_TEMPLATE: Template = TEMPLATES.find((t) => t.id === DEFAULT_TEMPLATE) ?? builtin;
