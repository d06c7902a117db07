/**
 * Property-based: random and mutated documents fed to the loader and the
 * compiler. Whatever goes in, what comes out is a project or catalogued
 * errors, never a crash.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, compile, type GraphError } from '../shared/compiler';
import { loadProjectObject } from '../shared/graph';
import { LAYERS } from '../shared/layers';

const TYPES = [...LAYERS.map((l) => l.type), 'Bogus', ''];
const PARAM_NAMES = [...new Set(LAYERS.flatMap((l) => Object.keys(l.params))), 'nonsense'];

/** Values of every kind a parameter might wrongly or rightly hold. */
const paramValue = fc.oneof(
  fc.integer({ min: -3, max: 40 }),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constantFrom('relu', 'same', 'valid', 'concat', 'int32', 'float32', 'step', 'softmax', ''),
  fc.array(fc.integer({ min: -2, max: 12 }), { maxLength: 5 }),
  fc.constant(null),
  fc.record({ type: fc.constantFrom('LSTM', 'GRU', 'Dense', 'Conv2D'), params: fc.dictionary(fc.constantFrom('units', 'return_sequences', 'x'), fc.oneof(fc.integer({ min: -1, max: 8 }), fc.boolean())) }),
);

const randomDocument = fc.integer({ min: 0, max: 9 }).chain((n) =>
  fc.record({
    format: fc.constantFrom('netwright', 'netwright', 'netwright', 'other'),
    version: fc.constantFrom(0, 1, 1, 1, 2, -1, '1'),
    name: fc.string(),
    nodes: fc.array(
      fc.record({
        id: fc.constantFrom(...Array.from({ length: n + 2 }, (_, i) => `n${i}`)),
        type: fc.constantFrom(...TYPES),
        params: fc.dictionary(fc.constantFrom(...PARAM_NAMES), paramValue, { maxKeys: 5 }),
      }),
      { maxLength: n + 1 },
    ),
    edges: fc.array(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 3 }),
        source: fc.constantFrom(...Array.from({ length: n + 2 }, (_, i) => `n${i}`)),
        target: fc.constantFrom(...Array.from({ length: n + 2 }, (_, i) => `n${i}`)),
        targetHandle: fc.option(fc.constantFrom('in0', 'in1', 'in2', 'in7'), { nil: undefined }),
      }),
      { maxLength: n * 2 },
    ),
  }),
);

function expectCatalogued(errors: readonly GraphError[]) {
  for (const e of errors) {
    expect(Object.keys(CATALOGUE)).toContain(e.code);
    expect(typeof e.message).toBe('string');
    expect(e.fix.length).toBeGreaterThan(0);
  }
}

function loadAndCompile(doc: unknown) {
  const loaded = loadProjectObject(doc);
  if (!loaded.ok) {
    expect(loaded.errors.length).toBeGreaterThan(0);
    expectCatalogued(loaded.errors);
    return;
  }
  const result = compile(loaded.project);
  expectCatalogued([...result.errors, ...result.warnings]);
  if (result.errors.length === 0) expect(result.ir).toBeDefined();
}

const templatesDir = join(import.meta.dirname, '..', 'resources', 'templates');
const templates = readdirSync(templatesDir).filter((f) => f.endsWith('.nwproj')).map((f) => JSON.parse(readFileSync(join(templatesDir, f), 'utf8')) as { nodes: { id: string; params: Record<string, unknown> }[]; edges: { id: string; source: string; target: string }[] });

/** One random edit of a valid template: the kind of thing a user does by hand. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('param' as const), node: fc.nat(), name: fc.constantFrom(...PARAM_NAMES), value: paramValue }),
  fc.record({ kind: fc.constant('dropNode' as const), node: fc.nat() }),
  fc.record({ kind: fc.constant('dropEdge' as const), edge: fc.nat() }),
  fc.record({ kind: fc.constant('rewire' as const), edge: fc.nat(), node: fc.nat() }),
  fc.record({ kind: fc.constant('retype' as const), node: fc.nat(), type: fc.constantFrom(...TYPES) }),
);

describe('the loader and compiler never crash', () => {
  it('on random documents', () => {
    fc.assert(fc.property(randomDocument, (doc) => loadAndCompile(doc)), { numRuns: 1500 });
  });

  it('on mutated templates', () => {
    expect(templates.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(fc.nat({ max: templates.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, edits) => {
        const doc = structuredClone(templates[which]!) as Record<string, any>;
        for (const m of edits) {
          const nodes = doc.nodes as any[];
          const edges = doc.edges as any[];
          if (!nodes.length) break;
          const node = 'node' in m ? nodes[m.node % nodes.length] : undefined;
          if (m.kind === 'param') node.params = { ...node.params, [m.name]: m.value };
          if (m.kind === 'dropNode') nodes.splice(m.node % nodes.length, 1);
          if (m.kind === 'dropEdge' && edges.length) edges.splice(m.edge % edges.length, 1);
          if (m.kind === 'rewire' && edges.length) edges[m.edge % edges.length].target = node.id;
          if (m.kind === 'retype') node.type = m.type;
        }
        loadAndCompile(doc);
      }),
      { numRuns: 1500 },
    );
  });
});
