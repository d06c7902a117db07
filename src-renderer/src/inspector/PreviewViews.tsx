/**
 * The pictures of the layer preview, one per kind of output: channel tiles
 * for feature maps, a heatmap for sequences, a bar strip for vectors, the
 * top classes for probabilities, and the numbers every output gets.
 */
import { memo, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { formatPercent } from '../training/series';
import { formatValue, outputStats, topClasses, type ProbabilityKind } from './layer-preview';
import { barPixels, channelTiles, heatmapPixels, type Pixels, type Range } from './preview-pixels';

/** Pixels drawn one for one and scaled up without smoothing by CSS. */
export const PixelCanvas = memo(function PixelCanvas({ pixels, className, label, testId, style }: { pixels: Pixels; className: string; label: string; testId?: string; style?: CSSProperties }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    el.width = pixels.width;
    el.height = pixels.height;
    el.getContext('2d')?.putImageData(new ImageData(pixels.rgba as Uint8ClampedArray<ArrayBuffer>, pixels.width, pixels.height), 0, 0);
  }, [pixels]);
  return <canvas ref={canvas} className={className} style={style} role="img" aria-label={label} title={label} data-testid={testId} />;
});

const rangeText = ({ lo, hi }: Range) => (lo === hi ? `all ${formatValue(lo)}` : `${formatValue(lo)} to ${formatValue(hi)}`);

export function StatsLine({ values, shape }: { values: Float32Array; shape: readonly number[] }) {
  const s = useMemo(() => outputStats(values), [values]);
  return (
    <dl className="layer-preview__stats" data-testid="preview-stats" data-min={s.min} data-max={s.max} data-mean={s.mean} data-zeros={s.zeros}>
      <div>
        <dt>Shape</dt>
        <dd className="mono" data-testid="preview-shape">{shape.join(' × ') || '1'}</dd>
      </div>
      <div>
        <dt>Min</dt>
        <dd>{formatValue(s.min)}</dd>
      </div>
      <div>
        <dt>Max</dt>
        <dd>{formatValue(s.max)}</dd>
      </div>
      <div>
        <dt>Mean</dt>
        <dd>{formatValue(s.mean)}</dd>
      </div>
      <div>
        <dt title="The share of values that are exactly 0: a ReLU that never fires outputs only zeros">Zeros</dt>
        <dd className={s.zeros > 0.9 ? 'layer-preview__warn' : undefined}>{formatPercent(s.zeros, 0)}</dd>
      </div>
      {s.nonFinite > 0 && (
        <div>
          <dt>Not a number</dt>
          <dd className="layer-preview__warn">{s.nonFinite.toLocaleString('en-US')}</dd>
        </div>
      )}
    </dl>
  );
}

export function ChannelGrid({ values, shape }: { values: Float32Array; shape: readonly [number, number, number] }) {
  const [shared, setShared] = useState(false);
  const { tiles, hidden } = useMemo(() => channelTiles(values, shape, shared), [values, shape, shared]);
  const [height, width] = shape;
  // Few channels get big tiles, many get small ones: the grid fills the inspector's width either way.
  const columns = tiles.length <= 4 ? 2 : tiles.length <= 9 ? 3 : tiles.length <= 16 ? 4 : 6;
  return (
    <div className="layer-preview__maps">
      <div className="layer-preview__tiles" data-testid="preview-tiles" style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
        {tiles.map((t) => (
          <PixelCanvas key={t.channel} pixels={t.pixels} className="layer-preview__tile" style={{ aspectRatio: `${width} / ${height}` }} label={`Channel ${t.channel + 1}: ${rangeText(t.range)}`} testId="preview-tile" />
        ))}
      </div>
      {hidden > 0 && <p className="inspector__hint">and {hidden.toLocaleString('en-US')} more channel{hidden === 1 ? '' : 's'}</p>}
      <label className="layer-preview__toggle">
        <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} data-testid="preview-shared-range" />
        Same brightness scale for all channels
      </label>
    </div>
  );
}

export function SequenceHeatmap({ values, shape }: { values: Float32Array; shape: readonly [number, number] }) {
  const { range, pixels } = useMemo(() => heatmapPixels(values, shape), [values, shape]);
  return (
    <figure className="layer-preview__figure">
      <PixelCanvas pixels={pixels} className="layer-preview__heatmap" label={`${shape[0]} steps × ${shape[1]} features, ${rangeText(range)}`} testId="preview-heatmap" />
      <figcaption className="inspector__hint">
        One row per step, one column per feature; dark is {formatValue(range.lo)}, bright is {formatValue(range.hi)}.
      </figcaption>
    </figure>
  );
}

export function BarStrip({ values }: { values: Float32Array }) {
  const { range, pixels } = useMemo(() => barPixels(values, 48), [values]);
  return (
    <figure className="layer-preview__figure">
      <PixelCanvas pixels={pixels} className="layer-preview__bars" label={`${values.length} values, ${rangeText(range)}`} testId="preview-bars" />
      <figcaption className="inspector__hint">
        One bar per unit{values.length > pixels.width ? ` (${values.length.toLocaleString('en-US')} units, several to a bar)` : ''}: blue above zero, orange below.
      </figcaption>
    </figure>
  );
}

export function ClassList({ values, kind, classes }: { values: Float32Array; kind: ProbabilityKind; classes: readonly string[] | undefined }) {
  const { top, others, rest, sum } = useMemo(() => topClasses(values, kind, classes), [values, kind, classes]);
  return (
    <div className="layer-preview__classes" data-testid="preview-classes">
      <p className="inspector__hint">
        {sum === null ? 'Each unit’s own yes-or-no probability:' : 'Most likely classes'}
        {sum !== null && (
          <>
            {' '}
            (the probabilities add up to <span data-testid="preview-probability-sum" data-value={sum}>{formatValue(sum)}</span>):
          </>
        )}
      </p>
      <ul>
        {top.map((c) => (
          <li key={c.index} data-testid="preview-class" data-class={c.name} data-value={c.p}>
            <span className="layer-preview__class-name" title={c.name}>
              {c.name}
            </span>
            <span className="layer-preview__track">
              <span style={{ width: `${Math.max(0, Math.min(1, c.p)) * 100}%` }} />
            </span>
            <span className="layer-preview__class-p">{formatPercent(c.p, 1)}</span>
          </li>
        ))}
      </ul>
      {others > 0 && (
        <p className="inspector__hint" data-testid="preview-other-classes" data-value={rest}>
          {sum === null ? `and ${others} more units` : `The other ${others} classes: ${formatPercent(rest, 1)} together.`}
        </p>
      )}
    </div>
  );
}
