/** The services port is handed only to our own pages, and each compute port goes to the compute window. */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  const listeners = new Map<string, (event: unknown) => void>();
  const posted: { channel: string; ports: unknown[] }[] = [];
  class MessageChannelMain {
    port1 = { postMessage: vi.fn(), on: vi.fn(), start: vi.fn(), close: vi.fn() };
    port2 = { name: 'port2' };
  }
  class BrowserWindow {
    webContents = { postMessage: (channel: string, _m: unknown, ports: unknown[]) => posted.push({ channel, ports }) };
    on = vi.fn();
    loadURL = vi.fn(async () => {});
  }
  return { listeners, posted, MessageChannelMain, BrowserWindow, ipcMain: { on: (channel: string, fn: (event: unknown) => void) => listeners.set(channel, fn) } };
});
vi.mock('electron', () => ({ BrowserWindow: electron.BrowserWindow, MessageChannelMain: electron.MessageChannelMain, ipcMain: electron.ipcMain }));

const { startDesktopServices } = await import('./compute-window');
const { SERVICES_PORT, SERVICES_REQUEST } = await import('../../shared/ipc/desktop-ports');

describe('desktop services wiring', () => {
  beforeEach(() => {
    electron.listeners.clear();
    electron.posted.length = 0;
  });

  it('answers a services request from our own page with a port, and ignores other senders', () => {
    const desktop = startDesktopServices({ preload: '/p.cjs', computeUrl: 'app://netwright/compute.html', runsDir: '/tmp/nw-runs', workspace: '/tmp' });
    const request = electron.listeners.get(SERVICES_REQUEST)!;
    const sent: unknown[] = [];
    const sender = { postMessage: (channel: string, _m: unknown, ports: unknown[]) => sent.push({ channel, ports }) };
    request({ sender, senderFrame: { url: 'https://evil.example/' } });
    expect(sent).toEqual([]);
    request({ sender, senderFrame: { url: 'app://netwright/index.html' } });
    expect(sent).toEqual([{ channel: SERVICES_PORT, ports: [{ name: 'port2' }] }]);
    desktop.dispose();
  });
});
