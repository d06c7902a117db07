/**
 * The desktop's import: what the native dialog chose is read into the same
 * upload the browser sends (hidden entries and links left out, too much data
 * refused before a byte is read), then copied into the workspace.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

const { importChosenData, readChosenData } = await import('./data-import');

function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'chosen-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const listed = (upload: { files: readonly { path: string; bytes: Uint8Array }[] }) => upload.files.map((f) => [f.path, new TextDecoder().decode(f.bytes)]);

describe('importing data on the desktop', () => {
  it("reads a chosen folder's files by their paths inside it, leaving out hidden entries and links", async () => {
    const root = folder({ 'cats/1.png': 'c1', 'dogs/b/2.png': 'd2', '.git/config': 'x', 'dogs/.DS_Store': 'x' });
    symlinkSync(tmpdir(), join(root, 'elsewhere'));
    const upload = await readChosenData('folder', [root], '/workspace');
    expect(upload).toMatchObject({ kind: 'folder', name: root.split('/').at(-1) });
    expect(listed(upload)).toEqual([['cats/1.png', 'c1'], ['dogs/b/2.png', 'd2']]);
  });

  it('reads chosen files by their names', async () => {
    const root = folder({ 'x_train.npy': 'x', 'y_train.npy': 'y' });
    const upload = await readChosenData('files', [join(root, 'x_train.npy'), join(root, 'y_train.npy')], '/workspace');
    expect(upload.kind).toBe('files');
    expect(listed(upload)).toEqual([['x_train.npy', 'x'], ['y_train.npy', 'y']]);
  });

  it('refuses too much data, saying how to bring it in instead', async () => {
    const root = folder({ 'a/1.png': '12345', 'b/2.png': '678' });
    await expect(readChosenData('folder', [root], '/home/ada/Documents', 7)).rejects.toThrow(/is 0\.0 MB, more than the 0\.0 MB Netwright imports at once\. Copy it into the workspace folder \(\/home\/ada\/Documents\) yourself/);
    await expect(readChosenData('folder', [root], '/home/ada/Documents', 8)).resolves.toMatchObject({ kind: 'folder' });
  });

  it('copies what the dialog chose, or does nothing when it was cancelled', async () => {
    const root = folder({ 'iris.csv': 'a,b\n1,2\n' });
    const shell = { workspace: '/workspace', choose: vi.fn(() => Promise.resolve([join(root, 'iris.csv')])), importData: vi.fn(() => Promise.resolve({ name: 'iris', path: 'data/iris.csv' })) };
    expect(await importChosenData(null, 'files', shell)).toEqual({ name: 'iris', path: 'data/iris.csv' });
    expect(shell.choose).toHaveBeenCalledWith(null, 'files');
    expect(shell.importData).toHaveBeenCalledExactlyOnceWith({ kind: 'files', files: [{ path: 'iris.csv', bytes: expect.any(Uint8Array) }] });
    shell.choose.mockResolvedValueOnce(null as never);
    expect(await importChosenData(null, 'files', shell)).toBeNull();
    expect(shell.importData).toHaveBeenCalledOnce();
  });
});
