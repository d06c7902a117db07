/**
 * How long the compiler takes on a 500-node graph. The editor recompiles on
 * every edit, so this must stay in the low milliseconds.
 */
import { performance } from 'node:perf_hooks';
import { compile } from '../shared/compiler';
import type { Project } from '../shared/graph';

/** A deep residual MLP: Input, then blocks of Dense → Dense → Add (skip) → Dropout. */
export function residualGraph(layers: number): Pick<Project, 'nodes' | 'edges'> {
  const nodes: Project['nodes'] = [{ id: 'in', type: 'Input', params: { shape: [64] } }];
  const edges: Project['edges'] = [];
  let prev = 'in';
  const link = (source: string, target: string, handle?: string) => edges.push({ id: `e${edges.length}`, source, target, ...(handle ? { targetHandle: handle } : {}) });
  for (let b = 0; nodes.length < layers; b++) {
    const [d1, d2, add, drop] = [`b${b}_d1`, `b${b}_d2`, `b${b}_add`, `b${b}_drop`];
    nodes.push({ id: d1, type: 'Dense', params: { units: 64, activation: 'relu' } }, { id: d2, type: 'Dense', params: { units: 64 } }, { id: add, type: 'Add', params: {} }, { id: drop, type: 'Dropout', params: { rate: 0.1 } });
    link(prev, d1);
    link(d1, d2);
    link(prev, add, 'in0');
    link(d2, add, 'in1');
    link(add, drop);
    prev = drop;
  }
  return { nodes, edges };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function benchCompile(size = 500, runs = 30) {
  const graph = residualGraph(size);
  for (let i = 0; i < 5; i++) compile(graph); // warm up the JIT
  const time = (shapesOnly: boolean) =>
    median(Array.from({ length: runs }, () => {
      const t = performance.now();
      compile(graph, { shapesOnly });
      return performance.now() - t;
    }));
  return { nodes: graph.nodes.length, shapesMs: time(true), fullMs: time(false) };
}
