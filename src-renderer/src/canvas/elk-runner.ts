/**
 * Where ELK runs: in a worker (layout.worker.ts) when the page can start one,
 * else on the page itself, loaded on first use so the main bundle stays small.
 */
import type { ElkNode } from 'elkjs/lib/elk-api';
import type { Layout } from './auto-layout';

let worker: Worker | null | undefined;
let nextId = 0;
const pending = new Map<number, { resolve(g: ElkNode): void; reject(e: Error): void }>();

function startWorker(): Worker | null {
  try {
    const w = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (event: MessageEvent<{ id: number; graph?: ElkNode; error?: string }>) => {
      const request = pending.get(event.data.id);
      pending.delete(event.data.id);
      if (event.data.graph) request?.resolve(event.data.graph);
      else request?.reject(new Error(event.data.error ?? 'The layout failed.'));
    };
    w.onerror = () => {
      // The worker could not start (e.g. blocked): fall back to the page for this and later requests.
      worker = null;
      for (const [, request] of pending) request.reject(new Error('worker failed'));
      pending.clear();
    };
    return w;
  } catch {
    return null;
  }
}

async function onPage(graph: ElkNode): Promise<ElkNode> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  return new ELK().layout(graph);
}

export const elkRunner: Layout = {
  async layout(graph) {
    if (worker === undefined) worker = startWorker();
    const w = worker;
    if (!w) return onPage(graph);
    const id = nextId++;
    try {
      return await new Promise<ElkNode>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, graph });
      });
    } catch {
      return onPage(graph);
    }
  },
};
