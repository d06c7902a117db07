/**
 * The desktop bridge end to end, with Electron mocked: the preload exposes
 * one object of named functions, each on its own allow-listed channel; main
 * answers each channel only for our own page and only with arguments that
 * match its schema; and each handler does its job.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  listeners: new Map<string, (...args: unknown[]) => void>(),
  invoke: vi.fn((..._args: unknown[]) => Promise.resolve('answer')),
  handle: vi.fn(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => electron.exposed.set(key, value) },
  ipcRenderer: {
    invoke: electron.invoke,
    on: (channel: string, listener: (...args: unknown[]) => void) => electron.listeners.set(channel, listener),
    removeListener: (channel: string, listener: unknown) => electron.listeners.get(channel) === listener && electron.listeners.delete(channel),
  },
  ipcMain: { handle: electron.handle },
}));

const { BRIDGE_CHANNELS, BRIDGE_EVENTS, BRIDGE_KEY } = await import('../../shared/ipc/bridge');
const { bridgeHandlers, guarded, registerBridgeHandlers } = await import('./ipc');
await import('./preload');

const OURS = { senderFrame: { url: 'app://netwright/index.html' } };
const FOREIGN = { senderFrame: { url: 'https://example.com/' } };

beforeEach(() => vi.clearAllMocks());

describe('the preload', () => {
  const bridge = electron.exposed.get(BRIDGE_KEY) as Record<string, unknown>;

  it('exposes one object, window.netwright, of functions and the platform name, and no ipcRenderer', () => {
    expect([...electron.exposed.keys()]).toEqual([BRIDGE_KEY]);
    for (const [name, value] of Object.entries(bridge)) expect(name === 'platform' ? typeof value === 'string' : typeof value === 'function', name).toBe(true);
    expect(Object.values(bridge)).not.toContain(electron.invoke);
  });

  it.each([
    ['version', [], BRIDGE_CHANNELS.version],
    ['openFile', [['project']], BRIDGE_CHANNELS.openFile],
    ['saveProject', [{ name: 'a.nwproj', text: '{}' }], BRIDGE_CHANNELS.saveProject],
    ['saveFile', [{ name: 'a.onnx', bytes: new Uint8Array(1), type: 'x' }], BRIDGE_CHANNELS.saveFile],
    ['setDocument', [{ title: 'a', dirty: true }], BRIDGE_CHANNELS.setDocument],
    ['autosave', [null], BRIDGE_CHANNELS.autosave],
    ['takeRecovery', [], BRIDGE_CHANNELS.takeRecovery],
    ['editText', ['paste'], BRIDGE_CHANNELS.editText],
    ['importData', ['folder'], BRIDGE_CHANNELS.importData],
  ])('%s calls its own channel', async (name, args, channel) => {
    await (bridge[name] as (...a: unknown[]) => Promise<unknown>)(...args);
    expect(electron.invoke).toHaveBeenCalledExactlyOnceWith(channel, ...args);
  });

  it.each([['onMenuCommand', BRIDGE_EVENTS.menuCommand], ['onFileOpened', BRIDGE_EVENTS.fileOpened]])('%s hands the listener the payload only, never the IPC event, and stops on request', (name, channel) => {
    const listener = vi.fn();
    const stop = (bridge[name] as (l: unknown) => () => void)(listener);
    electron.listeners.get(channel)!({ sender: 'the IpcRenderer' }, { command: 'save' });
    expect(listener).toHaveBeenCalledExactlyOnceWith({ command: 'save' });
    stop();
    expect(electron.listeners.has(channel)).toBe(false);
  });
});

describe('main: the two gates', () => {
  const handler = vi.fn(() => 'ran');

  it('registers every channel of the allow-list, and nothing else', () => {
    const handlers = Object.fromEntries(Object.values(BRIDGE_CHANNELS).map((c) => [c, handler])) as never;
    registerBridgeHandlers(handlers);
    expect(electron.handle.mock.calls.map((c) => c[0]).sort()).toEqual(Object.values(BRIDGE_CHANNELS).sort());
  });

  it('refuses callers other than our own page', () => {
    expect(() => guarded(BRIDGE_CHANNELS.version, handler)(FOREIGN as never)).toThrow(/Refused an IPC call from https:\/\/example.com/);
    expect(() => guarded(BRIDGE_CHANNELS.version, handler)({ senderFrame: null } as never)).toThrow(/Refused/);
    expect(handler).not.toHaveBeenCalled();
  });

  const name = (n: string) => ({ name: n, text: '{}' });
  it.each([
    [BRIDGE_CHANNELS.version, ['extra']],
    [BRIDGE_CHANNELS.openFile, []],
    [BRIDGE_CHANNELS.openFile, [['project', 'exe']]],
    [BRIDGE_CHANNELS.openFile, [[]]],
    [BRIDGE_CHANNELS.saveProject, [name('../../.bashrc')]],
    [BRIDGE_CHANNELS.saveProject, [name('a\\b.nwproj')]],
    [BRIDGE_CHANNELS.saveProject, [{ ...name('a.nwproj'), extra: true }]],
    [BRIDGE_CHANNELS.saveProject, [{ ...name('a.nwproj'), path: 42 }]],
    [BRIDGE_CHANNELS.saveProject, [{ ...name('a.nwproj'), path: '/a\0b' }]],
    [BRIDGE_CHANNELS.saveProject, ['{}']],
    [BRIDGE_CHANNELS.saveProject, [{ ...name('a.nwproj'), weights: [1, 2] }]],
    [BRIDGE_CHANNELS.saveProject, [{ ...name('a.nwproj'), weights: '/home/ada/.ssh/id_rsa' }]],
    [BRIDGE_CHANNELS.saveFile, [{ name: 'a.onnx', bytes: [1, 2], type: 'x' }]],
    [BRIDGE_CHANNELS.saveFile, [{ name: 'a.onnx', bytes: new Uint8Array(1) }]],
    [BRIDGE_CHANNELS.setDocument, [{ title: 'a', dirty: 'yes' }]],
    [BRIDGE_CHANNELS.setDocument, [{ title: 'x'.repeat(301), dirty: true }]],
    [BRIDGE_CHANNELS.autosave, [{ name: 'a.nwproj' }]],
    [BRIDGE_CHANNELS.editText, ['executeJavaScript']],
    [BRIDGE_CHANNELS.editText, ['paste', 'more']],
    [BRIDGE_CHANNELS.importData, []],
    [BRIDGE_CHANNELS.importData, ['disk']],
    [BRIDGE_CHANNELS.importData, ['files', '/home/ada/secret.csv']],
    [BRIDGE_CHANNELS.importData, [{ kind: 'files' }]],
  ])('refuses a malformed %s call: %j', (channel, args) => {
    expect(() => guarded(channel, handler)(OURS as never, ...args)).toThrow(/Refused a malformed/);
    expect(handler).not.toHaveBeenCalled();
  });

  it.each([
    [BRIDGE_CHANNELS.version, []],
    [BRIDGE_CHANNELS.openFile, [['project', 'onnx']]],
    [BRIDGE_CHANNELS.saveProject, [{ name: 'my model.nwproj', text: '{}', path: '/home/ada/my model.nwproj', saveAs: false }]],
    [BRIDGE_CHANNELS.saveProject, [{ name: 'a.nwproj', text: '{}', weights: new Uint8Array(8) }]],
    [BRIDGE_CHANNELS.saveFile, [{ name: 'm.onnx', bytes: new Uint8Array(3), type: 'application/octet-stream' }]],
    [BRIDGE_CHANNELS.setDocument, [{ title: 'a.nwproj', dirty: true }]],
    [BRIDGE_CHANNELS.autosave, [null]],
    [BRIDGE_CHANNELS.autosave, [{ name: 'a.nwproj', text: '{}' }]],
    [BRIDGE_CHANNELS.editText, ['selectAll']],
    [BRIDGE_CHANNELS.importData, ['files']],
    [BRIDGE_CHANNELS.importData, ['folder']],
  ])('passes a well-formed %s call to its handler', (channel, args) => {
    expect(guarded(channel, handler)(OURS as never, ...args)).toBe('ran');
    expect(handler).toHaveBeenCalledExactlyOnceWith(OURS, ...args);
  });

  it('trusts the dev server only when told it is one', () => {
    const dev = { senderFrame: { url: 'http://localhost:5173/' } };
    expect(() => guarded(BRIDGE_CHANNELS.version, handler)(dev as never)).toThrow(/Refused/);
    expect(guarded(BRIDGE_CHANNELS.version, handler, 'http://localhost:5173')(dev as never)).toBe('ran');
  });
});

describe('main: the handlers', () => {
  function services() {
    const session = { saved: vi.fn(), saveAbandoned: vi.fn(), update: vi.fn() };
    const s = {
      files: { open: vi.fn(), saveProject: vi.fn(), saveFile: vi.fn() },
      autosave: { write: vi.fn(), clear: vi.fn() },
      version: () => '1.2.3',
      windowOf: vi.fn(() => 'the window'),
      sessionOf: vi.fn(() => session),
      takeRecovery: vi.fn(() => null),
      importData: vi.fn(() => Promise.resolve({ name: 'iris', path: 'data/iris.csv' })),
    };
    return { s, session, handlers: bridgeHandlers(s as never) };
  }
  const sender = { undo: vi.fn(), paste: vi.fn() };
  const event = { ...OURS, sender } as never;

  it('a save tells the window session, which closes the window if the close prompt asked for it', async () => {
    const { s, session, handlers } = services();
    s.files.saveProject.mockResolvedValueOnce({ name: 'a.nwproj', path: '/a.nwproj' }).mockResolvedValueOnce(null).mockRejectedValueOnce(new Error('disk full'));
    const request = { name: 'a.nwproj', text: '{}' };
    expect(await handlers[BRIDGE_CHANNELS.saveProject](event, request)).toEqual({ name: 'a.nwproj', path: '/a.nwproj' });
    expect(s.files.saveProject).toHaveBeenCalledWith('the window', request);
    expect(session.saved).toHaveBeenCalledOnce();
    expect(await handlers[BRIDGE_CHANNELS.saveProject](event, request)).toBeNull();
    await expect(handlers[BRIDGE_CHANNELS.saveProject](event, request)).rejects.toThrow('disk full');
    expect(session.saveAbandoned).toHaveBeenCalledTimes(2);
  });

  it('autosave writes a copy, or deletes it when given null', async () => {
    const { s, handlers } = services();
    await handlers[BRIDGE_CHANNELS.autosave](event, { name: 'a.nwproj', text: '{}' });
    await handlers[BRIDGE_CHANNELS.autosave](event, null);
    expect(s.autosave.write).toHaveBeenCalledWith({ name: 'a.nwproj', text: '{}' });
    expect(s.autosave.clear).toHaveBeenCalledOnce();
  });

  it('text edits run on the calling page, and the document state reaches its session', () => {
    const { session, handlers } = services();
    handlers[BRIDGE_CHANNELS.editText](event, 'paste');
    expect(sender.paste).toHaveBeenCalledOnce();
    handlers[BRIDGE_CHANNELS.setDocument](event, { title: 'a', dirty: true });
    expect(session.update).toHaveBeenCalledWith({ title: 'a', dirty: true });
  });

  it('imports data through the dialog of the calling window', async () => {
    const { s, handlers } = services();
    expect(await handlers[BRIDGE_CHANNELS.importData](event, 'folder')).toEqual({ name: 'iris', path: 'data/iris.csv' });
    expect(s.importData).toHaveBeenCalledExactlyOnceWith('the window', 'folder');
  });

  it('answers the version', () => {
    expect(services().handlers[BRIDGE_CHANNELS.version](event)).toBe('1.2.3');
  });
});
