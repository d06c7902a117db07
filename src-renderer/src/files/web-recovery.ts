/**
 * Web mode's autosave, for recovery: while the project has unsaved changes,
 * a copy is kept in the browser's localStorage, and at the next load the
 * page offers to restore it, as the desktop does after a crash
 * (src-main/app/autosave.ts).
 *
 * Why localStorage and not a hidden folder in the workspace: the copy must
 * outlive the tab, and it must not depend on the server, which may be the
 * very thing that stopped (a closed terminal) or may be serving a folder the
 * person does not want scratch files in. Writes are synchronous, so the last
 * edits are still kept while the page is closing. The price: it belongs to
 * this browser and this address (a server on another port starts afresh),
 * and holds a few megabytes, far more than a project's text.
 *
 * Each page keeps its copy under its own key, so two open tabs never delete
 * each other's copy; a load offers the newest copy it finds.
 */
import { RecoverySchema } from '../../../shared/ipc/bridge-schemas';
import type { AutosaveRequest, Recovery } from '../../../shared/ipc/bridge';

const PREFIX = 'netwright.recovery.';

/** A copy left by an earlier page, and the key it is stored under. */
export interface FoundRecovery {
  readonly key: string;
  readonly recovery: Recovery;
}

export class WebRecovery {
  private readonly key: string;

  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>,
    pageId: string = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    private readonly now: () => number = Date.now,
  ) {
    this.key = PREFIX + pageId;
  }

  /** Keeps this page's copy; false when the browser refused (storage full or turned off). */
  write(request: AutosaveRequest): boolean {
    const recovery: Recovery = { ...request, savedAt: this.now() };
    try {
      this.storage.setItem(this.key, JSON.stringify(recovery));
      return true;
    } catch {
      return false;
    }
  }

  /** Saved, or back to the saved state: this page's copy is no longer needed. */
  clear(): void {
    this.storage.removeItem(this.key);
  }

  /** The newest copy another page left; damaged copies are removed rather than offered. */
  newest(): FoundRecovery | null {
    let best: FoundRecovery | null = null;
    for (const key of this.keys()) {
      if (key === this.key) continue;
      const recovery = parse(this.storage.getItem(key));
      if (!recovery) this.storage.removeItem(key);
      else if (!best || recovery.savedAt > best.recovery.savedAt) best = { key, recovery };
    }
    return best;
  }

  /** Restored or declined: the copy goes. */
  remove(found: FoundRecovery): void {
    this.storage.removeItem(found.key);
  }

  private keys(): string[] {
    const keys: string[] = [];
    for (let i = 0; i < this.storage.length; i++) {
      const key = this.storage.key(i);
      if (key?.startsWith(PREFIX)) keys.push(key);
    }
    return keys;
  }
}

function parse(text: string | null): Recovery | null {
  if (text === null) return null;
  try {
    const parsed = RecoverySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
