/**
 * The compiler, as a readable list of named passes:
 *
 *   validate → inferShapes → lower → verify
 *
 * The editor calls it on every edit, so it must stay fast (see
 * bench/compile.bench.ts). It never throws on bad input: every problem comes
 * back as a catalogued GraphError pinned to a node. IR is produced only when
 * there are no errors.
 */
import type { Project } from '../graph/schema';
import type { IRGraph } from '../ir/graph';
import { verify } from '../ir/verify';
import type { GraphError } from './catalogue';
import { inferShapes, type NodeShapes } from './infer-shapes';
import { lower } from './lower';
import { validate, type Wiring } from './validate';

export interface CompileResult {
  readonly wiring: Wiring;
  readonly shapes: ReadonlyMap<string, NodeShapes>;
  readonly errors: readonly GraphError[];
  readonly warnings: readonly GraphError[];
  readonly ir?: IRGraph;
  readonly totals: { readonly total: number; readonly trainable: number; readonly nonTrainable: number };
}

export interface CompileOptions {
  /** Skip lowering when only shapes and errors are wanted (the editor's live check). */
  readonly shapesOnly?: boolean;
  /**
   * Lower for the ONNX exporter: every OnnxOp node (an imported ONNX operation
   * Netwright has no layer for) becomes the `onnx` IR op, written back as the
   * original operation, and operations the engine cannot run are not errors.
   * The IR is then for export only: the engine cannot run the `onnx` op.
   */
  readonly keepOnnxOps?: boolean;
}

export function compile(project: Pick<Project, 'nodes' | 'edges' | 'outputs'>, options: CompileOptions = {}): CompileResult {
  const validated = validate(project);
  const inferred = inferShapes(validated.wiring, { keepOnnxOps: options.keepOnnxOps === true });
  const all = [...validated.errors, ...inferred.errors];
  const errors = all.filter((e) => e.severity === 'error');
  const warnings = all.filter((e) => e.severity === 'warning');
  let trainable = 0;
  let nonTrainable = 0;
  for (const s of inferred.shapes.values()) {
    trainable += s.params.trainable;
    nonTrainable += s.params.nonTrainable;
  }
  const totals = { total: trainable + nonTrainable, trainable, nonTrainable };
  const base = { wiring: validated.wiring, shapes: inferred.shapes, errors, warnings, totals };
  if (errors.length > 0 || options.shapesOnly) return base;
  const ir = lower(validated.wiring, inferred.shapes, options.keepOnnxOps === true);
  verify(ir);
  return { ...base, ir };
}
