/**
 * The application menu's structure and handlers, on the real template
 * (menu.ts builds plain objects, so Electron need not run): every item the
 * File, Edit, View and Help menus promise, their shortcuts, and what clicking
 * them does.
 */
import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { MENU_COMMANDS } from '../../shared/ipc/bridge';
import { menuTemplate, type MenuContext } from './menu';

type Item = MenuItemConstructorOptions;

function context(overrides: Partial<MenuContext> = {}): MenuContext {
  return { platform: 'linux', recent: [], developer: false, send: vi.fn(), openRecent: vi.fn(), clearRecent: vi.fn(), ...overrides };
}

const submenu = (item: Item | undefined) => (item?.submenu ?? []) as Item[];
const byLabel = (items: Item[], label: string) => items.find((i) => i.label === label);
const labels = (items: Item[]) => items.filter((i) => i.type !== 'separator').map((i) => i.label ?? i.role);

function all(items: Item[]): Item[] {
  return items.flatMap((i) => [i, ...all(submenu(i))]);
}

function click(item: Item | undefined): void {
  (item!.click as unknown as () => void)();
}

describe('the menu template', () => {
  it('has File, Edit, View and Help on Linux and Windows, plus the app and Window menus on macOS', () => {
    expect(menuTemplate(context()).map((m) => m.id)).toEqual(['file', 'edit', 'view', 'help']);
    expect(menuTemplate(context({ platform: 'win32' })).map((m) => m.id)).toEqual(['file', 'edit', 'view', 'help']);
    expect(menuTemplate(context({ platform: 'darwin' })).map((m) => m.id ?? m.role)).toEqual(['appMenu', 'file', 'edit', 'view', 'windowMenu', 'help']);
  });

  it('File: New, Open, Open Recent, Save, Save As, Import ONNX, Export and Exit', () => {
    const file = submenu(menuTemplate(context())[0]);
    expect(labels(file)).toEqual(['New', 'Open…', 'Open Recent', 'Save', 'Save As…', 'Import ONNX…', 'Export', 'E&xit']);
    expect(labels(submenu(byLabel(file, 'Export')))).toEqual(['ONNX Model…', 'PyTorch Code and Weights…', 'Keras Code and Weights…', 'Weights (safetensors)…']);
    expect(byLabel(file, 'E&xit')!.role).toBe('quit');
    // macOS quits from the app menu; File ends with Close Window instead.
    expect(submenu(menuTemplate(context({ platform: 'darwin' }))[1]).at(-1)!.role).toBe('close');
  });

  it('Edit: Undo, Redo, Cut, Copy, Paste, Select All', () => {
    expect(labels(submenu(menuTemplate(context())[1]))).toEqual(['Undo', 'Redo', 'Cut', 'Copy', 'Paste', 'Select All']);
  });

  it('View: the four views, fit, theme, zoom and full screen; reload and developer tools only in development', () => {
    const view = submenu(menuTemplate(context())[2]);
    expect(labels(view)).toEqual(['Design', 'Train', 'Evaluate', 'Code', 'Fit Model to Window', 'Toggle Dark Theme', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(labels(submenu(menuTemplate(context({ developer: true }))[2]))).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('Help: the keyboard shortcuts and About', () => {
    expect(labels(submenu(menuTemplate(context())[3]))).toEqual(['Keyboard Shortcuts', 'About Netwright']);
  });

  it.each([
    ['New', 'CmdOrCtrl+N'], ['Open…', 'CmdOrCtrl+O'], ['Save', 'CmdOrCtrl+S'], ['Save As…', 'CmdOrCtrl+Shift+S'], ['Import ONNX…', 'CmdOrCtrl+I'],
    ['Undo', 'CmdOrCtrl+Z'], ['Cut', 'CmdOrCtrl+X'], ['Copy', 'CmdOrCtrl+C'], ['Paste', 'CmdOrCtrl+V'], ['Code', 'CmdOrCtrl+4'],
  ])('%s has the shortcut %s', (label, accelerator) => {
    expect(byLabel(all(menuTemplate(context())), label)!.accelerator).toBe(accelerator);
  });

  it('uses each shortcut once', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const keys = all(menuTemplate(context({ platform }))).map((i) => i.accelerator).filter(Boolean);
      expect(new Set(keys).size, platform).toBe(keys.length);
    }
  });

  it('every item sends its command to the page, and every command the page understands is in the menu', () => {
    const ctx = context({ platform: 'darwin' });
    const commands = all(menuTemplate(ctx)).filter((i) => i.id && (MENU_COMMANDS as readonly string[]).includes(i.id));
    for (const item of commands) click(item);
    expect((ctx.send as ReturnType<typeof vi.fn>).mock.calls.map((c) => c[0])).toEqual(commands.map((i) => i.id));
    expect(new Set(commands.map((i) => i.id))).toEqual(new Set(MENU_COMMANDS));
  });

  it('Open Recent lists the files, newest first, opens the one clicked, and can be cleared', () => {
    const ctx = context({ recent: ['/home/ada/mlp.nwproj', '/home/ada/cnn.nwproj'] });
    const recent = submenu(byLabel(submenu(menuTemplate(ctx)[0]), 'Open Recent'));
    expect(labels(recent)).toEqual(['mlp.nwproj', 'cnn.nwproj', 'Clear Recent']);
    expect(recent[0]!.sublabel).toBe('/home/ada/mlp.nwproj');
    click(recent[1]);
    expect(ctx.openRecent).toHaveBeenCalledExactlyOnceWith('/home/ada/cnn.nwproj');
    click(byLabel(recent, 'Clear Recent'));
    expect(ctx.clearRecent).toHaveBeenCalledOnce();
    expect(ctx.send).not.toHaveBeenCalled();
  });

  it('an empty Open Recent says so and offers nothing to click', () => {
    const recent = submenu(byLabel(submenu(menuTemplate(context())[0]), 'Open Recent'));
    expect(recent).toEqual([{ label: 'No Recent Projects', enabled: false }]);
  });
});
