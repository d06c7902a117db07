/**
 * The page's half of the desktop shell, mounted once by App: it carries out
 * menu commands, opens files main hands over, tells main the document's title
 * and whether it has unsaved changes (for the close prompt), autosaves unsaved
 * work for crash recovery, and restores that work at start when the person
 * chose to. Does nothing in web mode, which has its own (useWebDocument.ts)
 * over the same followDocument.
 */
import { useEffect } from 'react';
import { serializeProject } from '../../../shared/graph';
import { host, type DesktopShell } from '../host';
import { useProjectStore } from '../project/store';
import { currentFile, isDirty, useDocumentFiles } from './document-store';
import { openHostFile, restoreRecovery } from './file-actions';
import { runMenuCommand } from './menu-commands';

/** How long the document must sit unchanged before a copy is autosaved. */
export const AUTOSAVE_DELAY_MS = 2000;

/** What followDocument returns: `stop` ends it; `flush` writes a pending autosave at once (the page is closing). */
export interface DocumentFollower {
  stop(): void;
  flush(): void;
}

/** Reports the document's state to the shell, and autosaves while it has unsaved changes. */
export function followDocument(shell: Pick<DesktopShell, 'setDocument' | 'autosave'>, delay = AUTOSAVE_DELAY_MS): DocumentFollower {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: (() => void) | undefined;
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
    pending = undefined;
    if (dirty && s.project) {
      const project = s.project;
      pending = () => {
        pending = undefined;
        autosaved = true;
        void shell.autosave({ name: file.name, ...(file.path ? { path: file.path } : {}), text: serializeProject(project) });
      };
      timer = setTimeout(() => pending?.(), delay);
    } else if (autosaved) {
      // Saved, or undone back to the saved state: the copy is no longer needed.
      autosaved = false;
      void shell.autosave(null);
    }
  };

  const stopProject = useProjectStore.subscribe(check);
  const stopFiles = useDocumentFiles.subscribe(check);
  check();
  return {
    stop: () => {
      clearTimeout(timer);
      stopProject();
      stopFiles();
    },
    flush: () => {
      clearTimeout(timer);
      pending?.();
    },
  };
}

export function useDesktopShell(): void {
  useEffect(() => {
    const shell = host.shell;
    if (!shell) return;
    const stops = [
      shell.onMenuCommand((command) => runMenuCommand(command, shell)),
      shell.onFileOpened((file) => void openHostFile(file)),
      followDocument(shell).stop,
    ];
    void shell.takeRecovery().then((recovery) => recovery && restoreRecovery(recovery));
    return () => stops.forEach((stop) => stop());
  }, []);
}
