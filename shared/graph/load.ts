/**
 * Loading a project file: parse JSON, check the format and version, migrate
 * older versions, validate the structure, and check that ids and references
 * hold together. A file that is only half valid never loads: every problem
 * comes back as a catalogued error naming the field.
 */
import type { z } from 'zod';
import { graphError, type GraphError } from '../compiler/catalogue';
import { migrate } from './migrations';
import { CURRENT_VERSION, FORMAT, ProjectSchema, type Project } from './schema';

export type LoadResult = { ok: true; project: Project; migratedFrom?: number } | { ok: false; errors: GraphError[] };

/** `nodes[2].params` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, key) => (typeof key === 'number' ? `${s}[${key}]` : s ? `${s}.${String(key)}` : String(key)), '');
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function valueAt(doc: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = doc;
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

function schemaErrors(raw: unknown, error: z.ZodError): GraphError[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const where = path ? ` in ${path}` : '';
      return graphError('NW003', `Unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${where}.`, {
        path: path || issue.keys[0],
        fix: `Remove ${issue.keys.map((k) => `"${k}"`).join(', ')}, or check its spelling.`,
      });
    }
    const found = describe(valueAt(raw, issue.path));
    return graphError('NW003', `The field "${path}" is wrong: ${issue.message.replace(/^Invalid input: /, '')} (found ${found}).`, {
      path,
      fix: `Correct "${path}" in the project file.`,
    });
  });
}

/** Checks that ids are unique and every edge points at a node. */
export function integrityErrors(project: Pick<Project, 'nodes' | 'edges'>): GraphError[] {
  const errors: GraphError[] = [];
  const ids = new Set<string>();
  for (const node of project.nodes) {
    if (ids.has(node.id)) errors.push(graphError('NW004', `More than one layer has the id "${node.id}".`, { node: node.id }));
    ids.add(node.id);
  }
  const edgeIds = new Set<string>();
  const pairs = new Set<string>();
  for (const edge of project.edges) {
    if (edgeIds.has(edge.id)) errors.push(graphError('NW006', `More than one connection has the id "${edge.id}".`, { edge: edge.id }));
    edgeIds.add(edge.id);
    for (const end of [edge.source, edge.target]) {
      if (!ids.has(end)) errors.push(graphError('NW005', `Connection "${edge.id}" points at a layer "${end}" that does not exist.`, { edge: edge.id }));
    }
    const pair = `${edge.source}→${edge.target}→${edge.targetHandle ?? ''}`;
    if (pairs.has(pair)) errors.push(graphError('NW007', `The connection from "${edge.source}" to "${edge.target}" appears twice.`, { edge: edge.id, node: edge.target }));
    pairs.add(pair);
  }
  return errors;
}

export function loadProject(text: string): LoadResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [graphError('NW001', `The file is not valid JSON: ${(e as Error).message}.`)] };
  }
  return loadProjectObject(raw);
}

export function loadProjectObject(raw: unknown): LoadResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || (raw as Record<string, unknown>)['format'] !== FORMAT) {
    return { ok: false, errors: [graphError('NW001', 'The file does not say "format": "netwright", so it is not a Netwright project.', { path: 'format' })] };
  }
  const doc = raw as Record<string, unknown>;
  const version = doc['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return { ok: false, errors: [graphError('NW003', `The field "version" must be a whole number (found ${describe(version)}).`, { path: 'version', fix: `Set "version" to ${CURRENT_VERSION}.` })] };
  }
  if (version > CURRENT_VERSION) {
    return { ok: false, errors: [graphError('NW002', `This project is version ${version}, but this Netwright reads versions up to ${CURRENT_VERSION}.`, { path: 'version' })] };
  }
  const migrated = version < CURRENT_VERSION ? migrate(doc, version) : doc;
  const parsed = ProjectSchema.safeParse(migrated);
  if (!parsed.success) return { ok: false, errors: schemaErrors(migrated, parsed.error) };
  const integrity = integrityErrors(parsed.data);
  if (integrity.length) return { ok: false, errors: integrity };
  return version < CURRENT_VERSION ? { ok: true, project: parsed.data, migratedFrom: version } : { ok: true, project: parsed.data };
}

/** The text of a project file, keys in a stable order, ready to save. */
export function serializeProject(project: Project): string {
  return JSON.stringify(project, null, 2) + '\n';
}
