/**
 * The warning for unsaved changes on close: a clean window closes at once; a
 * window with unsaved changes asks, and Save, Don't Save and Cancel each do
 * what they say.
 */
import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { BrowserWindow } from 'electron';
import type { CloseChoice } from './dialogs';
import { DocumentSession, type SessionDeps } from './document-session';

class FakeWindow {
  readonly listeners = new Map<string, (event: { preventDefault(): void }) => void>();
  closed = 0;
  on(event: string, listener: (event: { preventDefault(): void }) => void) {
    this.listeners.set(event, listener);
  }
  setDocumentEdited = vi.fn();
  /** Like Electron: close() emits 'close', and the window goes unless a listener prevents it. */
  close() {
    const event = { prevented: false, preventDefault() { this.prevented = true; } };
    this.listeners.get('close')!(event);
    if (!event.prevented) {
      this.closed++;
      this.listeners.get('closed')?.(event);
    }
  }
}

let window: FakeWindow;
let answer: CloseChoice;
let deps: { ask: Mock<SessionDeps['ask']>; send: Mock<SessionDeps['send']>; closed: Mock<SessionDeps['closed']> };
let session: DocumentSession;

const settle = () => new Promise((r) => setImmediate(r));

beforeEach(() => {
  window = new FakeWindow();
  deps = { ask: vi.fn<SessionDeps['ask']>(() => Promise.resolve(answer)), send: vi.fn<SessionDeps['send']>(), closed: vi.fn<SessionDeps['closed']>() };
  session = new DocumentSession(window as unknown as BrowserWindow, deps);
});

describe('closing a window', () => {
  it('closes at once when nothing is unsaved', () => {
    session.update({ title: 'a.nwproj', dirty: false });
    window.close();
    expect(window.closed).toBe(1);
    expect(deps.ask).not.toHaveBeenCalled();
    expect(deps.closed).toHaveBeenCalledOnce();
  });

  it("Don't Save: closes, and the autosave copy goes", async () => {
    session.update({ title: 'a.nwproj', dirty: true });
    answer = 'discard';
    window.close();
    expect(window.closed).toBe(0);
    expect(deps.ask).toHaveBeenCalledWith(window, 'a.nwproj');
    await settle();
    expect(window.closed).toBe(1);
    expect(deps.closed).toHaveBeenCalledOnce();
  });

  it('Cancel: stays open', async () => {
    session.update({ title: 'a.nwproj', dirty: true });
    answer = 'cancel';
    window.close();
    await settle();
    expect(window.closed).toBe(0);
    expect(deps.send).not.toHaveBeenCalled();
  });

  it('Save: asks the page to save, and closes once the file is written', async () => {
    session.update({ title: 'a.nwproj', dirty: true });
    answer = 'save';
    window.close();
    await settle();
    expect(deps.send).toHaveBeenCalledExactlyOnceWith({ command: 'save', closeAfter: true });
    expect(window.closed).toBe(0);
    session.saved();
    await settle();
    expect(window.closed).toBe(1);
  });

  it('Save, then the Save As dialog cancelled: stays open, and a later save does not close it', async () => {
    session.update({ title: 'a.nwproj', dirty: true });
    answer = 'save';
    window.close();
    await settle();
    session.saveAbandoned();
    session.saved();
    await settle();
    expect(window.closed).toBe(0);
  });

  it('asks once, however often close is pressed while asking', () => {
    session.update({ title: 'a.nwproj', dirty: true });
    deps.ask.mockReturnValue(new Promise(() => {}));
    window.close();
    window.close();
    expect(deps.ask).toHaveBeenCalledOnce();
  });
});
