/**
 * The Trainer across a message channel: a RemoteTrainer over Node's
 * MessageChannel, with the compute worker's server (trainer-server.ts) and a
 * reference trainer on the other end. A whole training session runs through
 * it (XOR to 100%), over structured clone and over web mode's byte frames;
 * errors keep their names; results come back transferred; a closed port
 * fails pending calls instead of hanging them.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../../shared/graph';
import type { Port } from '../../../shared/ipc/rpc';
import { decodeMessage, encodeMessage } from '../../../shared/ipc/wire';
import { serveTrainer, type TrainerFactory } from '../../../src-renderer/src/compute/trainer-server';
import { loadDataset } from '../../data';
import { runTraining } from '../../training/session';
import { ReferenceTrainer } from '../reference/trainer';
import type { Trainer } from '../trainer';
import { RemoteTrainer } from './remote-trainer';

const XOR = (() => {
  const loaded = loadProject(readFileSync(new URL('../../../resources/templates/xor.nwproj', import.meta.url), 'utf8'));
  if (!loaded.ok) throw new Error('xor.nwproj does not load');
  return loaded.project;
})();

const open: MessagePort[] = [];
afterEach(() => {
  for (const p of open.splice(0)) p.close();
});

/** Node's MessagePort, as a Port (its onmessage hands over a MessageEvent, as the browser's does). */
function channel(): [Port, Port] {
  const { port1, port2 } = new MessageChannel();
  open.push(port1, port2);
  return [port1 as unknown as Port, port2 as unknown as Port];
}

/** Two ends that pass every message through web mode's frames, as the WebSocket does. */
function framedChannel(): [Port, Port] {
  const [a, b] = channel();
  const framed = (inner: Port): Port => {
    const port: Port = {
      onmessage: null,
      postMessage: (m) => {
        const frame = encodeMessage(m);
        inner.postMessage(frame.buffer, [frame.buffer]);
      },
    };
    inner.onmessage = (e) => port.onmessage?.({ data: decodeMessage(e.data as ArrayBuffer) });
    return port;
  };
  return [framed(a), framed(b)];
}

const reference: TrainerFactory = async () => ({ trainer: new ReferenceTrainer() });

async function remote(ports: [Port, Port] = channel(), create: TrainerFactory = reference): Promise<RemoteTrainer> {
  serveTrainer(ports[1], create);
  return RemoteTrainer.connect(ports[0], 'auto');
}

describe('RemoteTrainer', () => {
  it.each([
    ['structured clone (MessagePort)', channel],
    ['byte frames (WebSocket)', framedChannel],
  ])('runs a whole XOR training session through %s to 100% accuracy', async (_, ports) => {
    const trainer = await remote(ports());
    expect(trainer.backend).toBe('reference');
    expect(trainer.adapter).toBe('CPU (reference)');
    const dataset = await loadDataset(XOR.dataset!);
    const done = await runTraining({ project: XOR, dataset, trainer, outDir: mkdtempSync(join(tmpdir(), 'nw-remote-')) });
    expect(done.reason).toBe('completed');
    expect(done.train?.accuracy).toBe(1);
    trainer.dispose();
  });

  it('gives the same weights as the same trainer in-process', async () => {
    const trainer = await remote();
    const dataset = await loadDataset(XOR.dataset!);
    const project = { ...XOR, training: { ...XOR.training!, epochs: 20 } };
    await runTraining({ project, dataset, trainer, outDir: mkdtempSync(join(tmpdir(), 'nw-remote-')) });
    const local = new ReferenceTrainer();
    await runTraining({ project, dataset, trainer: local, outDir: mkdtempSync(join(tmpdir(), 'nw-local-')) });
    const [a, b] = [await trainer.readState(), await local.readState()];
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [name, values] of b) expect(a.get(name), name).toEqual(values);
  });

  it('keeps the name and message of an error thrown in the worker', async () => {
    const trainer = await remote();
    await expect(trainer.setOrder(new Uint32Array(0))).rejects.toMatchObject({ name: 'ReferenceTrainerError', message: 'the epoch order is empty' });
    await expect(trainer.run({ steps: 1, offset: 0, learningRate: 0.1 })).rejects.toMatchObject({ name: 'ReferenceTrainerError', message: 'load() a model first' });
  });

  it('transfers results back instead of copying them', async () => {
    let served: Float32Array | undefined;
    const inner = new ReferenceTrainer();
    const spy = Object.assign(Object.create(inner) as Trainer, {
      readState: async () => {
        served = new Float32Array([1, 2, 3]);
        return new Map([['w', served]]);
      },
    });
    const trainer = await remote(channel(), async () => ({ trainer: spy }));
    const state = await trainer.readState();
    expect(state.get('w')).toEqual(new Float32Array([1, 2, 3]));
    // The worker's array was handed over: on its side it is now empty.
    expect(served!.length).toBe(0);
  });

  it('copies what it sends, so the caller keeps its arrays', async () => {
    const trainer = await remote();
    const order = Uint32Array.of(0, 1, 2, 3);
    await trainer.setOrder(order);
    expect([...order]).toEqual([0, 1, 2, 3]);
  });

  it('reports why the worker fell back to the reference backend, and refuses when WebGPU was required', async () => {
    const fallback: TrainerFactory = async () => ({ trainer: new ReferenceTrainer(), reason: 'no adapter here' });
    const trainer = await remote(channel(), fallback);
    expect(trainer.reason).toBe('no adapter here');
    const ports = channel();
    serveTrainer(ports[1], fallback);
    await expect(RemoteTrainer.connect(ports[0], 'webgpu')).rejects.toMatchObject({ name: 'RemoteTrainerError', message: expect.stringContaining('no adapter here') });
  });

  it('fails when the worker cannot make a trainer, with the worker\'s error', async () => {
    const ports = channel();
    serveTrainer(ports[1], async () => {
      throw new TypeError('device creation failed');
    });
    await expect(RemoteTrainer.connect(ports[0], 'auto')).rejects.toMatchObject({ name: 'TypeError', message: 'device creation failed' });
  });

  it('fails pending and later calls when the port goes away', async () => {
    const [a, b] = channel();
    serveTrainer(b, async () => ({ trainer: Object.assign(new ReferenceTrainer(), { readMetrics: () => new Promise<never>(() => {}) }) }));
    const trainer = await RemoteTrainer.connect(a, 'auto');
    const pending = trainer.readMetrics();
    trainer.disconnect(new Error('the page closed'));
    await expect(pending).rejects.toThrow('the page closed');
    await expect(trainer.predict('train')).rejects.toThrow('the page closed');
    expect(() => trainer.dispose()).not.toThrow();
  });

  it('times out when nothing answers', async () => {
    const [a] = channel();
    await expect(RemoteTrainer.connect(a, 'auto', { timeoutMs: 50 })).rejects.toMatchObject({ name: 'RemoteTrainerError' });
  });
});
