/**
 * Main's side of the desktop bridge (shared/ipc/bridge.ts): one handler per
 * allow-listed channel, each refusing callers that are not our own page.
 */
import { app, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { BRIDGE_CHANNELS } from '../../shared/ipc/bridge';
import { isTrustedSender } from './security';

export function registerBridgeHandlers(devServerUrl?: string): void {
  const trusted = <T>(run: () => T) => (event: IpcMainInvokeEvent): T => {
    if (!isTrustedSender(event, devServerUrl)) throw new Error(`Refused an IPC call from ${event.senderFrame?.url ?? 'an unknown frame'}.`);
    return run();
  };
  ipcMain.handle(BRIDGE_CHANNELS.version, trusted(() => app.getVersion()));
}
