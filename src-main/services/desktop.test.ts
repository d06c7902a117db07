/**
 * The desktop wiring with Electron's ports mocked: a window's services port
 * and the compute window's ports are Node MessagePorts dressed as
 * MessagePortMain (message events with .data, start(), a close event). XOR
 * trains through main's services on a "compute window" that serves a
 * reference trainer; a compute window that goes away ends the run with an
 * error; the preload relays ports to the page.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadProject } from '../../shared/graph';
import { COMPUTE_PORT, SERVICES_PORT, SERVICES_REQUEST } from '../../shared/ipc/desktop-ports';
import { RpcClient, type Port } from '../../shared/ipc/rpc';
import type { TrainingEvent, TrainingService } from '../../shared/ipc/services';
import { serveTrainer } from '../../src-renderer/src/compute/trainer-server';
import { ReferenceTrainer } from '../engine/reference/trainer';
import { createDesktopServices, type DesktopServices, type MessagePortMainLike } from './desktop';
import { forwardPorts, type WindowLike } from './preload-ports';

const XOR = (() => {
  const loaded = loadProject(readFileSync(new URL('../../resources/templates/xor.nwproj', import.meta.url), 'utf8'));
  if (!loaded.ok) throw new Error('xor.nwproj does not load');
  return loaded.project;
})();

const open: MessagePort[] = [];
const apps: DesktopServices[] = [];
afterEach(() => {
  for (const a of apps.splice(0)) a.dispose();
  for (const p of open.splice(0)) p.close();
});

/** Electron's MessagePortMain, played by a Node MessagePort. */
class FakePortMain extends EventEmitter implements MessagePortMainLike {
  started = false;
  constructor(private readonly port: MessagePort) {
    super();
    port.on('message', (data: unknown) => this.emit('message', { data }));
    port.on('close', () => this.emit('close'));
  }
  postMessage(message: unknown): void {
    this.port.postMessage(message);
  }
  start(): void {
    this.started = true;
  }
  close(): void {
    this.port.close();
  }
}

function pair(): [MessagePort, MessagePort] {
  const { port1, port2 } = new MessageChannel();
  open.push(port1, port2);
  return [port1, port2];
}

/** The app: main's services, a compute window whose workers serve reference trainers, and one window's services port. */
function app() {
  const computeSides: MessagePort[] = [];
  const desktop = createDesktopServices({
    runsDir: mkdtempSync(join(tmpdir(), 'nw-desktop-runs-')),
    workspace: tmpdir(),
    openComputePort: () => {
      const [main, compute] = pair();
      computeSides.push(compute);
      serveTrainer(compute as unknown as Port, async () => ({ trainer: new ReferenceTrainer() }));
      return new FakePortMain(main);
    },
  });
  apps.push(desktop);
  const [mainSide, windowSide] = pair();
  const mainPort = new FakePortMain(mainSide);
  desktop.connect(mainPort);
  const training = new RpcClient(windowSide as unknown as Port).proxy<TrainingService>('training.');
  return { desktop, training, computeSides, mainPort };
}

function until(training: TrainingService, stop: (e: TrainingEvent) => boolean): Promise<TrainingEvent[]> {
  return new Promise((resolve) => {
    const events: TrainingEvent[] = [];
    const off = training.onEvent((_, e) => {
      events.push(e);
      if (stop(e)) {
        off();
        resolve(events);
      }
    });
  });
}

describe('desktop services', () => {
  it('trains XOR from a window, with the engine on a compute-window port', async () => {
    const { training, computeSides, mainPort } = app();
    expect(mainPort.started).toBe(true);
    const events = until(training, (e) => e.event === 'done' || e.event === 'error');
    const runId = await training.start(XOR, { epochs: 150 });
    expect((await events).at(-1)).toMatchObject({ event: 'done', reason: 'completed', train: { accuracy: 1 } });
    expect(computeSides).toHaveLength(1);
    expect((await training.evaluate(runId, 'train')).accuracy).toBe(1);
  });

  it('ends the run with an error when the compute window goes away', async () => {
    const { training, computeSides } = app();
    const second = until(training, (e) => e.event === 'epoch' && e.epoch === 2);
    const end = until(training, (e) => e.event === 'done' || e.event === 'error');
    await training.start(XOR, { epochs: 100_000 });
    await second;
    computeSides[0]!.close();
    expect((await end).at(-1)).toMatchObject({ event: 'error', name: 'ComputeClosedError', message: expect.stringContaining('compute window closed') });
  });
});

describe('forwardPorts (the preload)', () => {
  function fakes() {
    const handlers = new Map<string, (event: { ports: readonly unknown[] }) => void>();
    const ipc = { send: vi.fn(), on: vi.fn((channel: string, listener: (event: { ports: readonly unknown[] }) => void) => handlers.set(channel, listener)) };
    let onMessage: ((event: { source: unknown; data: unknown }) => void) | undefined;
    const postMessage = vi.fn<WindowLike['postMessage']>();
    const win: WindowLike = {
      addEventListener: (_type, listener) => (onMessage = listener),
      postMessage,
      location: { origin: 'app://netwright' },
    };
    forwardPorts(ipc, win);
    return { ipc, win, postMessage, handlers, message: (source: unknown, data: unknown) => onMessage!({ source, data }) };
  }

  it('asks main for the services port only when the page itself asks', () => {
    const { ipc, win, message } = fakes();
    message({}, { type: SERVICES_REQUEST });
    message(win, { type: 'something else' });
    expect(ipc.send).not.toHaveBeenCalled();
    message(win, { type: SERVICES_REQUEST });
    expect(ipc.send).toHaveBeenCalledWith(SERVICES_REQUEST);
  });

  it.each([SERVICES_PORT, COMPUTE_PORT])('hands %s from main to the page, addressed to its own origin', (type) => {
    const { postMessage, handlers } = fakes();
    const port = { fake: 'port' };
    handlers.get(type)!({ ports: [port] });
    expect(postMessage).toHaveBeenCalledWith({ type }, 'app://netwright', [port]);
  });
});
