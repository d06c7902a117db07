/**
 * Web mode's half of what the desktop shell does for the open document
 * (useDesktopShell.ts): the browser asks before the tab closes or reloads
 * while there are unsaved changes; unsaved work is autosaved a few seconds
 * after each edit, and at once when the page goes, into localStorage
 * (web-recovery.ts says why there); and the next load offers to restore it.
 */
import { useEffect, useState } from 'react';
import type { AutosaveRequest, DocumentState } from '../../../shared/ipc/bridge';
import { useEditorStore } from '../editor/store';
import { restoreRecovery } from './file-actions';
import { followDocument } from './useDesktopShell';
import { WebRecovery, type FoundRecovery } from './web-recovery';

/** localStorage, or null where the browser has it turned off (it throws on access). */
function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Keeps the document's unsaved state for the close warning, and its copy for recovery. */
export class WebDocumentShell {
  dirty = false;
  private warned = false;

  constructor(private readonly recovery: WebRecovery | null, private readonly warn: (text: string) => void) {}

  setDocument(state: DocumentState): Promise<void> {
    this.dirty = state.dirty;
    return Promise.resolve();
  }

  autosave(request: AutosaveRequest | null): Promise<void> {
    if (!request) this.recovery?.clear();
    else if (!this.recovery?.write(request) && !this.warned) {
      this.warned = true;
      this.warn('This browser does not let Netwright keep a copy of unsaved work (its storage is full or turned off). Save the project to keep it safe.');
    }
    return Promise.resolve();
  }

  /** The beforeunload handler: asking is the browser's own dialog; the page can only say that it should ask. */
  readonly beforeUnload = (event: BeforeUnloadEvent): void => {
    if (!this.dirty) return;
    event.preventDefault();
    // Older Chromium asks only when returnValue is set.
    event.returnValue = '';
  };
}

export interface RecoveryOffer {
  readonly found: FoundRecovery;
  restore(): void;
  discard(): void;
  /** Closed without choosing: the copy stays, offered again next time unless new unsaved work replaces it. */
  later(): void;
}

export function useWebDocument(): RecoveryOffer | null {
  const [recovery] = useState(() => {
    const storage = browserStorage();
    return storage ? new WebRecovery(storage) : null;
  });
  const [found, setFound] = useState(() => recovery?.newest() ?? null);

  useEffect(() => {
    const shell = new WebDocumentShell(recovery, (text) => useEditorStore.getState().notify({ kind: 'error', text }));
    const follower = followDocument(shell);
    // pagehide, not unload: it also fires when the page goes into the back-forward cache.
    const flush = () => follower.flush();
    window.addEventListener('beforeunload', shell.beforeUnload);
    window.addEventListener('pagehide', flush);
    return () => {
      follower.stop();
      window.removeEventListener('beforeunload', shell.beforeUnload);
      window.removeEventListener('pagehide', flush);
    };
  }, [recovery]);

  if (!found || !recovery) return null;
  return {
    found,
    restore: () => {
      recovery.remove(found);
      setFound(null);
      restoreRecovery(found.recovery);
    },
    discard: () => {
      recovery.remove(found);
      setFound(null);
    },
    later: () => setFound(null),
  };
}
