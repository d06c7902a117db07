/**
 * Files on disk: opening through the dialog, saving over a granted file and
 * never an arbitrary one, Save As, atomic writes, Open Recent's list, and the
 * autosave copy used for crash recovery. Real files in a temporary folder;
 * only the dialogs are stand-ins.
 */
import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

vi.mock('electron', () => ({ dialog: {} }));

const { Autosave } = await import('./autosave');
const { DocumentFiles, FileAccessError, withProjectExtension } = await import('./document-files');
const { RECENT_LIMIT, RecentFiles } = await import('./recent-files');
const { saveFilters } = await import('./dialogs');
type FileDialogs = import('./dialogs').FileDialogs;

let dir: string;
let dialogs: { chooseOpen: Mock<FileDialogs['chooseOpen']>; chooseSave: Mock<FileDialogs['chooseSave']> };
let recent: InstanceType<typeof RecentFiles>;
let files: InstanceType<typeof DocumentFiles>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'netwright-files-'));
  dialogs = { chooseOpen: vi.fn<FileDialogs['chooseOpen']>(), chooseSave: vi.fn<FileDialogs['chooseSave']>() };
  recent = new RecentFiles(join(dir, 'recent.json'));
  await recent.load();
  files = new DocumentFiles(recent, dialogs);
});

describe('opening', () => {
  it('reads the file the dialog chose, as a project, and remembers it', async () => {
    const path = join(dir, 'mlp.nwproj');
    writeFileSync(path, '{"format":"netwright"}');
    dialogs.chooseOpen.mockResolvedValue(path);
    const opened = await files.open(null, ['project', 'onnx']);
    expect(dialogs.chooseOpen).toHaveBeenCalledWith(null, ['project', 'onnx']);
    expect(opened).toMatchObject({ name: 'mlp.nwproj', path, kind: 'project' });
    expect(new TextDecoder().decode(opened!.bytes)).toBe('{"format":"netwright"}');
    expect(recent.list()).toEqual([path]);
    expect(files.isGranted(path)).toBe(true);
  });

  it('reads ONNX models as bytes, without adding them to Open Recent', async () => {
    const path = join(dir, 'net.onnx');
    writeFileSync(path, Uint8Array.from([8, 8]));
    dialogs.chooseOpen.mockResolvedValue(path);
    expect(await files.open(null, ['onnx'])).toMatchObject({ kind: 'onnx', bytes: Uint8Array.from([8, 8]) });
    expect(recent.list()).toEqual([]);
  });

  it('gives null when the dialog is cancelled', async () => {
    dialogs.chooseOpen.mockResolvedValue(null);
    expect(await files.open(null, ['project'])).toBeNull();
  });

  it.each([['notes.txt', /neither a Netwright project/], ['missing.nwproj', /no such file/]])('refuses %s', async (name, message) => {
    await expect(files.read(join(dir, name))).rejects.toThrow(message);
  });
});

describe('saving', () => {
  it('Save As asks where, adds .nwproj when the name has none, writes the text and grants the path', async () => {
    dialogs.chooseSave.mockResolvedValue(join(dir, 'my model'));
    const saved = await files.saveProject(null, { name: 'xor.nwproj', text: '{"a":1}\n' });
    expect(dialogs.chooseSave).toHaveBeenCalledWith(null, 'xor.nwproj', undefined);
    expect(saved).toEqual({ name: 'my model.nwproj', path: join(dir, 'my model.nwproj') });
    expect(readFileSync(join(dir, 'my model.nwproj'), 'utf8')).toBe('{"a":1}\n');
    expect(recent.list()).toEqual([join(dir, 'my model.nwproj')]);
    // Nothing half-written is left beside it.
    expect(readdirSync(dir).sort()).toEqual(['my model.nwproj', 'recent.json']);
  });

  it('Save writes over a granted file without asking', async () => {
    const path = join(dir, 'a.nwproj');
    writeFileSync(path, 'old');
    files.grant(path);
    expect(await files.saveProject(null, { name: 'a.nwproj', text: 'new', path })).toEqual({ name: 'a.nwproj', path });
    expect(dialogs.chooseSave).not.toHaveBeenCalled();
    expect(readFileSync(path, 'utf8')).toBe('new');
  });

  it('refuses to write a path main never handed out', async () => {
    const path = join(dir, 'victim.txt');
    writeFileSync(path, 'keep me');
    await expect(files.saveProject(null, { name: 'x.nwproj', text: 'evil', path })).rejects.toThrow(FileAccessError);
    expect(readFileSync(path, 'utf8')).toBe('keep me');
  });

  it('Save As with a path asks anyway, starting in that folder', async () => {
    const path = join(dir, 'a.nwproj');
    files.grant(path);
    dialogs.chooseSave.mockResolvedValue(null);
    expect(await files.saveProject(null, { name: 'a.nwproj', text: 'x', path, saveAs: true })).toBeNull();
    expect(dialogs.chooseSave).toHaveBeenCalledWith(null, 'a.nwproj', dir);
  });

  it('writes the weights the page sends beside the project, as PROJECT.safetensors, and reads them back with it', async () => {
    dialogs.chooseSave.mockResolvedValue(join(dir, 'xor.nwproj'));
    const weights = Uint8Array.from([1, 2, 3, 250]);
    await files.saveProject(null, { name: 'xor.nwproj', text: '{}', weights });
    expect(readdirSync(dir).sort()).toEqual(['recent.json', 'xor.nwproj', 'xor.safetensors']);
    expect(new Uint8Array(readFileSync(join(dir, 'xor.safetensors')))).toEqual(weights);
    expect(await files.read(join(dir, 'xor.nwproj'))).toMatchObject({ kind: 'project', weights });
  });

  it('a project without weights beside it opens without them, and saving without weights writes none', async () => {
    dialogs.chooseSave.mockResolvedValue(join(dir, 'plain.nwproj'));
    await files.saveProject(null, { name: 'plain.nwproj', text: '{}' });
    expect(readdirSync(dir).sort()).toEqual(['plain.nwproj', 'recent.json']);
    expect((await files.read(join(dir, 'plain.nwproj'))).weights).toBeUndefined();
  });

  it('a refused save writes no weights either', async () => {
    const path = join(dir, 'victim.nwproj');
    await expect(files.saveProject(null, { name: 'x.nwproj', text: 'evil', path, weights: Uint8Array.from([1]) })).rejects.toThrow(FileAccessError);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('exports go through the Save dialog, bytes intact', async () => {
    dialogs.chooseSave.mockResolvedValueOnce(join(dir, 'm.onnx')).mockResolvedValueOnce(null);
    expect(await files.saveFile(null, { name: 'm.onnx', bytes: Uint8Array.from([1, 2, 3]), type: 'application/octet-stream' })).toBe(true);
    expect([...readFileSync(join(dir, 'm.onnx'))]).toEqual([1, 2, 3]);
    expect(await files.saveFile(null, { name: 'm.onnx', bytes: Uint8Array.from([4]), type: 'application/octet-stream' })).toBe(false);
  });

  it('adds .nwproj only when there is no extension', () => {
    expect(withProjectExtension('/a/b')).toBe('/a/b.nwproj');
    expect(withProjectExtension('/a/b.nwproj')).toBe('/a/b.nwproj');
    expect(withProjectExtension('/a/b.json')).toBe('/a/b.json');
  });

  it('offers a filter matching the suggested file', () => {
    expect(saveFilters('m.onnx')[0]).toEqual({ name: 'ONNX models', extensions: ['onnx'] });
    expect(saveFilters('m-pytorch.zip')[0]!.extensions).toEqual(['zip']);
    expect(saveFilters('m.bin')).toEqual([{ name: 'All files', extensions: ['*'] }]);
  });
});

describe('Open Recent', () => {
  it('keeps the newest first, without duplicates, at most RECENT_LIMIT, across restarts', async () => {
    for (let i = 0; i < RECENT_LIMIT + 3; i++) await recent.add(join(dir, `${i}.nwproj`));
    await recent.add(join(dir, '5.nwproj'));
    const again = new RecentFiles(join(dir, 'recent.json'));
    await again.load();
    expect(again.list()).toHaveLength(RECENT_LIMIT);
    expect(again.list()[0]).toBe(join(dir, '5.nwproj'));
    expect(new Set(again.list()).size).toBe(RECENT_LIMIT);
    expect(again.has(join(dir, '0.nwproj'))).toBe(false);
  });

  it('reads a damaged list as empty', async () => {
    writeFileSync(join(dir, 'bad.json'), '{"not": "a list"');
    const list = new RecentFiles(join(dir, 'bad.json'));
    await list.load();
    expect(list.list()).toEqual([]);
  });

  it('tells listeners about changes, so the menu follows', async () => {
    const listener = vi.fn();
    recent.onChange(listener);
    await recent.add(join(dir, 'a.nwproj'));
    await recent.clear();
    expect(listener).toHaveBeenCalledTimes(2);
    expect(recent.list()).toEqual([]);
  });
});

describe('autosave', () => {
  it('writes a copy with the time, reads it back, and deletes it', async () => {
    const autosave = new Autosave(join(dir, 'autosave.json'), () => 1234);
    expect(await autosave.read()).toBeNull();
    await autosave.write({ name: 'a.nwproj', path: '/x/a.nwproj', text: '{}' });
    expect(await autosave.read()).toEqual({ name: 'a.nwproj', path: '/x/a.nwproj', text: '{}', savedAt: 1234 });
    await autosave.clear();
    expect(await autosave.read()).toBeNull();
    await autosave.clear();
  });

  it.each(['{"name": "a.nwproj"', '{"name": "a.nwproj", "text": "{}"}', '[1,2]'])('does not offer a damaged copy: %s', async (text) => {
    writeFileSync(join(dir, 'autosave.json'), text);
    expect(await new Autosave(join(dir, 'autosave.json')).read()).toBeNull();
  });
});
