/**
 * The project store's history: every kind of edit can be undone and redone,
 * back to the very same document, and a run of edits to one field is one step.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../shared/compiler';
import { loadProjectObject, type Project } from '../../../shared/graph';
import { autoLayout } from '../canvas/auto-layout';
import { BUILTIN_XOR } from './builtin-xor';
import { copyElements } from './edits';
import { COALESCE_MS, createProjectStore, HISTORY_LIMIT } from './store';
import { TEMPLATES, type Template } from './templates';

const XOR: Template = { id: 'xor-test', label: 'XOR', level: 'beginner', summary: '', load: () => loadProjectObject(BUILTIN_XOR) };
const EMPTY: Template = {
  id: 'empty-test',
  label: 'Empty',
  level: '',
  summary: '',
  load: () => loadProjectObject({ format: 'netwright', version: 1, name: 'Empty', nodes: [] }),
};

function setup(template: Template = XOR) {
  let clock = 0;
  const store = createProjectStore(template, () => clock);
  return {
    store,
    get: () => store.getState(),
    project: () => store.getState().project!,
    tick: (ms: number) => {
      clock += ms;
    },
  };
}

const ids = (p: Project) => p.nodes.map((n) => n.id);
const wires = (p: Project) => p.edges.map((e) => `${e.source}->${e.target}${e.targetHandle ? `:${e.targetHandle}` : ''}`);
const errors = (p: Project) => compile(p, { shapesOnly: true }).errors.map((e) => `${e.code}@${e.node ?? ''}`);

describe('project store', () => {
  it('builds XOR from nothing, and undoes and redoes every step back to identical documents', () => {
    const s = setup(EMPTY);
    const states: Project[] = [s.project()];
    const step = (edit: () => void) => {
      edit();
      s.tick(COALESCE_MS + 1);
      states.push(s.project());
    };
    let input = '';
    let hidden = '';
    let out = '';
    step(() => (input = s.get().addLayer('Input', { x: 0, y: 0 })!));
    step(() => s.get().setParam(input, 'shape', [2]));
    step(() => (hidden = s.get().addLayer('Dense', { x: 0, y: 120 }, input)!));
    step(() => s.get().setParam(hidden, 'units', 8));
    step(() => s.get().setParam(hidden, 'activation', 'tanh'));
    step(() => (out = s.get().addLayer('Dense', { x: 0, y: 240 })!));
    step(() => s.get().setParam(out, 'units', 1));
    step(() => s.get().setParam(out, 'activation', 'sigmoid'));
    step(() => s.get().connect({ source: hidden, target: out }));

    expect(ids(s.project())).toEqual(['input', 'dense', 'dense_1']);
    expect(wires(s.project())).toEqual(['input->dense', 'dense->dense_1']);
    expect(errors(s.project())).toEqual([]);
    expect(compile(s.project(), { shapesOnly: true }).totals.total).toBe(2 * 8 + 8 + 8 + 1);
    expect(s.get().past).toHaveLength(states.length - 1);

    for (let i = states.length - 1; i > 0; i--) {
      s.get().undo();
      expect(s.project()).toBe(states[i - 1]);
    }
    expect(s.get().past).toEqual([]);
    for (let i = 1; i < states.length; i++) {
      s.get().redo();
      expect(s.project()).toBe(states[i]);
    }
    expect(s.get().future).toEqual([]);
  });

  it('undoes a deletion, connections included, and redoes it', () => {
    const s = setup();
    const before = s.project();
    s.get().remove(['hidden']);
    expect(ids(s.project())).toEqual(['input', 'output']);
    expect(s.project().edges).toEqual([]);
    expect(s.get().past.at(-1)!.label).toBe('Delete 1 layer');
    s.get().undo();
    expect(s.project()).toBe(before);
    s.get().redo();
    expect(ids(s.project())).toEqual(['input', 'output']);
  });

  it('deletes a single connection and brings it back', () => {
    const s = setup();
    const edge = s.project().edges[0]!.id;
    s.get().remove([], [edge]);
    expect(s.project().edges.map((e) => e.id)).not.toContain(edge);
    expect(errors(s.project())).toContain('NW015@hidden');
    s.get().undo();
    expect(s.project().edges.map((e) => e.id)).toContain(edge);
    expect(errors(s.project())).toEqual([]);
  });

  it('merges a run of keystrokes in one field into one undo step, but not edits to different fields', () => {
    const s = setup();
    const before = s.project();
    s.get().setParam('hidden', 'units', 1);
    s.tick(200);
    s.get().setParam('hidden', 'units', 12);
    s.tick(200);
    s.get().setParam('hidden', 'units', 128);
    expect(s.get().past).toHaveLength(1);
    s.get().setParam('hidden', 'activation', 'relu');
    expect(s.get().past).toHaveLength(2);
    s.get().undo();
    expect(s.project().nodes.find((n) => n.id === 'hidden')!.params['units']).toBe(128);
    s.get().undo();
    expect(s.project()).toBe(before);
  });

  it('records no step for an edit that changes nothing', () => {
    const s = setup();
    s.get().setParam('hidden', 'units', 8);
    s.get().moveNodes(new Map([['input', s.project().nodes[0]!.position!]]));
    s.get().connect({ source: 'output', target: 'input' });
    expect(s.get().past).toEqual([]);
  });

  it('pastes copies with fresh ids and inner connections, and undoes the paste', () => {
    const s = setup();
    const before = s.project();
    const clip = copyElements(s.project(), ['hidden', 'output']);
    const pasted = s.get().paste(clip, { x: 40, y: 40 });
    expect(pasted).toEqual(['hidden_1', 'output_1']);
    expect(wires(s.project())).toContain('hidden_1->output_1');
    const original = s.project().nodes.find((n) => n.id === 'hidden')!;
    const copy = s.project().nodes.find((n) => n.id === 'hidden_1')!;
    expect(copy.position).toEqual({ x: original.position!.x + 40, y: original.position!.y + 40 });
    expect(copy.params).toEqual(original.params);
    expect(copy.params).not.toBe(original.params);
    s.get().undo();
    expect(s.project()).toBe(before);
    s.get().redo();
    expect(ids(s.project())).toEqual(['input', 'hidden', 'output', 'hidden_1', 'output_1']);
  });

  it('undoes an auto-layout as one step', async () => {
    const s = setup();
    // Scatter the layers first, then tidy them up.
    s.get().moveNodes(new Map([['input', { x: 300, y: 10 }], ['hidden', { x: -200, y: 500 }], ['output', { x: 90, y: 90 }]]));
    const scattered = s.project();
    const positions = await autoLayout(
      new ELK(),
      s.project().nodes.map((n) => ({ id: n.id, width: 200, height: 76, inputs: n.type === 'Input' ? [] : ['in0'] })),
      s.project().edges.map((e) => ({ id: e.id, source: e.source, target: e.target, targetHandle: 'in0' })),
    );
    s.get().moveNodes(positions, 'Tidy up layout');
    const laidOut = s.project();
    const y = (id: string) => laidOut.nodes.find((n) => n.id === id)!.position!.y;
    expect(y('input')).toBeLessThan(y('hidden'));
    expect(y('hidden')).toBeLessThan(y('output'));
    expect(s.get().past.at(-1)!.label).toBe('Tidy up layout');
    s.get().undo();
    expect(s.project()).toBe(scattered);
    s.get().redo();
    expect(s.project()).toBe(laidOut);
  });

  it('inserts a layer onto a connection, keeping the shapes valid, and undoes it', () => {
    const s = setup();
    const before = s.project();
    const edge = s.project().edges.find((e) => e.target === 'output')!.id;
    const id = s.get().insertOnEdge(edge, 'Dropout')!;
    expect(wires(s.project())).toEqual(['input->hidden', 'hidden->dropout', 'dropout->output']);
    expect(errors(s.project())).toEqual([]);
    // The layers below moved down to make room.
    const y = (n: string) => s.project().nodes.find((x) => x.id === n)!.position!.y;
    expect(y('output') - y(id)).toBeGreaterThanOrEqual(120);
    s.get().undo();
    expect(s.project()).toBe(before);
  });

  it('makes opening a template undoable, restoring the previous project and its canvas', () => {
    const s = setup();
    s.get().setParam('hidden', 'units', 16);
    const edited = s.project();
    const key = s.get().documentKey;
    const other = TEMPLATES.find((t) => t.id !== 'built-in' && t.id !== 'xor.nwproj')!;
    s.get().openTemplate(other.id);
    expect(s.get().template.id).toBe(other.id);
    expect(s.get().documentKey).not.toBe(key);
    s.get().undo();
    expect(s.project()).toBe(edited);
    expect(s.get().documentKey).toBe(key);
  });

  it('forgets the oldest steps past the limit', () => {
    const s = setup();
    for (let i = 0; i < HISTORY_LIMIT + 10; i++) s.get().moveNodes(new Map([['input', { x: i + 1, y: 0 }]]));
    expect(s.get().past).toHaveLength(HISTORY_LIMIT);
  });

  it('clears redo after a new edit', () => {
    const s = setup();
    s.get().remove(['output']);
    s.get().undo();
    expect(s.get().future).toHaveLength(1);
    s.get().setParam('hidden', 'units', 3);
    expect(s.get().future).toEqual([]);
  });
});
