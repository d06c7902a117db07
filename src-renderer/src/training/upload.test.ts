import { describe, expect, it, vi } from 'vitest';
import { readUpload, uploadSummary, type PickedFile } from './upload';

function file(webkitRelativePath: string, text: string, name = webkitRelativePath.split('/').at(-1)!): PickedFile & { read: ReturnType<typeof vi.fn> } {
  const bytes = new TextEncoder().encode(text);
  const read = vi.fn(() => Promise.resolve(bytes.buffer));
  return { name, size: bytes.length, webkitRelativePath, arrayBuffer: read, read };
}

const decoded = (b: Uint8Array) => new TextDecoder().decode(b);

describe('uploads from the browser', () => {
  it('sends picked files by their names', async () => {
    const upload = await readUpload('files', [file('', 'x', 'x.npy'), file('', 'yy', 'y.npy')]);
    expect(upload?.kind).toBe('files');
    expect(upload?.files.map((f) => [f.path, decoded(f.bytes)])).toEqual([['x.npy', 'x'], ['y.npy', 'yy']]);
  });

  it("sends a folder's files by their paths inside it, under the folder's name", async () => {
    const upload = await readUpload('folder', [file('shapes/circle/1.png', 'a'), file('shapes/square/2.png', 'b'), file('shapes/notes.txt', 'c')]);
    expect(upload).toMatchObject({ kind: 'folder', name: 'shapes' });
    expect(upload?.files.map((f) => f.path)).toEqual(['circle/1.png', 'square/2.png', 'notes.txt']);
  });

  it('answers null when nothing was picked', async () => {
    expect(await readUpload('folder', [])).toBeNull();
  });

  it('refuses too much data before reading any of it', async () => {
    const picked = [file('big/a/1.png', '12345'), file('big/a/2.png', '678')];
    await expect(readUpload('folder', picked, 7)).rejects.toThrow(/The chosen folder holds 8\.00 B, more than the 7\.00 B Netwright imports at once\. Copy the data into Netwright's workspace folder yourself/);
    for (const f of picked) expect(f.read).not.toHaveBeenCalled();
    await expect(readUpload('folder', picked, 8)).resolves.not.toBeNull();
  });

  it('sums up what is being copied', () => {
    expect(uploadSummary([file('', 'x'.repeat(2048), 'a.csv')])).toBe('1 file, 2.00 KB');
    expect(uploadSummary([file('', 'x', 'a.npy'), file('', 'y', 'b.npy')])).toBe('2 files, 2.00 B');
  });
});
