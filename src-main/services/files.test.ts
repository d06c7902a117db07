/**
 * The FileService on a scratch workspace: binary files open byte for byte,
 * paths that would leave the workspace are refused before anything is read,
 * and files over the size limit are refused with their size in words.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileService } from './files';

let root: string;
let workspace: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'netwright-files-'));
  workspace = join(root, 'workspace');
  await mkdir(join(workspace, 'models'), { recursive: true });
  await writeFile(join(root, 'secret.onnx'), Uint8Array.from([9, 9, 9]));
});

afterEach(() => rm(root, { recursive: true, force: true }));

describe('openBytes', () => {
  it('gives a file’s bytes exactly, with nothing around them', async () => {
    const bytes = Uint8Array.from([0, 1, 2, 255, 128, 0]);
    await writeFile(join(workspace, 'models', 'mlp.onnx'), bytes);
    const opened = await createFileService({ workspace }).openBytes('models/mlp.onnx');
    expect(opened).toBeInstanceOf(Uint8Array);
    expect([...opened]).toEqual([...bytes]);
    expect(opened.byteLength).toBe(6);
  });

  it.each([
    ['a parent folder', '../secret.onnx'],
    ['a parent folder, deeper', 'models/../../secret.onnx'],
    ['backslashes', '..\\secret.onnx'],
  ])('refuses a path through %s', async (_, path) => {
    await expect(createFileService({ workspace }).openBytes(path)).rejects.toMatchObject({ name: 'FileServiceError', message: `"${path}" is outside the workspace folder.` });
  });

  it('refuses a NUL in the name, a folder and a missing file, saying which', async () => {
    const files = createFileService({ workspace });
    await expect(files.openBytes('models/a\0.onnx')).rejects.toThrow('That is not a file name.');
    await expect(files.openBytes('models')).rejects.toThrow('"models" is not a file.');
    await expect(files.openBytes('models/none.onnx')).rejects.toThrow('"models/none.onnx" cannot be opened (ENOENT).');
  });

  it('reads an absolute path as one inside the workspace, never the real one', async () => {
    await writeFile(join(workspace, 'secret.onnx'), Uint8Array.from([1]));
    expect([...(await createFileService({ workspace }).openBytes('/secret.onnx'))]).toEqual([1]);
  });

  it('refuses a file over the limit, and opens one at it', async () => {
    await writeFile(join(workspace, 'big.onnx'), new Uint8Array(3_000_000));
    await writeFile(join(workspace, 'fits.onnx'), new Uint8Array(2_000_000));
    const files = createFileService({ workspace, maxBytes: 2_000_000 });
    await expect(files.openBytes('big.onnx')).rejects.toThrow('"big.onnx" is too large to open here (3 MB; at most 2 MB).');
    expect((await files.openBytes('fits.onnx')).byteLength).toBe(2_000_000);
  });

  it('text has its own, smaller limit', async () => {
    await writeFile(join(workspace, 'big.nwproj'), 'x'.repeat(1_500_000));
    const files = createFileService({ workspace, maxTextBytes: 1_000_000 });
    await expect(files.open('big.nwproj')).rejects.toThrow(/too large to open here \(2 MB; at most 1 MB\)/);
    expect((await files.openBytes('big.nwproj')).byteLength).toBe(1_500_000);
  });
});

describe('saveBytes', () => {
  it('writes bytes exactly, creating the folder, and reads them back', async () => {
    const files = createFileService({ workspace });
    const bytes = Uint8Array.from([7, 0, 255, 1]);
    await files.saveBytes('models/new/mlp.safetensors', bytes.subarray(1, 3));
    expect([...(await files.openBytes('models/new/mlp.safetensors'))]).toEqual([0, 255]);
  });

  it('refuses paths out of the workspace, the workspace itself, text, and files over the limit', async () => {
    const files = createFileService({ workspace, maxBytes: 10 });
    await expect(files.saveBytes('../secret.safetensors', new Uint8Array(1))).rejects.toThrow('"../secret.safetensors" is outside the workspace folder.');
    await expect(files.saveBytes('', new Uint8Array(1))).rejects.toThrow('Give the file a name.');
    await expect(files.saveBytes('a.safetensors', 'text' as unknown as Uint8Array)).rejects.toThrow('Only bytes can be saved.');
    await expect(files.saveBytes('a.safetensors', new Uint8Array(11))).rejects.toThrow('"a.safetensors" is 11 bytes, more than the 10 bytes the workspace takes at once.');
  });
});

describe('makeFolder', () => {
  it('makes nested folders, is content when one exists, and refuses a file\'s name or a path out of the workspace', async () => {
    const files = createFileService({ workspace });
    await files.makeFolder('models/new/deeper');
    await files.makeFolder('models/new');
    expect((await files.list('models/new')).map((e) => [e.name, e.kind])).toEqual([['deeper', 'folder']]);
    await writeFile(join(workspace, 'models', 'mlp.nwproj'), '{}');
    await expect(files.makeFolder('models/mlp.nwproj')).rejects.toThrow('There is a file named "models/mlp.nwproj" already.');
    await expect(files.makeFolder('../out')).rejects.toThrow('"../out" is outside the workspace folder.');
    await expect(files.makeFolder('')).rejects.toThrow('Give the folder a name.');
  });
});
