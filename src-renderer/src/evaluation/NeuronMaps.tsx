/**
 * Every hidden neuron of a two-input model as a small picture of the plane,
 * as TensorFlow Playground draws them: each tile shows where its unit is
 * active, so a learner sees each neuron draw its own line and the output
 * combine them into the decision boundary above. Redrawn after every epoch.
 */
import { memo, useEffect, useMemo, useRef } from 'react';
import type { TrainingService } from '../../../shared/ipc/services';
import type { Probed } from '../compute/probe';
import { extentOf, GRID_SIZE } from './boundary';
import { layerDetail, legendNumber, MAX_LAYERS, MAX_UNITS, NEGATIVE, POSITIVE, scaleOf, tilePixels, unitTitle, type ActivationScale, type NeuronLayer } from './neuron-maps';
import { useSurfaceColor } from './surface-color';
import { useNeuronMaps } from './use-neuron-maps';
import './neuron-maps.css';

export interface NeuronMapsProps {
  readonly service: TrainingService;
  readonly runId: string | null;
  /** Changes whenever the model may have changed: the epoch count and the run's status. */
  readonly version: string;
  readonly training: boolean;
  /** The data points, x, y interleaved: the tiles cover the same square as the decision boundary. */
  readonly points: Float32Array;
  readonly maxLayers?: number;
  /** A tile's side in CSS pixels. */
  readonly tileSize?: number;
}

const NeuronTile = memo(function NeuronTile({ pixels, size, title }: { pixels: Uint8ClampedArray; size: number; title: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    canvas.current?.getContext('2d')?.putImageData(new ImageData(pixels as Uint8ClampedArray<ArrayBuffer>, GRID_SIZE, GRID_SIZE), 0, 0);
  }, [pixels]);
  // One canvas pixel per grid cell; the browser smooths it up to the tile's size.
  return <canvas ref={canvas} className="neuron-maps__tile" width={GRID_SIZE} height={GRID_SIZE} style={{ width: size, height: size }} title={title} role="img" aria-label={title} data-testid="neuron-tile" />;
});

function ScaleLegend({ scale }: { scale: ActivationScale }) {
  const max = legendNumber(scale.max);
  const diverging = scale.kind === 'diverging';
  const gradient = diverging ? `linear-gradient(to right, ${NEGATIVE}, var(--surface), ${POSITIVE})` : `linear-gradient(to right, var(--surface), ${POSITIVE})`;
  return (
    <span className="neuron-maps__legend" title={diverging ? 'Purple: negative, green: positive, pale: near 0' : 'Pale: 0, green: the layer’s largest value'} data-testid="neuron-legend" data-kind={scale.kind}>
      <span>{diverging ? `−${max}` : '0'}</span>
      <span className="neuron-maps__ramp" style={{ background: gradient }} />
      <span>{max}</span>
    </span>
  );
}

function LayerRow({ layer, probed, tileSize, background }: { layer: NeuronLayer; probed: Probed; tileSize: number; background: string }) {
  const units = probed.shape[1] ?? layer.units;
  const scale = useMemo(() => scaleOf(probed.data), [probed]);
  const tiles = useMemo(
    () => Array.from({ length: Math.min(units, MAX_UNITS) }, (_, u) => tilePixels(probed.data, units, u, scale, background)),
    [probed, units, scale, background],
  );
  const more = units - tiles.length;
  return (
    <div className="neuron-maps__layer" data-testid="neuron-layer" data-layer={layer.id}>
      <div className="neuron-maps__head">
        <span className="neuron-maps__name">{layer.name}</span>
        <span className="muted">{layerDetail(layer)}</span>
        <ScaleLegend scale={scale} />
      </div>
      <div className="neuron-maps__tiles">
        {tiles.map((pixels, u) => (
          <NeuronTile key={u} pixels={pixels} size={tileSize} title={unitTitle(layer, u)} />
        ))}
        {more > 0 && <span className="neuron-maps__more hint">and {more} more</span>}
      </div>
    </div>
  );
}

export function NeuronMaps({ service, runId, version, training, points, maxLayers = MAX_LAYERS, tileSize = 48 }: NeuronMapsProps) {
  const extent = useMemo(() => (points.length ? extentOf(points) : null), [points]);
  const { maps, problem } = useNeuronMaps(service, runId, extent, version, training, maxLayers);
  // The tiles are mixed into the theme's background.
  const background = useSurfaceColor();
  const shown = maps?.layers.filter((l) => maps.outputs.has(l.id)) ?? [];
  const hiddenMore = (maps?.layers.length ?? 0) - shown.length;
  return (
    <div className="neuron-maps" data-testid="neuron-maps" data-version={maps?.version ?? ''}>
      {problem && (problem.kind === 'failed' || !maps) && (
        <p className={problem.kind === 'failed' ? 'callout callout--info' : 'hint'} data-testid="neuron-maps-problem">
          {problem.kind === 'failed' ? problem.text : 'The neurons appear when the first epoch ends.'}
        </p>
      )}
      {!maps && !problem && <p className="hint">Reading the neurons…</p>}
      {maps && shown.length === 0 && <p className="hint">This model has no hidden layer: its output neuron draws the boundary on its own, and one neuron can only draw a straight line.</p>}
      {maps && shown.map((layer) => <LayerRow key={layer.id} layer={layer} probed={maps.outputs.get(layer.id)!} tileSize={tileSize} background={background} />)}
      {hiddenMore > 0 && (
        <p className="hint">
          And {hiddenMore} more hidden {hiddenMore === 1 ? 'layer' : 'layers'}, not drawn here.
        </p>
      )}
      {maps && shown.length > 0 && (
        <p className="hint">
          Each square is one neuron over the same plane as the boundary: green where its output is positive, purple where negative, fading out near 0. Each draws a simple shape; the layers after combine them. Weights as of epoch {maps.epoch}.
        </p>
      )}
    </div>
  );
}
