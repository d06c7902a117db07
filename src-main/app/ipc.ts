/**
 * Main's side of the desktop bridge (shared/ipc/bridge.ts): one handler per
 * allow-listed channel. Every call passes two gates before its handler runs:
 * the sender must be our own page (isTrustedSender), and its arguments must
 * parse against the channel's zod schema (shared/ipc/bridge-schemas.ts).
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { z } from 'zod';
import { BRIDGE_ARGS, type BridgeArgs } from '../../shared/ipc/bridge-schemas';
import { BRIDGE_CHANNELS, type BridgeChannel, type Recovery } from '../../shared/ipc/bridge';
import type { DatasetRef } from '../../shared/graph/schema';
import type { ImportKind } from '../../shared/ipc/services';
import type { Autosave } from './autosave';
import type { DocumentFiles } from './document-files';
import type { DocumentSession } from './document-session';
import { isTrustedSender } from './security';

export type BridgeHandler<C extends BridgeChannel> = (event: IpcMainInvokeEvent, ...args: BridgeArgs<C>) => unknown;
export type BridgeHandlers = { [C in BridgeChannel]: BridgeHandler<C> };

export interface ShellServices {
  readonly files: DocumentFiles;
  readonly autosave: Autosave;
  version(): string;
  windowOf(contents: WebContents): BrowserWindow | null;
  sessionOf(contents: WebContents): DocumentSession | undefined;
  /** The autosave the person chose to restore at start-up; handed out once. */
  takeRecovery(): Recovery | null;
  /** Asks for data with a native dialog and copies it into the workspace (data-import.ts); null when cancelled. */
  importData(window: BrowserWindow | null, kind: ImportKind): Promise<DatasetRef | null>;
}

export function bridgeHandlers(s: ShellServices): BridgeHandlers {
  return {
    [BRIDGE_CHANNELS.version]: () => s.version(),
    [BRIDGE_CHANNELS.openFile]: (event, kinds) => s.files.open(s.windowOf(event.sender), kinds),
    [BRIDGE_CHANNELS.saveProject]: async (event, request) => {
      const session = s.sessionOf(event.sender);
      try {
        const saved = await s.files.saveProject(s.windowOf(event.sender), request);
        if (saved) session?.saved();
        else session?.saveAbandoned();
        return saved;
      } catch (error) {
        session?.saveAbandoned();
        throw error;
      }
    },
    [BRIDGE_CHANNELS.saveFile]: (event, request) => s.files.saveFile(s.windowOf(event.sender), request),
    [BRIDGE_CHANNELS.setDocument]: (event, state) => {
      s.sessionOf(event.sender)?.update(state);
    },
    [BRIDGE_CHANNELS.autosave]: (_event, request) => (request ? s.autosave.write(request) : s.autosave.clear()),
    [BRIDGE_CHANNELS.takeRecovery]: () => s.takeRecovery(),
    [BRIDGE_CHANNELS.editText]: (event, edit) => {
      event.sender[edit]();
    },
    [BRIDGE_CHANNELS.importData]: (event, kind) => s.importData(s.windowOf(event.sender), kind),
  };
}

/** Wraps a handler in the two gates: a trusted sender, then arguments that match the schema. */
export function guarded<C extends BridgeChannel>(channel: C, handler: BridgeHandler<C>, devServerUrl?: string) {
  return (event: IpcMainInvokeEvent, ...args: unknown[]): unknown => {
    if (!isTrustedSender(event, devServerUrl)) throw new Error(`Refused an IPC call from ${event.senderFrame?.url || 'an unknown frame'}.`);
    const parsed = BRIDGE_ARGS[channel].safeParse(args);
    if (!parsed.success) throw new Error(`Refused a malformed ${channel} call: ${z.prettifyError(parsed.error)}`);
    return handler(event, ...(parsed.data as BridgeArgs<C>));
  };
}

export function registerBridgeHandlers(handlers: BridgeHandlers, devServerUrl?: string): void {
  for (const channel of Object.values(BRIDGE_CHANNELS)) {
    ipcMain.handle(channel, guarded(channel, handlers[channel] as BridgeHandler<typeof channel>, devServerUrl));
  }
}
