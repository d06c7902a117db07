/**
 * The weights the open project's exports carry. The app learns of weights
 * for a document three ways: a training run of it ends (follow-training.ts),
 * an ONNX file is imported, or a project opens with PROJECT.safetensors
 * beside it (desktop). Each is kept with the document it belongs to; an
 * export carries the newest of that document's weights that still fit the
 * graph (same weight names and sizes: shared/export/weights-fit.ts), unless
 * the person chose fresh ones. When the graph has changed since, nothing
 * fits and exports fall back to fresh weights, saying why.
 *
 * The store is made by a factory so tests use their own; the app's lives in
 * use-model-weights.ts.
 */
import { create } from 'zustand';
import { compile } from '../../../shared/compiler';
import { misfitText, paramShapes, weightsMisfit, type WeightsMisfit } from '../../../shared/export/weights-fit';
import type { Project } from '../../../shared/graph';
import type { IRGraph } from '../../../shared/ir/graph';
import type { SplitName } from '../../../shared/ipc/services';

export type WeightsOrigin =
  | {
      readonly kind: 'run';
      readonly runId: string;
      /** When the run started (ms since the epoch): runs are named by it. */
      readonly started: number;
      readonly epoch: number;
      /** The trained model's accuracy, on the test split when there is one. */
      readonly accuracy?: { readonly split: SplitName; readonly value: number };
    }
  /** Imported with an ONNX file; `file` is its name. */
  | { readonly kind: 'import'; readonly file: string }
  /** Opened with the project from its sidecar file (desktop); `file` is the sidecar's name. */
  | { readonly kind: 'sidecar'; readonly file: string };

export interface KnownWeights {
  /** The document they belong to (project/store.ts's documentKey). */
  readonly documentKey: number;
  readonly origin: WeightsOrigin;
  /** By IR name ("<layer>/<weight>"), flat. */
  readonly weights: ReadonlyMap<string, Float32Array>;
  /** Each weight's shape where they came from, so transposed sizes do not pass as fitting. */
  readonly shapes?: ReadonlyMap<string, readonly number[]>;
}

/** Weights for a document, with their shapes as `project` (the graph they were made for) gives them. */
export function knownWeights(documentKey: number, origin: WeightsOrigin, weights: ReadonlyMap<string, Float32Array>, project: Project): KnownWeights {
  const ir = compile(project, { keepOnnxOps: true }).ir;
  return { documentKey, origin, weights, ...(ir ? { shapes: paramShapes(ir) } : {}) };
}

export interface ModelWeightsState {
  /** Oldest first. */
  readonly known: readonly KnownWeights[];
  /** The person chose freshly initialised weights over the known ones. */
  readonly preferFresh: boolean;
}

export interface ModelWeightsActions {
  /** Adds weights as the newest; a run's replace its earlier ones (a resumed run trains on). */
  add(entry: KnownWeights): void;
  setPreferFresh(fresh: boolean): void;
}

export type ModelWeightsStore = ModelWeightsState & ModelWeightsActions;

/** Weights kept per document; older ones are dropped, since only the newest that fit are ever used. */
export const KEEP_PER_DOCUMENT = 4;

const sameRun = (a: WeightsOrigin, b: WeightsOrigin) => a.kind === 'run' && b.kind === 'run' && a.runId === b.runId;

export const createModelWeightsStore = () =>
  create<ModelWeightsStore>()((set) => ({
    known: [],
    preferFresh: false,
    add: (entry) =>
      set((s) => {
        const others = s.known.filter((k) => !sameRun(k.origin, entry.origin));
        const mine = others.filter((k) => k.documentKey === entry.documentKey);
        const dropped = new Set(mine.slice(0, Math.max(0, mine.length - KEEP_PER_DOCUMENT + 1)));
        // New weights are what the person just made or opened: carry them, even if fresh ones were chosen before.
        return { known: [...others.filter((k) => !dropped.has(k)), entry], preferFresh: false };
      }),
    setPreferFresh: (preferFresh) => set({ preferFresh }),
  }));

/** What an export of one document carries, and why. */
export interface WeightsPlan {
  /** The newest of the document's weights that fit the graph. */
  readonly fitting: KnownWeights | null;
  /** When none fit: the newest that no longer do, and what changed. */
  readonly stale: { readonly entry: KnownWeights; readonly misfit: WeightsMisfit } | null;
  /** What exports carry: the fitting weights, unless the person chose fresh ones. */
  readonly carry: KnownWeights | null;
  /** The seed of the fresh weights carried otherwise. */
  readonly seed: number;
}

/** Plans an export of document `documentKey`, compiled to `ir` (null when it does not compile: exports say why themselves). */
export function planWeights(state: ModelWeightsState, documentKey: number, ir: IRGraph | null, seed: number): WeightsPlan {
  if (!ir) return { fitting: null, stale: null, carry: null, seed };
  let stale: WeightsPlan['stale'] = null;
  for (const entry of state.known.filter((k) => k.documentKey === documentKey).reverse()) {
    const misfit = weightsMisfit(ir, entry.weights, entry.shapes);
    if (!misfit) return { fitting: entry, stale: null, carry: state.preferFresh ? null : entry, seed };
    stale ??= { entry, misfit };
  }
  return { fitting: null, stale, carry: null, seed };
}

/** "14:32": runs are named by the time they started. */
export function runTime(started: number): string {
  const at = new Date(started);
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

const percent = (value: number) => `${Number((value * 100).toFixed(1))}%`;

function runDetails(origin: Extract<WeightsOrigin, { kind: 'run' }>): string {
  const accuracy = origin.accuracy ? `, ${origin.accuracy.split === 'train' ? '' : `${origin.accuracy.split} `}accuracy ${percent(origin.accuracy.value)}` : '';
  return `epoch ${origin.epoch}${accuracy}`;
}

/** The weights an origin names: "the weights trained in run 14:32 (epoch 200, accuracy 100%)". */
export function originPhrase(origin: WeightsOrigin): string {
  switch (origin.kind) {
    case 'run':
      return `the weights trained in run ${runTime(origin.started)} (${runDetails(origin)})`;
    case 'import':
      return `the weights imported from ${origin.file}`;
    case 'sidecar':
      return `the weights saved in ${origin.file}`;
  }
}

/** A short label for the choice between these weights and fresh ones: "trained weights (run 14:32, epoch 200)". */
export function originLabel(origin: WeightsOrigin): string {
  switch (origin.kind) {
    case 'run':
      return `trained weights (run ${runTime(origin.started)}, epoch ${origin.epoch})`;
    case 'import':
      return `imported weights (${origin.file})`;
    case 'sidecar':
      return `saved weights (${origin.file})`;
  }
}

/**
 * Which weights an export carries, as the end of a sentence: "Exported
 * xor.onnx (1.2 KB) with …" and the Code view's "Exports carry …".
 */
export function weightsPhrase(plan: WeightsPlan): string {
  if (plan.carry) return originPhrase(plan.carry.origin);
  const fresh = `freshly initialised weights (seed ${plan.seed})`;
  if (plan.fitting) return `${fresh}, as chosen, rather than ${originPhrase(plan.fitting.origin)}`;
  if (!plan.stale) return `${fresh}: no trained run matches this graph`;
  const { entry, misfit } = plan.stale;
  const why = misfitText(misfit);
  return entry.origin.kind === 'run'
    ? `${fresh}: no trained run matches this graph (it changed since run ${runTime(entry.origin.started)}: ${why})`
    : `${fresh}: ${originPhrase(entry.origin)} no longer fit this graph (${why})`;
}
