/**
 * "Output on a sample": what the selected layer outputs for the first sample
 * of the project's dataset, with the weights exports would carry, following
 * edits as they are made (use-layer-preview.ts). Feature maps show as
 * channel tiles, sequences as a heatmap, vectors as bars or, for
 * probabilities, the most likely classes; always with the numbers beside.
 */
import type { Project, ProjectNode } from '../../../shared/graph';
import type { Compiled } from '../project/compiled';
import { kindOfShape } from '../training/datasets';
import { ImageThumb } from '../training/ImageThumb';
import { useDatasetStore } from '../training/use-training';
import { datasetKey } from '../training/dataset-store';
import { previewView, probabilityKind } from './layer-preview';
import { BarStrip, ChannelGrid, ClassList, SequenceHeatmap, StatsLine } from './PreviewViews';
import { useLayerPreview, type LayerPreviewState, type PreviewOutput } from './use-layer-preview';
import './layer-preview.css';

function OutputView({ output, node, classes }: { output: PreviewOutput; node: ProjectNode; classes: readonly string[] | undefined }) {
  const { values, shape } = output;
  switch (previewView(shape)) {
    case 'maps':
      return <ChannelGrid values={values} shape={shape as [number, number, number]} />;
    case 'sequence':
      return <SequenceHeatmap values={values} shape={shape as [number, number]} />;
    case 'vector': {
      const kind = probabilityKind(node);
      return kind ? <ClassList values={values} kind={kind} classes={classes} /> : <BarStrip values={values} />;
    }
    case 'numbers':
      return null;
  }
}

/** The dataset's class names, for the model's own outputs only: a hidden softmax's units are not the classes. */
function useClassNames(project: Project, node: ProjectNode, compiled: Compiled): readonly string[] | undefined {
  const ref = project.dataset;
  const described = useDatasetStore((s) => (ref ? s.described[datasetKey(ref)] : undefined));
  if (described?.status !== 'ready' || !compiled.result.wiring.outputs.includes(node.id)) return undefined;
  return described.description.classes;
}

function stateName(state: LayerPreviewState): string {
  if (state.kind !== 'probe') return state.kind === 'input' ? 'ready' : state.kind;
  if (state.error) return 'error';
  return state.output ? 'ready' : 'computing';
}

function SampleLine({ caption, weights }: { caption: string; weights?: string | null }) {
  return (
    <p className="inspector__hint" data-testid="preview-sample">
      On {caption}
      {weights ? (
        <>
          , with <span data-testid="preview-weights">{weights}</span>
        </>
      ) : null}
      .
    </p>
  );
}

function Body({ state, project, node, compiled }: { state: LayerPreviewState; project: Project; node: ProjectNode; compiled: Compiled }) {
  const classes = useClassNames(project, node, compiled);
  switch (state.kind) {
    case 'none':
    case 'loading':
      return (
        <p className="inspector__hint" data-testid="preview-message">
          {state.text}
        </p>
      );
    case 'input': {
      const { output, sample } = state;
      return (
        <>
          <SampleLine caption={sample.caption} />
          {sample.note && <p className="layer-preview__note">{sample.note}</p>}
          <StatsLine values={output.values} shape={output.shape} />
          {kindOfShape(output.shape) === 'image' ? (
            <div className="layer-preview__input" data-testid="preview-input-image">
              <ImageThumb values={output.values} shape={output.shape} size={112} label={`The input: ${sample.caption}`} />
            </div>
          ) : (
            <OutputView output={output} node={node} classes={undefined} />
          )}
        </>
      );
    }
    case 'probe':
      return (
        <>
          <SampleLine caption={state.sample.caption} weights={state.weights} />
          {state.sample.note && <p className="layer-preview__note">{state.sample.note}</p>}
          {state.error ? (
            <p className="layer-preview__error" role="alert" data-testid="preview-error">
              {state.error}
            </p>
          ) : state.output ? (
            <div className={state.updating ? 'layer-preview__output layer-preview__output--updating' : 'layer-preview__output'}>
              <StatsLine values={state.output.values} shape={state.output.shape} />
              <OutputView output={state.output} node={node} classes={classes} />
            </div>
          ) : (
            <p className="inspector__hint">Running the sample through the model…</p>
          )}
        </>
      );
  }
}

export function LayerPreview({ project, node, compiled }: { project: Project; node: ProjectNode; compiled: Compiled }) {
  const state = useLayerPreview(project, node, compiled);
  const updating = state.kind === 'probe' && state.updating;
  return (
    <section className="inspector__section layer-preview" data-testid="layer-preview" data-state={stateName(state)} data-updating={updating} aria-busy={updating}>
      <h3>
        Output on a sample
        {state.kind === 'probe' && state.updating && state.output ? <span className="layer-preview__updating"> updating…</span> : null}
      </h3>
      <Body state={state} project={project} node={node} compiled={compiled} />
    </section>
  );
}
