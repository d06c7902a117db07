/**
 * The page's half of the desktop shell, mounted once by App: it carries out
 * menu commands, opens files main hands over, tells main the document's title
 * and whether it has unsaved changes (for the close prompt), autosaves unsaved
 * work for crash recovery, and restores that work at start when the person
 * chose to. Does nothing in web mode.
 */
import { useEffect } from 'react';
import { serializeProject } from '../../../shared/graph';
import { host, type DesktopShell } from '../host';
import { useProjectStore } from '../project/store';
import { currentFile, isDirty, useDocumentFiles } from './document-store';
import { openHostFile, openProjectText } from './file-actions';
import { runMenuCommand } from './menu-commands';

/** How long the document must sit unchanged before a copy is autosaved. */
export const AUTOSAVE_DELAY_MS = 2000;

/** Reports the document's state to main, and autosaves while it has unsaved changes. Returns the function that stops it. */
export function followDocument(shell: Pick<DesktopShell, 'setDocument' | 'autosave'>, delay = AUTOSAVE_DELAY_MS): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let reported = '';
  let autosaved = false;

  const check = () => {
    const s = useProjectStore.getState();
    const file = currentFile(s);
    const dirty = isDirty(s.project, file);
    const state = { title: file.name, dirty };
    const key = JSON.stringify(state);
    if (key !== reported) {
      reported = key;
      void shell.setDocument(state);
    }
    clearTimeout(timer);
    if (dirty && s.project) {
      const project = s.project;
      timer = setTimeout(() => {
        autosaved = true;
        void shell.autosave({ name: file.name, ...(file.path ? { path: file.path } : {}), text: serializeProject(project) });
      }, delay);
    } else if (autosaved) {
      // Saved, or undone back to the saved state: the copy is no longer needed.
      autosaved = false;
      void shell.autosave(null);
    }
  };

  const stopProject = useProjectStore.subscribe(check);
  const stopFiles = useDocumentFiles.subscribe(check);
  check();
  return () => {
    clearTimeout(timer);
    stopProject();
    stopFiles();
  };
}

export function useDesktopShell(): void {
  useEffect(() => {
    const shell = host.shell;
    if (!shell) return;
    const stops = [
      shell.onMenuCommand((command) => runMenuCommand(command, shell)),
      shell.onFileOpened((file) => void openHostFile(file)),
      followDocument(shell),
    ];
    void shell.takeRecovery().then((recovery) => {
      if (recovery) openProjectText(recovery.name, recovery.text, { ...(recovery.path ? { path: recovery.path } : {}), saved: false });
    });
    return () => stops.forEach((stop) => stop());
  }, []);
}
