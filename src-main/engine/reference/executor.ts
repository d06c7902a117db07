/**
 * The reference backend: runs a plan launch by launch on plain typed arrays.
 * It is the oracle the WebGPU kernels are checked against, and the fallback
 * when no WebGPU adapter exists.
 */
import { initialValues } from '../init';
import { PlanError } from '../plan/builder';
import { numel, type Plan } from '../plan/types';
import { REFERENCE_KERNELS } from './kernels';
import type { RefTensor, StepEnv } from './tensor';

export class ReferenceExecutor {
  readonly tensors: RefTensor[];
  /** Optimizer updates so far (Adam's t); public so a checkpoint can restore it. */
  updates = 0;

  constructor(readonly plan: Plan, seed = 0) {
    const initial = initialValues(plan, seed);
    const made: RefTensor[] = [];
    for (const t of plan.tensors) {
      if (t.viewOf !== undefined) {
        made.push({ data: made[t.viewOf]!.data, shape: t.shape });
        continue;
      }
      const n = numel(t.shape);
      const data = initial.get(t.id) ?? (t.dtype === 'i32' ? new Int32Array(n) : new Float32Array(n));
      made.push({ data, shape: t.shape });
    }
    this.tensors = made;
  }

  /**
   * Runs every launch once. `learningRate` defaults to the plan's optimizer
   * setting; `update: false` stops before the optimizer (for gradient checks).
   */
  run(options: { learningRate?: number; seed?: number; update?: boolean } = {}): void {
    const update = options.update ?? true;
    const optimizerStep = this.plan.steps.find((s) => s.kernel === 'optimizer');
    if (optimizerStep && update) this.updates++;
    const env: StepEnv = { step: this.updates, learningRate: options.learningRate ?? (optimizerStep?.arg['learningRate'] as number) ?? 0, seed: options.seed ?? 0 };
    for (const step of this.plan.steps) {
      if (!update && step.phase === 'update') continue;
      const kernel = REFERENCE_KERNELS[step.kernel];
      if (!kernel) throw new PlanError(step.origin, `the reference backend has no "${step.kernel}" kernel`);
      kernel(step.inputs.map((i) => this.tensors[i]!), step.outputs.map((o) => this.tensors[o]!), step.arg, env);
    }
  }

  write(tensor: number, values: ArrayLike<number>): void {
    this.tensors[tensor]!.data.set(values);
  }

  read(tensor: number): Float32Array | Int32Array {
    return this.tensors[tensor]!.data;
  }
}
