/** Every shortcut the cheat sheet shows reaches exactly its action, and typing in a field reaches none. */
import { describe, expect, it } from 'vitest';
import { ACTIONS } from './index';
import { actionForKey } from './run';

function key(k: string, mods: { ctrl?: boolean; shift?: boolean; alt?: boolean; meta?: boolean; code?: string } = {}): KeyboardEvent {
  // Node has no KeyboardEvent; the actions read only these fields.
  return { key: k, code: mods.code ?? '', ctrlKey: !!mods.ctrl, shiftKey: !!mods.shift, altKey: !!mods.alt, metaKey: !!mods.meta } as KeyboardEvent;
}

describe('keyboard shortcuts', () => {
  it.each([
    ['undo', key('z', { ctrl: true })],
    ['undo', key('z', { meta: true })],
    ['redo', key('Z', { ctrl: true, shift: true })],
    ['redo', key('y', { ctrl: true })],
    ['copy', key('c', { ctrl: true })],
    ['cut', key('x', { ctrl: true })],
    ['paste', key('v', { meta: true })],
    ['duplicate', key('d', { ctrl: true })],
    ['delete', key('Delete')],
    ['delete', key('Backspace')],
    ['selectAll', key('a', { ctrl: true })],
    ['deselect', key('Escape')],
    ['layout', key('l')],
    ['fitView', key('f')],
    ['shortcuts', key('?', { shift: true })],
    ['toggleTheme', key('D', { shift: true, alt: true, code: 'KeyD' })],
  ])('%s', (name, event) => {
    expect(actionForKey(event)?.name).toBe(name);
  });

  it.each([key('l', { ctrl: true }), key('f', { meta: true }), key('Delete', { ctrl: true }), key('q'), key('z')])('leaves other keys alone: %j', (event) => {
    expect(actionForKey(event)).toBeUndefined();
  });

  it('gives each action a unique name and no two actions the same key', () => {
    expect(new Set(ACTIONS.map((a) => a.name)).size).toBe(ACTIONS.length);
    for (const a of ACTIONS) {
      for (const keys of a.keys ?? []) {
        const k = keys.at(-1)!;
        const event = key(k === 'Esc' ? 'Escape' : k.length === 1 ? k.toLowerCase() : k, {
          ctrl: keys.includes('Mod'),
          shift: keys.includes('Shift'),
          alt: keys.includes('Alt'),
          code: k.length === 1 ? `Key${k}` : '',
        });
        expect(actionForKey(event)?.name, `${keys.join('+')} runs ${a.name}`).toBe(a.name);
      }
    }
  });
});
