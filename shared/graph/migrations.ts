/**
 * Migrations between project file versions. `MIGRATIONS[n]` turns a version-n
 * document into version n+1; loading runs the chain up to CURRENT_VERSION.
 * A migration sees raw JSON and must not assume anything it does not check:
 * the schema validates the result.
 */
import { CURRENT_VERSION } from './schema';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export const MIGRATIONS: Record<number, (doc: Json) => Json> = {
  /**
   * Version 0 was the pre-release format: `layers` instead of `nodes`, and
   * `links` with `from`/`to` (and `slot` as a number) instead of `edges`.
   */
  0: ({ layers, links, ...rest }) => ({
    ...rest,
    version: 1,
    nodes: layers,
    edges: Array.isArray(links)
      ? links.map((link: unknown, i) => {
          if (!isObject(link)) return link;
          const { from, to, slot, id, ...other } = link;
          return { id: id ?? `e${i + 1}`, source: from, target: to, ...(typeof slot === 'number' ? { targetHandle: `in${slot}` } : {}), ...other };
        })
      : links,
  }),
};

/** Runs the chain from `version` to the current version. */
export function migrate(doc: Json, version: number): Json {
  let current = doc;
  for (let v = version; v < CURRENT_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new Error(`No migration from version ${v}`);
    current = step(current);
  }
  return current;
}
