/**
 * The application menu, as a template built by one pure function so a test
 * can read its structure and click its items. The page owns the document, so
 * almost every item just sends a command to the focused window
 * (shared/ipc/bridge.ts MENU_COMMANDS) and the page carries it out, exactly
 * as its own buttons and shortcuts would. Only Open Recent is done here: main
 * reads the file (it is on main's own list) and hands it to the page.
 *
 * Edit's items send commands too rather than using Electron's roles: the
 * roles only edit text fields, while Undo, Cut, Copy and Paste here must also
 * work on layers; the page decides which applies (a focused field or the
 * canvas) and asks main for the text edit when it is a field.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';
import type { MenuCommandName } from '../../shared/ipc/bridge';

export interface MenuContext {
  readonly platform: NodeJS.Platform;
  /** Project files for File › Open Recent, newest first. */
  readonly recent: readonly string[];
  /** Reload and the developer tools, for development builds only. */
  readonly developer: boolean;
  send(command: MenuCommandName): void;
  openRecent(path: string): void;
  clearRecent(): void;
}

type Item = MenuItemConstructorOptions;

export function menuTemplate(ctx: MenuContext): Item[] {
  const mac = ctx.platform === 'darwin';
  const command = (label: string, name: MenuCommandName, accelerator?: string): Item => ({
    label,
    id: name,
    ...(accelerator ? { accelerator } : {}),
    click: () => ctx.send(name),
  });
  const separator: Item = { type: 'separator' };

  const recent: Item[] = ctx.recent.length
    ? [
        ...ctx.recent.map((path): Item => ({ label: basename(path), sublabel: path, toolTip: path, click: () => ctx.openRecent(path) })),
        separator,
        { label: 'Clear Recent', id: 'clearRecent', click: () => ctx.clearRecent() },
      ]
    : [{ label: 'No Recent Projects', enabled: false }];

  const file: Item = {
    label: '&File',
    id: 'file',
    submenu: [
      command('New', 'new', 'CmdOrCtrl+N'),
      command('Open…', 'open', 'CmdOrCtrl+O'),
      { label: 'Open Recent', id: 'openRecent', submenu: recent },
      separator,
      command('Save', 'save', 'CmdOrCtrl+S'),
      command('Save As…', 'saveAs', 'CmdOrCtrl+Shift+S'),
      separator,
      command('Import ONNX…', 'importOnnx', 'CmdOrCtrl+I'),
      {
        label: 'Export',
        id: 'export',
        submenu: [
          command('ONNX Model…', 'exportOnnx', 'CmdOrCtrl+E'),
          command('PyTorch Code and Weights…', 'exportPytorch'),
          command('Keras Code and Weights…', 'exportKeras'),
          command('Weights (safetensors)…', 'exportWeights'),
        ],
      },
      separator,
      mac ? { role: 'close' } : { role: 'quit', label: 'E&xit' },
    ],
  };

  const edit: Item = {
    label: '&Edit',
    id: 'edit',
    submenu: [
      command('Undo', 'undo', 'CmdOrCtrl+Z'),
      command('Redo', 'redo', mac ? 'Shift+Cmd+Z' : 'Ctrl+Y'),
      separator,
      command('Cut', 'cut', 'CmdOrCtrl+X'),
      command('Copy', 'copy', 'CmdOrCtrl+C'),
      command('Paste', 'paste', 'CmdOrCtrl+V'),
      command('Select All', 'selectAll', 'CmdOrCtrl+A'),
    ],
  };

  const view: Item = {
    label: '&View',
    id: 'view',
    submenu: [
      command('Design', 'showDesign', 'CmdOrCtrl+1'),
      command('Train', 'showTrain', 'CmdOrCtrl+2'),
      command('Evaluate', 'showEvaluate', 'CmdOrCtrl+3'),
      command('Code', 'showCode', 'CmdOrCtrl+4'),
      separator,
      command('Fit Model to Window', 'fitView'),
      command('Toggle Dark Theme', 'toggleTheme'),
      separator,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
      ...(ctx.developer ? [separator, { role: 'reload' } as Item, { role: 'toggleDevTools' } as Item] : []),
    ],
  };

  const help: Item = {
    label: '&Help',
    id: 'help',
    role: 'help',
    submenu: [command('Keyboard Shortcuts', 'shortcuts', 'CmdOrCtrl+/'), ...(mac ? [] : [separator, { role: 'about', label: 'About Netwright' } as Item])],
  };

  return [...(mac ? [{ role: 'appMenu' } as Item] : []), file, edit, view, ...(mac ? [{ role: 'windowMenu' } as Item] : []), help];
}
