/**
 * A few samples of the chosen dataset, shown the way the data is: pictures
 * for images, dots in the plane for two-number points, a table otherwise.
 */
import { useMemo } from 'react';
import { extentOf } from '../evaluation/boundary';
import { ClassLegend } from '../evaluation/ClassLegend';
import { PlanePlot } from '../evaluation/PlanePlot';
import type { DatasetDescription } from '../../../shared/ipc/services';
import { builtinDataset, kindOfShape } from './datasets';
import { ImageThumb } from './ImageThumb';

const className = (d: DatasetDescription, y: number) => (d.task === 'regression' ? y.toPrecision(3) : (d.classes?.[Math.round(y)] ?? String(y)));

function ImageSamples({ d }: { d: DatasetDescription }) {
  return (
    <div className="sample-grid" data-testid="sample-images">
      {d.samples.slice(0, 24).map((s, i) => (
        <figure key={i} className="sample-grid__item">
          <ImageThumb values={s.x} shape={d.inputShape} size={48} label={`Sample ${i + 1}: ${className(d, s.y)}`} />
          <figcaption>{className(d, s.y)}</figcaption>
        </figure>
      ))}
    </div>
  );
}

function TableSamples({ d }: { d: DatasetDescription }) {
  const width = d.inputShape.reduce((a, v) => a * v, 1);
  const columns = Math.min(width, 8);
  const names = Array.from({ length: columns }, (_, i) => d.features?.[i] ?? `x${i + 1}`);
  return (
    <div className="sample-table__wrap">
      <table className="sample-table" data-testid="sample-table">
        <thead>
          <tr>
            {names.map((n) => (
              <th key={n}>{n}</th>
            ))}
            {width > columns && <th>…</th>}
            <th>{d.task === 'regression' ? 'target' : 'class'}</th>
          </tr>
        </thead>
        <tbody>
          {d.samples.slice(0, 8).map((s, i) => (
            <tr key={i}>
              {Array.from({ length: columns }, (_, c) => (
                <td key={c} className="num">
                  {Number(s.x[c]!.toPrecision(4))}
                </td>
              ))}
              {width > columns && <td>…</td>}
              <td>{className(d, s.y)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PointSamples({ d }: { d: DatasetDescription }) {
  const { points, labels } = useMemo(() => {
    const points = new Float32Array(d.samples.length * 2);
    d.samples.forEach((s, i) => points.set([s.x[0]!, s.x[1]!], i * 2));
    return { points, labels: d.samples.map((s) => s.y) };
  }, [d]);
  const extent = useMemo(() => extentOf(points), [points]);
  return (
    <div className="sample-points" data-testid="sample-points">
      <PlanePlot points={points} labels={labels} extent={extent} size={220} label={`${d.samples.length} samples of ${d.name} in the plane`} />
      <ClassLegend classes={d.classes ?? []} />
    </div>
  );
}

export function SamplePreview({ d }: { d: DatasetDescription }) {
  if (!d.samples.length) return <p className="hint">No samples to show.</p>;
  const kind = builtinDataset(d.name)?.kind ?? kindOfShape(d.inputShape);
  if (kind === 'image') return <ImageSamples d={d} />;
  if (kind === 'points' && d.task !== 'regression') return <PointSamples d={d} />;
  if (kind === 'sequence') return <p className="hint">Each sample is a sequence of {d.inputShape.join(' × ')} values.</p>;
  return <TableSamples d={d} />;
}
