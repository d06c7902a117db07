/**
 * Keeps the inspector's "Output on a sample" up to date: what the selected
 * layer outputs for the first sample of the project's dataset, with the
 * weights exports would carry. Edits are debounced (a new selection is asked
 * at once), one probe is out at a time and the newest wish wins
 * (evaluation/latest-request.ts); while a newer answer is on its way the last
 * one stays on show, marked as updating. Moving layers asks nothing: the
 * compiled project stays the same object (project/compiled.ts).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Project, ProjectNode } from '../../../shared/graph';
import type { KnownWeights } from '../code/model-weights';
import { recallEarlierRuns, useModelWeights, weightsPlanFor } from '../code/use-model-weights';
import { probeLayers, type Probed } from '../compute/probe';
import { LatestRequest, type Outcome } from '../evaluation/latest-request';
import type { Compiled } from '../project/compiled';
import { useProjectStore } from '../project/store';
import { datasetKey } from '../training/dataset-store';
import { errorText } from '../training/store';
import { useDatasetStore } from '../training/use-training';
import { feedingLayers } from '../../../shared/graph/feeding';
import { sentence, tooLarge } from './layer-preview';
import { describeSamples } from '../training/datasets';
import { previewSample, type PreviewSample } from './preview-sample';
import { freshWeightsFor } from './fresh-weights-client';
import { weightsLabel, weightsOf } from './preview-weights';

/** How long typing pauses before the preview is asked again. */
export const DEBOUNCE_MS = 200;

type ReadySample = Extract<PreviewSample, { status: 'ready' }>;

interface Ask {
  readonly project: Project;
  readonly layer: string;
  readonly feeding: ReadonlySet<string>;
  readonly carry: KnownWeights | null;
  readonly seed: number;
  readonly sample: ReadySample;
  readonly inputShape: readonly number[];
}

export interface PreviewOutput {
  /** One sample's output, flat. */
  readonly values: Float32Array;
  /** Without the batch axis. */
  readonly shape: readonly number[];
}

export type LayerPreviewState =
  /** No preview, and why, in a sentence. */
  | { readonly kind: 'none'; readonly text: string }
  | { readonly kind: 'loading'; readonly text: string }
  /** The Input layer: the sample itself. */
  | { readonly kind: 'input'; readonly sample: ReadySample; readonly output: PreviewOutput }
  | {
      readonly kind: 'probe';
      /** The answer on show, for the selected layer (possibly for an earlier edit of it). */
      readonly sample: ReadySample;
      readonly output: PreviewOutput | null;
      readonly error: string | null;
      /** Which weights the answer on show was made with. */
      readonly weights: string | null;
      /** A newer answer is on its way. */
      readonly updating: boolean;
    };

async function probe(ask: Ask): Promise<PreviewOutput> {
  const all = ask.carry?.weights ?? (await freshWeightsFor(ask.project, ask.feeding, ask.layer, ask.seed));
  const probed: Map<string, Probed> = await probeLayers(ask.project, [ask.layer], weightsOf(all, ask.feeding), { data: ask.sample.x, shape: [1, ...ask.inputShape] });
  const out = probed.get(ask.layer);
  if (!out) throw new Error('the layer gave no output');
  return { values: out.data, shape: out.shape.slice(1) };
}

/** Why the layer cannot be previewed before anything runs, or null. */
function blocker(project: Project, node: ProjectNode, compiled: Compiled, feeding: ReadonlySet<string>): string | null {
  if (!compiled.result.shapes.get(node.id)) return 'No preview until this layer has an output shape: fix the problems before it first.';
  const inputs = project.nodes.filter((n) => n.type === 'Input' && feeding.has(n.id));
  if (inputs.length === 0) return 'This layer is not connected to an Input layer, so there is nothing to run through it.';
  if (inputs.length > 1) return `The preview runs models with one Input layer, and this layer depends on ${inputs.length}.`;
  return tooLarge(compiled, feeding);
}

/** The answers the probe gives, asked as `ask` changes: debounced, one at a time, the newest winning. */
function useProbe(ask: Ask | null): { readonly ask: Ask; readonly outcome: Outcome<PreviewOutput> } | null {
  const [shown, setShown] = useState<{ ask: Ask; outcome: Outcome<PreviewOutput> } | null>(null);
  const requests = useRef<LatestRequest<Ask, PreviewOutput> | null>(null);
  const lastLayer = useRef<string | null>(null);
  useEffect(() => {
    const r = new LatestRequest(probe, (a: Ask, outcome: Outcome<PreviewOutput>) => setShown({ ask: a, outcome }));
    requests.current = r;
    return () => {
      r.close();
      requests.current = null;
    };
  }, []);
  useEffect(() => {
    const r = requests.current;
    if (!r || !ask) return r?.want(null);
    // A new selection is asked at once; edits to the same layer wait for a pause.
    const newLayer = ask.layer !== lastLayer.current;
    lastLayer.current = ask.layer;
    if (newLayer) return r.want(ask);
    const timer = setTimeout(() => r.want(ask), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [ask]);
  return shown;
}

export function useLayerPreview(project: Project, node: ProjectNode, compiled: Compiled): LayerPreviewState {
  const ref = project.dataset;
  const described = useDatasetStore((s) => (ref ? s.described[datasetKey(ref)] : undefined));
  const describe = useDatasetStore((s) => s.describe);
  useEffect(() => {
    if (ref) void describe(ref, { samples: describeSamples(ref) });
  }, [ref, describe]);
  const documentKey = useProjectStore((s) => s.documentKey);
  const known = useModelWeights((s) => s.known);
  const preferFresh = useModelWeights((s) => s.preferFresh);
  useEffect(() => {
    // Weights from an earlier session's run of this project, if one fits (asked once per document).
    void recallEarlierRuns(project, documentKey);
  }, [project, documentKey]);
  // As useWeightsPlan, but keyed on the compiled structure: dragging layers must not recompile the model for export.
  const plan = useMemo(
    () => weightsPlanFor(project, documentKey),
    // Not `project`: it changes when layers only move; `compiled` does not. The seed is outside the graph.
    [compiled, project.training?.seed, documentKey, known, preferFresh],
  );
  const { carry, seed } = plan;

  // Only the connections decide it: moving layers must not ask the probe again.
  const edges = project.edges;
  const feeding = useMemo(() => feedingLayers({ edges }, [node.id]), [edges, node.id]);
  const input = project.nodes.find((n) => n.type === 'Input' && feeding.has(n.id));
  const inputShape = input ? compiled.result.shapes.get(input.id)?.outputShape : undefined;
  const integer = input?.params['dtype'] === 'int32';
  const sample = useMemo(() => (inputShape ? previewSample(ref, described, inputShape, integer) : null), [ref, described, inputShape, integer]);
  const blocked = blocker(project, node, compiled, feeding);

  const ask = useMemo<Ask | null>(() => {
    if (blocked || !inputShape || sample?.status !== 'ready' || node.type === 'Input') return null;
    return { project, layer: node.id, feeding, carry, seed, sample, inputShape };
    // Not `project`: it changes when layers only move; `compiled` does not.
  }, [compiled, node.id, node.type, blocked, feeding, carry, seed, sample, inputShape]);
  const shown = useProbe(ask);

  if (blocked) return { kind: 'none', text: blocked };
  if (!sample || !inputShape) return { kind: 'none', text: 'The Input layer has no shape yet.' };
  if (sample.status === 'loading') return { kind: 'loading', text: sample.text };
  if (node.type === 'Input') return { kind: 'input', sample, output: { values: sample.x, shape: inputShape } };
  const mine = shown && shown.ask.layer === node.id ? shown : null;
  return {
    kind: 'probe',
    sample,
    output: mine?.outcome.ok ? mine.outcome.value : null,
    error: mine && !mine.outcome.ok ? sentence(errorText(mine.outcome.error)) : null,
    weights: mine ? weightsLabel(mine.ask) : null,
    updating: !mine || mine.ask !== ask,
  };
}
