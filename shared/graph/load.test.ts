import { describe, expect, it } from 'vitest';
import { loadProject, loadProjectObject, serializeProject } from './load';

const ISSUE_EXAMPLE = {
  format: 'netwright',
  version: 1,
  name: 'MNIST MLP',
  nodes: [
    { id: 'in', type: 'Input', params: { shape: [28, 28] }, position: { x: 0, y: 0 } },
    { id: 'f', type: 'Flatten', params: {} },
    { id: 'd1', type: 'Dense', params: { units: 128, activation: 'relu' } },
    { id: 'dr', type: 'Dropout', params: { rate: 0.2 } },
    { id: 'out', type: 'Dense', params: { units: 10 } },
  ],
  edges: [
    { id: 'e1', source: 'in', target: 'f' },
    { id: 'e2', source: 'f', target: 'd1' },
    { id: 'e3', source: 'd1', target: 'dr' },
    { id: 'e4', source: 'dr', target: 'out' },
  ],
  training: { loss: 'sparse_categorical_crossentropy', fromLogits: true, optimizer: { type: 'adam', learning_rate: 0.001 }, epochs: 10, batchSize: 32, metrics: ['accuracy'] },
  dataset: { name: 'mnist' },
};

const withChange = (change: (doc: Record<string, any>) => void) => {
  const doc = structuredClone(ISSUE_EXAMPLE) as Record<string, any>;
  change(doc);
  return doc;
};

describe('loadProject', () => {
  it('loads the documented example and round-trips it', () => {
    const result = loadProject(JSON.stringify(ISSUE_EXAMPLE));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const again = loadProject(serializeProject(result.project));
    expect(again.ok && again.project).toEqual(result.project);
  });

  const BAD: { name: string; input: unknown; code: string; mentions: string }[] = [
    { name: 'not JSON', input: '{"format": "netwright",', code: 'NW001', mentions: 'not valid JSON' },
    { name: 'another format', input: { format: 'keras', version: 1 }, code: 'NW001', mentions: 'format' },
    { name: 'a list', input: [], code: 'NW001', mentions: 'format' },
    { name: 'newer version', input: withChange((d) => (d.version = 7)), code: 'NW002', mentions: 'version 7' },
    { name: 'version as text', input: withChange((d) => (d.version = '1')), code: 'NW003', mentions: 'version' },
    { name: 'unknown top-level field', input: withChange((d) => (d.layerz = [])), code: 'NW003', mentions: 'layerz' },
    { name: 'unknown node field', input: withChange((d) => (d.nodes[1].colour = 'red')), code: 'NW003', mentions: 'nodes[1]' },
    { name: 'node type not text', input: withChange((d) => (d.nodes[2].type = 5)), code: 'NW003', mentions: 'nodes[2].type' },
    { name: 'missing nodes', input: withChange((d) => delete d.nodes), code: 'NW003', mentions: 'nodes' },
    { name: 'bad position', input: withChange((d) => (d.nodes[0].position = { x: 'left', y: 0 })), code: 'NW003', mentions: 'nodes[0].position.x' },
    { name: 'bad slot name', input: withChange((d) => (d.edges[0].targetHandle = 'second')), code: 'NW003', mentions: 'edges[0].targetHandle' },
    { name: 'unknown loss', input: withChange((d) => (d.training.loss = 'mse2')), code: 'NW003', mentions: 'training.loss' },
    { name: 'zero epochs', input: withChange((d) => (d.training.epochs = 0)), code: 'NW003', mentions: 'training.epochs' },
    { name: 'negative learning rate', input: withChange((d) => (d.training.optimizer.learning_rate = -1)), code: 'NW003', mentions: 'training.optimizer.learning_rate' },
    { name: 'duplicate node id', input: withChange((d) => (d.nodes[1].id = 'in')), code: 'NW004', mentions: '"in"' },
    { name: 'edge to a missing node', input: withChange((d) => (d.edges[1].target = 'ghost')), code: 'NW005', mentions: 'ghost' },
    { name: 'duplicate edge id', input: withChange((d) => (d.edges[1].id = 'e1')), code: 'NW006', mentions: 'e1' },
    { name: 'duplicate connection', input: withChange((d) => d.edges.push({ id: 'e9', source: 'in', target: 'f' })), code: 'NW007', mentions: 'twice' },
  ];

  it.each(BAD)('rejects $name with $code', ({ input, code, mentions }) => {
    const result = typeof input === 'string' ? loadProject(input) : loadProjectObject(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]!.code).toBe(code);
    expect(result.errors.map((e) => e.message).join(' ')).toContain(mentions);
  });

  it('migrates a version-0 file through the chain', () => {
    const v0 = {
      format: 'netwright',
      version: 0,
      name: 'old',
      layers: [
        { id: 'a', type: 'Input', params: { shape: [2] } },
        { id: 'b', type: 'Dense', params: { units: 1 } },
        { id: 'c', type: 'Add', params: {} },
      ],
      links: [{ from: 'a', to: 'b' }, { from: 'a', to: 'c', slot: 0 }, { from: 'b', to: 'c', slot: 1 }],
    };
    const result = loadProjectObject(v0);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.migratedFrom).toBe(0);
    expect(result.project.version).toBe(1);
    expect(result.project.edges).toEqual([
      { id: 'e1', source: 'a', target: 'b' },
      { id: 'e2', source: 'a', target: 'c', targetHandle: 'in0' },
      { id: 'e3', source: 'b', target: 'c', targetHandle: 'in1' },
    ]);
  });

  it('fills defaults for missing positions, params and edges', () => {
    const result = loadProjectObject({ format: 'netwright', version: 1, nodes: [{ id: 'a', type: 'Input' }] });
    expect(result.ok && result.project).toMatchObject({ name: 'Untitled', edges: [], nodes: [{ id: 'a', type: 'Input', params: {} }] });
  });
});
