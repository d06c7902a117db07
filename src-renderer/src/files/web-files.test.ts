/**
 * Web mode's files, without a browser: the names the Save dialog accepts,
 * how the workspace lists order, Save over a workspace file without asking
 * (and asking otherwise), the autosaved copy in localStorage and which one a
 * load offers, and the close warning and autosave that follow the document.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { serializeProject } from '../../../shared/graph';
import type { FileEntry } from '../../../shared/ipc/services';

const files = vi.hoisted(() => ({ save: vi.fn(() => Promise.resolve()), saveBytes: vi.fn(() => Promise.resolve()), open: vi.fn(), openBytes: vi.fn(), list: vi.fn() }));
vi.mock('../compute/services', () => ({ services: { files } }));

const { checkProjectName, joinPath } = await import('./file-names');
const { kindOfName } = await import('./browser-files');
const { orderEntries } = await import('./WorkspaceBrowser');
const { openFromWorkspace, readWorkspaceFile, saveToWorkspace, useFilePrompt } = await import('./workspace-files');
const { WebRecovery } = await import('./web-recovery');
const { WebDocumentShell } = await import('./useWebDocument');
const { followDocument } = await import('./useDesktopShell');
const { newProject, openProjectText, saveDocument } = await import('./file-actions');
const { useProjectStore } = await import('../project/store');

/** localStorage as a Map, optionally refusing writes as a full one does. */
function memoryStorage(full = false) {
  const items = new Map<string, string>();
  return {
    items,
    get length() {
      return items.size;
    },
    key: (i: number) => [...items.keys()][i] ?? null,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (full) throw new DOMException('full', 'QuotaExceededError');
      items.set(k, v);
    },
    removeItem: (k: string) => void items.delete(k),
  };
}

/** The Save dialog's prompt, as the Host left it. */
function savePrompt() {
  const prompt = useFilePrompt.getState().prompt;
  if (prompt?.kind !== 'save') throw new Error(`expected the Save dialog, not ${prompt?.kind ?? 'none'}`);
  return prompt;
}

beforeEach(() => {
  vi.clearAllMocks();
  useFilePrompt.setState({ prompt: null });
});

describe('project file names', () => {
  it.each([
    ['mlp', 'mlp.nwproj'],
    ['  mlp.nwproj  ', 'mlp.nwproj'],
    ['MLP.NWPROJ', 'MLP.NWPROJ'],
    ['mlp.json', 'mlp.json'],
    ['mlp v2.final', 'mlp v2.final.nwproj'],
    ['mlp...', 'mlp.nwproj'],
    ['café über', 'café über.nwproj'],
  ])('%j is saved as %j', (typed, name) => {
    expect(checkProjectName(typed)).toEqual({ ok: true, name });
  });

  it.each([
    ['', 'Give the file a name.'],
    ['   ', 'Give the file a name.'],
    ['..', 'Give the file a name.'],
    ['../mlp', 'A file name cannot contain / or \\. To save in another folder, open it in the list above.'],
    ['models/mlp', 'A file name cannot contain / or \\. To save in another folder, open it in the list above.'],
    ['..\\mlp', 'A file name cannot contain / or \\. To save in another folder, open it in the list above.'],
    ['.hidden', 'A file name cannot start with a dot.'],
    ['a:b', 'A file name cannot contain :.'],
    ['what?', 'A file name cannot contain ?.'],
    ['nul\0byte', 'A file name cannot contain control characters.'],
    ['tab\there', 'A file name cannot contain control characters.'],
    ['x'.repeat(200), 'That name is too long: at most 200 characters.'],
  ])('%j is refused: %s', (typed, message) => {
    expect(checkProjectName(typed)).toEqual({ ok: false, message });
  });

  it('joins a folder and a name into a workspace path', () => {
    expect(joinPath('', 'mlp.nwproj')).toBe('mlp.nwproj');
    expect(joinPath('models/small', 'mlp.nwproj')).toBe('models/small/mlp.nwproj');
  });

  it('knows projects and ONNX models by their extension', () => {
    expect(['a.nwproj', 'a.JSON', 'a.onnx', 'a.csv', 'nwproj'].map(kindOfName)).toEqual(['project', 'project', 'onnx', null, null]);
  });
});

describe('workspace lists', () => {
  const entry = (name: string, kind: FileEntry['kind'], modified: number): FileEntry => ({ path: name, name, kind, size: 1, modified });

  it('put folders first by name, then files newest first, or by name', () => {
    const list = [entry('b.nwproj', 'file', 1), entry('runs', 'folder', 9), entry('a.onnx', 'file', 5), entry('data', 'folder', 1), entry('c.nwproj', 'file', 5)];
    expect(orderEntries(list, 'newest').map((e) => e.name)).toEqual(['data', 'runs', 'a.onnx', 'c.nwproj', 'b.nwproj']);
    expect(orderEntries(list, 'name').map((e) => e.name)).toEqual(['data', 'runs', 'a.onnx', 'b.nwproj', 'c.nwproj']);
  });
});

describe('saving into the workspace', () => {
  it('writes over the document’s own workspace file without asking', async () => {
    const saved = await saveToWorkspace({ name: 'mlp.nwproj', path: 'models/mlp.nwproj', text: '{}' });
    expect(files.save).toHaveBeenCalledWith('models/mlp.nwproj', '{}');
    expect(saved).toEqual({ name: 'mlp.nwproj', path: 'models/mlp.nwproj' });
    expect(useFilePrompt.getState().prompt).toBeNull();
  });

  it('asks where for a first save and for Save As, and writes nothing itself', async () => {
    const first = saveToWorkspace({ name: 'mlp.nwproj', text: '{}' });
    const prompt = savePrompt();
    expect(prompt.request).toMatchObject({ name: 'mlp.nwproj' });
    prompt.answer({ name: 'mine.nwproj', path: 'mine.nwproj' });
    expect(await first).toEqual({ name: 'mine.nwproj', path: 'mine.nwproj' });
    expect(useFilePrompt.getState().prompt).toBeNull();

    const again = saveToWorkspace({ name: 'mine.nwproj', path: 'mine.nwproj', text: '{}', saveAs: true });
    savePrompt().answer(null);
    expect(await again).toBeNull();
    expect(files.save).not.toHaveBeenCalled();
  });

  it('shows one dialog at a time: a second request while one is open is answered "cancelled"', async () => {
    const open = openFromWorkspace(['project', 'onnx']);
    const first = useFilePrompt.getState().prompt;
    expect(await saveToWorkspace({ name: 'mlp.nwproj', text: '{}' })).toBeNull();
    expect(useFilePrompt.getState().prompt).toBe(first);
    first!.answer(null);
    expect(await open).toBeNull();
  });

  it('the whole Save: the document gets its workspace path, and the next Save writes there silently', async () => {
    openProjectText('untitled.nwproj', serializeProject(newProject()), { saved: false });
    const hostFiles = await import('../host');
    expect(hostFiles.host.kind).toBe('web');
    const saving = saveDocument();
    savePrompt().answer({ name: 'first.nwproj', path: 'work/first.nwproj' });
    expect(await saving).toBe(true);
    useProjectStore.getState().setParam('input', 'shape', [3]);
    expect(await saveDocument()).toBe(true);
    expect(files.save).toHaveBeenCalledOnce();
    expect(files.save.mock.calls[0]).toEqual(['work/first.nwproj', expect.stringContaining('"shape": [\n')]);
  });

  it('a workspace project keeps its path; an ONNX model is read as bytes', async () => {
    files.open.mockResolvedValue('{"x":1}');
    files.openBytes.mockResolvedValue(Uint8Array.from([1, 2]));
    files.list.mockResolvedValue([]);
    const project = await readWorkspaceFile('models/mlp.nwproj', 'mlp.nwproj', 'project');
    expect(project).toMatchObject({ name: 'mlp.nwproj', kind: 'project', path: 'models/mlp.nwproj' });
    expect(project.weights).toBeUndefined();
    expect(new TextDecoder().decode(project.bytes)).toBe('{"x":1}');
    const model = await readWorkspaceFile('models/mlp.onnx', 'mlp.onnx', 'onnx');
    expect(model).toEqual({ name: 'mlp.onnx', kind: 'onnx', bytes: Uint8Array.from([1, 2]) });
    expect(files.openBytes).toHaveBeenCalledWith('models/mlp.onnx');
  });

  it('a project brings the weights beside it, and saving writes them there', async () => {
    files.open.mockResolvedValue('{"x":1}');
    files.list.mockResolvedValue([{ path: 'models/mlp.safetensors', name: 'mlp.safetensors', kind: 'file', size: 2, modified: 0 }]);
    files.openBytes.mockResolvedValue(Uint8Array.from([3, 4]));
    const project = await readWorkspaceFile('models/mlp.nwproj', 'mlp.nwproj', 'project');
    expect(files.list).toHaveBeenCalledWith('models');
    expect(project.weights).toEqual(Uint8Array.from([3, 4]));
    await saveToWorkspace({ name: 'mlp.nwproj', path: 'models/mlp.nwproj', text: '{}', weights: Uint8Array.from([5]) });
    expect(files.save).toHaveBeenCalledWith('models/mlp.nwproj', '{}');
    expect(files.saveBytes).toHaveBeenCalledWith('models/mlp.safetensors', Uint8Array.from([5]));
  });
});

describe('the autosaved copy in localStorage', () => {
  it('is offered to the next page, newest first, never to the page that wrote it', () => {
    const storage = memoryStorage();
    let clock = 100;
    const before = new WebRecovery(storage, 'a', () => clock);
    expect(before.write({ name: 'old.nwproj', text: 'old' })).toBe(true);
    clock = 200;
    const other = new WebRecovery(storage, 'b', () => clock);
    other.write({ name: 'new.nwproj', path: 'models/new.nwproj', text: 'new' });
    expect(other.newest()?.recovery.name).toBe('old.nwproj');

    const next = new WebRecovery(storage, 'c');
    const found = next.newest()!;
    expect(found.recovery).toEqual({ name: 'new.nwproj', path: 'models/new.nwproj', text: 'new', savedAt: 200 });
    next.remove(found);
    expect(next.newest()?.recovery.name).toBe('old.nwproj');
  });

  it('is cleared by the page that wrote it, and leaves other pages’ copies alone', () => {
    const storage = memoryStorage();
    new WebRecovery(storage, 'a').write({ name: 'a.nwproj', text: 'a' });
    const mine = new WebRecovery(storage, 'b');
    mine.write({ name: 'b.nwproj', text: 'b' });
    mine.clear();
    expect([...storage.items.keys()]).toEqual(['netwright.recovery.a']);
  });

  it('drops damaged copies instead of offering them, and ignores other keys', () => {
    const storage = memoryStorage();
    storage.items.set('netwright.recovery.x', '{not json');
    storage.items.set('netwright.recovery.y', JSON.stringify({ name: '../escape', text: 't', savedAt: 1 }));
    storage.items.set('netwright.theme', 'dark');
    expect(new WebRecovery(storage, 'z').newest()).toBeNull();
    expect([...storage.items.keys()]).toEqual(['netwright.theme']);
  });

  it('says when the browser refuses to keep it', () => {
    expect(new WebRecovery(memoryStorage(true), 'a').write({ name: 'a.nwproj', text: 'a' })).toBe(false);
  });
});

describe('following the document in web mode', () => {
  const PROJECT = serializeProject({ ...newProject(), name: 'Web', nodes: [{ id: 'input', type: 'Input', params: { shape: [3] }, position: { x: 0, y: 0 } }] });

  it('warns before leaving only with unsaved changes, autosaves them, and clears the copy once saved', async () => {
    vi.useFakeTimers();
    try {
      openProjectText('web.nwproj', PROJECT, { path: 'web.nwproj' });
      const storage = memoryStorage();
      const notices: string[] = [];
      const shell = new WebDocumentShell(new WebRecovery(storage, 'me', () => 7), (text) => notices.push(text));
      const follower = followDocument(shell, 1000);
      const leaving = () => {
        const event = { preventDefault: vi.fn(), returnValue: undefined as unknown };
        shell.beforeUnload(event as unknown as BeforeUnloadEvent);
        return event.preventDefault.mock.calls.length > 0;
      };
      expect(leaving()).toBe(false);

      useProjectStore.getState().setParam('input', 'shape', [4]);
      expect(leaving()).toBe(true);
      expect(storage.items.size).toBe(0);
      // The page goes before the autosave's pause is over: the copy is written at once.
      follower.flush();
      const copy = JSON.parse(storage.items.get('netwright.recovery.me')!) as { name: string; path: string; text: string; savedAt: number };
      expect(copy).toMatchObject({ name: 'web.nwproj', path: 'web.nwproj', savedAt: 7 });
      expect(copy.text).toContain('"shape": [\n');

      // Saved: nothing to warn about, and the copy goes.
      expect(await saveDocument()).toBe(true);
      expect(leaving()).toBe(false);
      expect(storage.items.size).toBe(0);

      // The pause after an edit also writes it, without a flush.
      useProjectStore.getState().setParam('input', 'shape', [5]);
      vi.advanceTimersByTime(1000);
      expect(storage.items.size).toBe(1);
      follower.stop();
      expect(notices).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says once, in words, when the copy cannot be kept', () => {
    openProjectText('web.nwproj', PROJECT, { saved: false });
    const notices: string[] = [];
    const shell = new WebDocumentShell(new WebRecovery(memoryStorage(true), 'me'), (text) => notices.push(text));
    const follower = followDocument(shell, 1000);
    follower.flush();
    useProjectStore.getState().setParam('input', 'shape', [6]);
    follower.flush();
    follower.stop();
    expect(notices).toEqual(['This browser does not let Netwright keep a copy of unsaved work (its storage is full or turned off). Save the project to keep it safe.']);
  });
});
