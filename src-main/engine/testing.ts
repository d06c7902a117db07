/**
 * Test helpers for the engine: build plans from small graphs written as
 * rows, and check gradients by finite differences on the reference backend.
 */
import { compile } from '../../shared/compiler';
import type { Loss } from '../../shared/graph/schema';
import { buildPlan, type OptimizerSpec } from './plan/build-plan';
import type { Plan } from './plan/types';
import { Random } from './random';
import { ReferenceExecutor } from './reference/executor';

export type NodeRow = [id: string, type: string, params?: Record<string, unknown>];

/** A chain (or, with explicit edges, a DAG) of layers. */
export function graph(nodes: NodeRow[], edges?: [string, string, string?][]) {
  const links = edges ?? nodes.slice(1).map((n, i) => [nodes[i]![0], n[0]] as [string, string]);
  return {
    nodes: nodes.map(([id, type, params]) => ({ id, type, params: params ?? {} })),
    edges: links.map(([source, target, handle], i) => ({ id: `e${i}`, source, target, ...(handle ? { targetHandle: handle } : {}) })),
  };
}

export function irOf(g: ReturnType<typeof graph>) {
  const result = compile(g);
  if (!result.ir) throw new Error(`graph does not compile: ${result.errors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  return result.ir;
}

export function trainingPlan(g: ReturnType<typeof graph>, loss: Loss, batch: number, fromLogits = false, optimizer: OptimizerSpec = { type: 'sgd', learningRate: 0.1 }): Plan {
  return buildPlan(irOf(g), { batch, training: { loss: { fn: loss, fromLogits }, optimizer } });
}

/** Fills inputs and targets with seeded data suited to each tensor (class ids for i32). */
export function fillBatch(exec: ReferenceExecutor, seed = 1, classes = 3): void {
  const rng = new Random(seed);
  const plan = exec.plan;
  for (const id of [...plan.inputs, ...(plan.training?.targets ?? [])]) {
    const t = plan.tensors[id]!;
    const data = exec.read(id);
    const isTarget = plan.training?.targets.includes(id) ?? false;
    for (let i = 0; i < data.length; i++) {
      if (t.dtype === 'i32') data[i] = Math.floor(rng.next() * (isTarget ? classes : classes));
      else data[i] = isTarget ? rng.next() : rng.normal();
    }
  }
}

/** Mean loss over the batch after a forward pass. */
export function meanLoss(exec: ReferenceExecutor): number {
  exec.run({ update: false });
  const per = exec.read(exec.plan.training!.loss);
  let sum = 0;
  for (const v of per) sum += v;
  return sum / per.length;
}

/**
 * Compares analytic gradients with central differences, for a sample of
 * elements of every trainable weight. Returns the worst relative error.
 *
 * ReLU-like functions have kinks; a difference that straddles one is not a
 * derivative. Each element is therefore estimated with h and h/2, and an
 * element whose two estimates disagree is skipped as lying on a kink.
 */
export function gradientCheck(exec: ReferenceExecutor, samplesPerParam = 6, h = 1e-3): { worst: number; where: string; skipped: number; checked: number } {
  exec.run({ update: false });
  const analytic = exec.plan.training!.params.map(({ grad }) => Float32Array.from(exec.read(grad)));
  let worst = 0;
  let where = '';
  let skipped = 0;
  let checked = 0;
  const rng = new Random(7);
  const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-2, Math.abs(a) + Math.abs(b));
  exec.plan.training!.params.forEach(({ param }, p) => {
    const w = exec.read(param) as Float32Array;
    for (let s = 0; s < Math.min(samplesPerParam, w.length); s++) {
      const i = Math.floor(rng.next() * w.length);
      const orig = w[i]!;
      const central = (step: number) => {
        w[i] = orig + step;
        const up = meanLoss(exec);
        w[i] = orig - step;
        const down = meanLoss(exec);
        w[i] = orig;
        return (up - down) / (2 * step);
      };
      const numeric = central(h);
      if (relative(numeric, central(h / 2)) > 5e-3) {
        skipped++;
        continue;
      }
      checked++;
      const a = analytic[p]![i]!;
      const err = relative(a, numeric);
      // A NaN gradient compares false with everything: record it, or it would pass unseen.
      if (err > worst || (Number.isNaN(err) && !Number.isNaN(worst))) {
        worst = err;
        where = `${exec.plan.tensors[param]!.name}[${i}]: analytic ${a}, numeric ${numeric}`;
      }
    }
  });
  return { worst, where, skipped, checked };
}
