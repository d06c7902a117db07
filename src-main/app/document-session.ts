/**
 * One window's open document, as main sees it: its title and whether it has
 * unsaved changes (the page reports both), and the close guard. Closing a
 * window with unsaved changes asks Save / Don't Save / Cancel; Save has the
 * page save (it owns the document) and closes once main has written the file.
 */
import type { BrowserWindow } from 'electron';
import type { DocumentState, MenuCommand } from '../../shared/ipc/bridge';
import type { CloseChoice } from './dialogs';

export interface SessionDeps {
  ask(window: BrowserWindow, title: string): Promise<CloseChoice>;
  send(command: MenuCommand): void;
  /** The person closed the window on purpose: the autosave copy is no longer needed. */
  closed(): void;
}

export class DocumentSession {
  state: DocumentState = { title: 'Untitled', dirty: false };
  private allowClose = false;
  private asking = false;
  private closeAfterSave = false;

  constructor(private readonly window: BrowserWindow, private readonly deps: SessionDeps) {
    window.on('close', (event) => this.onClose(event));
    window.on('closed', () => deps.closed());
  }

  update(state: DocumentState): void {
    this.state = state;
    // The dot in the close button, on macOS only (the method does nothing elsewhere, and is missing on some builds).
    if (process.platform === 'darwin') this.window.setDocumentEdited(state.dirty);
  }

  /** A save went through: if it was the close prompt's Save, close now. */
  saved(): void {
    if (!this.closeAfterSave) return;
    this.closeAfterSave = false;
    this.allowClose = true;
    setImmediate(() => this.window.close());
  }

  /** The Save As dialog was cancelled (or the save failed): stay open. */
  saveAbandoned(): void {
    this.closeAfterSave = false;
  }

  /** Exported for tests: the 'close' listener. */
  onClose(event: { preventDefault(): void }): void {
    if (this.allowClose || !this.state.dirty) return;
    event.preventDefault();
    if (this.asking) return;
    this.asking = true;
    void this.deps.ask(this.window, this.state.title).then((choice) => {
      this.asking = false;
      if (choice === 'discard') {
        this.allowClose = true;
        this.window.close();
      } else if (choice === 'save') {
        this.closeAfterSave = true;
        this.deps.send({ command: 'save', closeAfter: true });
      }
    });
  }
}
