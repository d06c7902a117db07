/**
 * What the browser itself offers for files, with no server: a download
 * through a temporary link, and the file picker through a temporary
 * <input type="file">. Web mode's Host uses them for exports, for "Download
 * a copy" and for "From this computer…" in the Open dialog.
 */
import type { OpenKind } from '../../../shared/ipc/bridge';
import type { HostFile } from '../host';

/** The extensions each kind of file may have; the first is the one a saved file gets. */
export const EXTENSIONS: Readonly<Record<OpenKind, readonly string[]>> = { project: ['.nwproj', '.json'], onnx: ['.onnx'] };

/** What a file is by its name: a project (.nwproj, .json), an ONNX model, or neither. */
export function kindOfName(name: string): OpenKind | null {
  const lower = name.toLowerCase();
  return (Object.keys(EXTENSIONS) as OpenKind[]).find((k) => EXTENSIONS[k].some((ext) => lower.endsWith(ext))) ?? null;
}

/** The media type a downloaded project gets. */
export const PROJECT_TYPE = 'application/x-netwright-project';

export function download(name: string, bytes: Uint8Array, type: string): Promise<boolean> {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by now; the URL is only needed until then.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return Promise.resolve(true);
}

/** "Download a copy": the project's text as a .nwproj download. */
export function downloadProject(name: string, text: string): Promise<boolean> {
  return download(name, new TextEncoder().encode(text), PROJECT_TYPE);
}

/**
 * The browser's file picker. `within` is where the hidden input goes: inside
 * an open modal dialog, since the page behind one is inert.
 */
export function pickFile(kinds: readonly OpenKind[], within: HTMLElement = document.body): Promise<HostFile | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = kinds.flatMap((k) => EXTENSIONS[k]).join(',');
    input.style.display = 'none';
    input.dataset['testid'] = 'file-picker';
    const done = (file: HostFile | null) => {
      input.remove();
      resolve(file);
    };
    input.addEventListener('cancel', () => done(null));
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (!file) return done(null);
      void file.arrayBuffer().then(
        (buffer) => done({ name: file.name, kind: kindOfName(file.name) ?? kinds[0]!, bytes: new Uint8Array(buffer) }),
        () => done(null),
      );
    });
    within.append(input);
    input.click();
  });
}
