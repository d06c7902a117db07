/**
 * The names and paths of files in the workspace folder, as the web's Save and
 * Open dialogs use them. Paths are relative to the workspace with '/'
 * separators (FileService); the server refuses any that would leave it, and
 * these checks say so earlier, in words, as the person types.
 */
import { EXTENSIONS } from './browser-files';

export type NameCheck = { readonly ok: true; readonly name: string } | { readonly ok: false; readonly message: string };

/** Characters Windows forbids in names: a project saved here should copy anywhere. */
const FORBIDDEN = /[<>:"|?*]/;

/** NUL, tabs, line breaks and the other control characters. */
const hasControl = (name: string) => [...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

const MAX_NAME = 200;

/** A name for a file or folder from what the person typed: trimmed, or refused with a reason a person can act on. */
function checkName(typed: string, what: 'file' | 'folder'): NameCheck {
  // Windows drops trailing dots and spaces; so do we, so that the name saved is the name shown.
  const name = typed.trim().replace(/[. ]+$/, '');
  const A = what === 'file' ? 'A file name' : 'A folder name';
  if (!name) return { ok: false, message: `Give the ${what} a name.` };
  if (/[/\\]/.test(name)) return { ok: false, message: `${A} cannot contain / or \\. To ${what === 'file' ? 'save' : 'make it'} in another folder, open it in the list above.` };
  if (name.startsWith('.')) return { ok: false, message: `${A} cannot start with a dot.` };
  if (hasControl(name)) return { ok: false, message: `${A} cannot contain control characters.` };
  const bad = FORBIDDEN.exec(name);
  if (bad) return { ok: false, message: `${A} cannot contain ${bad[0]}.` };
  if (name.length > MAX_NAME) return { ok: false, message: `That name is too long: at most ${MAX_NAME} characters.` };
  return { ok: true, name };
}

/**
 * A project file name from what the person typed: trimmed, given ".nwproj"
 * unless it already ends in a project extension, and refused with a reason
 * when it is empty, names a folder, starts with a dot or has characters
 * some systems forbid.
 */
export function checkProjectName(typed: string): NameCheck {
  const checked = checkName(typed, 'file');
  if (!checked.ok) return checked;
  const full = EXTENSIONS.project.some((ext) => checked.name.toLowerCase().endsWith(ext)) ? checked.name : `${checked.name}${EXTENSIONS.project[0]}`;
  if (full.length > MAX_NAME) return { ok: false, message: `That name is too long: at most ${MAX_NAME} characters.` };
  return { ok: true, name: full };
}

/** A new folder's name, by the same rules as a file's. */
export const checkFolderName = (typed: string): NameCheck => checkName(typed, 'folder');

/** "models" + "mlp.nwproj" → "models/mlp.nwproj"; the workspace itself is "". */
export function joinPath(folder: string, name: string): string {
  return folder ? `${folder.replace(/\/+$/, '')}/${name}` : name;
}

/** Hidden files and folders (.git, .cache) are not shown in the workspace's lists. */
export function isHidden(name: string): boolean {
  return name.startsWith('.');
}
