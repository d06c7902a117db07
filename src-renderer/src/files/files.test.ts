/**
 * Opening and saving from the page's side, with the Host stood in for: which
 * file each document belongs to, when it has unsaved changes (undo back to
 * the saved state counts as saved), what Save sends, the autosave the desktop
 * keeps for crash recovery, and where menu commands go.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { loadProject, serializeProject } from '../../../shared/graph';
import type { DesktopShell, Host } from '../host';

const fakeHost = await vi.hoisted(async () => (await import('./fake-host')).fakeHost());
vi.mock('../host', () => ({ host: fakeHost }));

const { useProjectStore } = await import('../project/store');
const { useViewStore } = await import('../views/store');
const { useEditorStore } = await import('../editor/store');
const { currentFile, isDirty } = await import('./document-store');
const { importOnnxBytes, newProject, openFromHost, openNewProject, openProjectText, saveDocument } = await import('./file-actions');
const { followDocument } = await import('./useDesktopShell');
const { runMenuCommand } = await import('./menu-commands');

const host = fakeHost as unknown as { [K in keyof Host]: ReturnType<typeof vi.fn> };
const dirty = () => isDirty(useProjectStore.getState().project, currentFile());
const store = () => useProjectStore.getState();

const PROJECT = serializeProject({ ...newProject(), name: 'Mine', nodes: [{ id: 'input', type: 'Input', params: { shape: [3] }, position: { x: 0, y: 0 } }, { id: 'd', type: 'Dense', params: { units: 2 }, position: { x: 0, y: 100 } }], edges: [{ id: 'e', source: 'input', target: 'd' }] });

beforeEach(() => {
  vi.clearAllMocks();
  useEditorStore.getState().notify(null);
});

describe('documents and their files', () => {
  it('a template opens clean, named after the project, with no file yet', () => {
    expect(currentFile()).toMatchObject({ name: 'xor-why-we-need-hidden-layers.nwproj' });
    expect(currentFile().path).toBeUndefined();
    expect(dirty()).toBe(false);
  });

  it('an edit makes it unsaved; undoing the edit makes it saved again', () => {
    store().setParam('hidden', 'units', 3);
    expect(dirty()).toBe(true);
    store().undo();
    expect(dirty()).toBe(false);
  });

  it('opening a project file names the document after it and keeps where it came from', () => {
    expect(openProjectText('mine.nwproj', PROJECT, { path: '/home/ada/mine.nwproj' })).toBe(true);
    expect(currentFile()).toMatchObject({ name: 'mine.nwproj', path: '/home/ada/mine.nwproj' });
    expect(store().project!.name).toBe('Mine');
    expect(dirty()).toBe(false);
    expect(useViewStore.getState().view).toBe('design');
    // Undo brings back the previous document and its own file.
    store().undo();
    expect(currentFile().name).toBe('xor-why-we-need-hidden-layers.nwproj');
    store().redo();
    expect(currentFile().path).toBe('/home/ada/mine.nwproj');
  });

  it('a file that does not load keeps the open project, and says why', () => {
    const before = store().project;
    expect(openProjectText('bad.nwproj', '{"format": "nope"}')).toBe(false);
    expect(store().project).toBe(before);
    expect(useEditorStore.getState().notice).toMatchObject({ kind: 'error', text: expect.stringContaining('bad.nwproj could not be opened') });
  });

  it('recovered work opens as unsaved', () => {
    openProjectText('mine.nwproj', PROJECT, { path: '/home/ada/mine.nwproj', saved: false });
    expect(dirty()).toBe(true);
  });

  it('New opens an empty, clean project with one input', () => {
    openNewProject();
    expect(store().project!.nodes.map((n) => n.type)).toEqual(['Input']);
    expect(currentFile()).toMatchObject({ name: 'untitled.nwproj' });
    expect(dirty()).toBe(false);
  });
});

describe('saving', () => {
  it('sends the project text, its name and its path, and is clean afterwards', async () => {
    openProjectText('mine.nwproj', PROJECT, { path: '/home/ada/mine.nwproj' });
    store().setParam('d', 'units', 5);
    host.saveProject.mockResolvedValue({ name: 'mine.nwproj', path: '/home/ada/mine.nwproj' });
    expect(await saveDocument()).toBe(true);
    const request = host.saveProject.mock.calls[0]![0];
    expect(request).toMatchObject({ name: 'mine.nwproj', path: '/home/ada/mine.nwproj' });
    expect(request.saveAs).toBeUndefined();
    const saved = loadProject(request.text);
    expect(saved.ok && saved.project.nodes.find((n) => n.id === 'd')!.params['units']).toBe(5);
    expect(dirty()).toBe(false);
  });

  it('Save As asks for a new place and the document moves there', async () => {
    openProjectText('mine.nwproj', PROJECT, { path: '/home/ada/mine.nwproj' });
    host.saveProject.mockResolvedValue({ name: 'copy.nwproj', path: '/tmp/copy.nwproj' });
    await saveDocument({ saveAs: true });
    expect(host.saveProject.mock.calls[0]![0]).toMatchObject({ saveAs: true });
    expect(currentFile()).toMatchObject({ name: 'copy.nwproj', path: '/tmp/copy.nwproj' });
  });

  it('a cancelled dialog leaves the work unsaved; a failed write says so', async () => {
    openProjectText('mine.nwproj', PROJECT, { saved: false });
    host.saveProject.mockResolvedValueOnce(null).mockRejectedValueOnce(new Error('disk full'));
    expect(await saveDocument()).toBe(false);
    expect(dirty()).toBe(true);
    expect(await saveDocument()).toBe(false);
    expect(useEditorStore.getState().notice?.text).toBe('mine.nwproj could not be saved: disk full');
  });

  it('edits made while the Save dialog was open stay unsaved', async () => {
    openProjectText('mine.nwproj', PROJECT);
    let answer!: (v: unknown) => void;
    host.saveProject.mockReturnValue(new Promise((r) => (answer = r)));
    const saving = saveDocument();
    store().setParam('d', 'units', 7);
    answer({ name: 'mine.nwproj' });
    await saving;
    expect(dirty()).toBe(true);
  });
});

describe('opening through the Host', () => {
  it('opens a project the picker gave', async () => {
    host.openFile.mockResolvedValue({ name: 'mine.nwproj', kind: 'project', bytes: new TextEncoder().encode(PROJECT) });
    expect(await openFromHost()).toBe(true);
    expect(host.openFile).toHaveBeenCalledWith(['project', 'onnx']);
    expect(store().project!.name).toBe('Mine');
  });

  it('does nothing when the picker is cancelled', async () => {
    const before = store().project;
    host.openFile.mockResolvedValue(null);
    expect(await openFromHost()).toBe(false);
    expect(store().project).toBe(before);
  });

  it('an ONNX file that is not ONNX is refused with a reason', async () => {
    expect(await importOnnxBytes('junk.onnx', Uint8Array.from([1, 2, 3, 4]))).toBe(false);
    expect(useEditorStore.getState().notice?.text).toMatch(/^junk\.onnx could not be imported: /);
  });
});

describe('the desktop: document state and autosave', () => {
  function shell() {
    return { setDocument: vi.fn<DesktopShell['setDocument']>(() => Promise.resolve()), autosave: vi.fn<DesktopShell['autosave']>(() => Promise.resolve()) };
  }

  it('reports the title and unsaved state as they change, and autosaves unsaved work after a pause', () => {
    vi.useFakeTimers();
    try {
      openProjectText('mine.nwproj', PROJECT, { path: '/home/ada/mine.nwproj' });
      const s = shell();
      const { stop } = followDocument(s, 1000);
      expect(s.setDocument).toHaveBeenLastCalledWith({ title: 'mine.nwproj', dirty: false });
      store().setParam('d', 'units', 4);
      store().setParam('d', 'units', 6);
      expect(s.setDocument).toHaveBeenLastCalledWith({ title: 'mine.nwproj', dirty: true });
      expect(s.setDocument).toHaveBeenCalledTimes(2);
      vi.advanceTimersByTime(999);
      expect(s.autosave).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(s.autosave).toHaveBeenCalledOnce();
      const copy = s.autosave.mock.calls[0]![0]!;
      expect(copy).toMatchObject({ name: 'mine.nwproj', path: '/home/ada/mine.nwproj' });
      const reread = loadProject(copy.text);
      expect(reread.ok && reread.project.nodes[1]!.params['units']).toBe(6);
      // Back to the saved state: clean, and the copy is deleted.
      store().undo();
      expect(s.setDocument).toHaveBeenLastCalledWith({ title: 'mine.nwproj', dirty: false });
      expect(s.autosave).toHaveBeenLastCalledWith(null);
      stop();
      store().setParam('d', 'units', 9);
      vi.advanceTimersByTime(5000);
      expect(s.autosave).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('menu commands', () => {
  const editText = vi.fn<DesktopShell['editText']>(() => Promise.resolve());

  it.each([['showCode', 'code'], ['showTrain', 'train'], ['showEvaluate', 'evaluate'], ['showDesign', 'design']] as const)('%s shows the %s view', (command, view) => {
    runMenuCommand({ command }, { editText });
    expect(useViewStore.getState().view).toBe(view);
  });

  it('Undo and Redo act on the layers when no text field has the focus', () => {
    openProjectText('mine.nwproj', PROJECT);
    store().setParam('d', 'units', 8);
    runMenuCommand({ command: 'undo' }, { editText });
    expect(store().project!.nodes[1]!.params['units']).toBe(2);
    runMenuCommand({ command: 'redo' }, { editText });
    expect(store().project!.nodes[1]!.params['units']).toBe(8);
    expect(editText).not.toHaveBeenCalled();
  });

  it('Save and Import ONNX go to the Host', () => {
    host.saveProject.mockResolvedValue(null);
    host.openFile.mockResolvedValue(null);
    runMenuCommand({ command: 'save' }, { editText });
    runMenuCommand({ command: 'importOnnx' }, { editText });
    expect(host.saveProject).toHaveBeenCalledOnce();
    expect(host.openFile).toHaveBeenCalledWith(['onnx']);
  });
});

describe('errors from main', () => {
  it('reach the person without Electron’s "Error invoking remote method" prefix', async () => {
    const { withoutIpcPrefix } = await vi.importActual<typeof import('../host')>('../host');
    const cleaned = withoutIpcPrefix(new Error("Error invoking remote method 'netwright:save-project': FileAccessError: Refused to write /etc/passwd: Netwright did not open or save that file."));
    expect(cleaned.message).toBe('Refused to write /etc/passwd: Netwright did not open or save that file.');
    expect(cleaned.name).toBe('FileAccessError');
    const plain = new Error('disk full');
    expect(withoutIpcPrefix(plain)).toBe(plain);
  });
});
