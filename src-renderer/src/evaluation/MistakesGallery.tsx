/**
 * The samples the model got wrong, most confident first: pictures for image
 * data, rows of numbers otherwise, each with the true class and what the
 * model said.
 */
import { useMemo } from 'react';
import type { EvaluationResult } from '../../../shared/ipc/services';
import type { DataKind } from '../training/datasets';
import { ImageThumb } from '../training/ImageThumb';
import { formatPercent } from '../training/series';
import { mistakes, predictions, type Mistake } from './mistakes';
import { sizeOf } from './model-shapes';

function ImageMistakes({ list, result, names }: { list: Mistake[]; result: EvaluationResult; names: (i: number) => string }) {
  const inputs = result.inputs!;
  const shape = inputs.shape.slice(1);
  const size = sizeOf(shape);
  return (
    <div className="mistakes-grid">
      {list.map((m) => (
        <figure key={m.index} className="mistake" data-testid="mistake">
          <ImageThumb values={inputs.data.subarray(m.index * size, (m.index + 1) * size)} shape={shape} size={72} label={`Sample ${m.index + 1}: a ${names(m.truth)} taken for a ${names(m.predicted)}`} />
          <figcaption>
            <span className="mistake__truth">{names(m.truth)}</span>
            <span className="mistake__arrow">→</span>
            <span className="mistake__said">{names(m.predicted)}</span>
            <span className="mistake__confidence">{formatPercent(m.confidence, 0)} sure</span>
          </figcaption>
        </figure>
      ))}
    </div>
  );
}

function RowMistakes({ list, result, names, features }: { list: Mistake[]; result: EvaluationResult; names: (i: number) => string; features?: readonly string[] }) {
  const inputs = result.inputs;
  const size = inputs ? sizeOf(inputs.shape.slice(1)) : 0;
  const columns = Math.min(size, 6);
  return (
    <table className="sample-table" data-testid="mistakes-table">
      <thead>
        <tr>
          <th>sample</th>
          {Array.from({ length: columns }, (_, c) => (
            <th key={c}>{features?.[c] ?? `x${c + 1}`}</th>
          ))}
          {size > columns && <th>…</th>}
          <th>true class</th>
          <th>model said</th>
          <th className="num">sure</th>
        </tr>
      </thead>
      <tbody>
        {list.map((m) => (
          <tr key={m.index} data-testid="mistake">
            <td>{m.index + 1}</td>
            {Array.from({ length: columns }, (_, c) => (
              <td key={c} className="num">
                {Number(inputs!.data[m.index * size + c]!.toPrecision(4))}
              </td>
            ))}
            {size > columns && <td>…</td>}
            <td>{names(m.truth)}</td>
            <td className="mistake__said">{names(m.predicted)}</td>
            <td className="num">{formatPercent(m.confidence, 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MistakesGallery({ result, fromLogits, kind, features }: { result: EvaluationResult; fromLogits: boolean; kind: DataKind; features?: readonly string[] }) {
  const width = sizeOf(result.outputShape);
  const { list, total } = useMemo(() => {
    const p = predictions(result.outputs, result.labels, width, fromLogits);
    let wrong = 0;
    for (let i = 0; i < p.truth.length; i++) if (p.truth[i] !== p.predicted[i]) wrong++;
    return { list: mistakes(p), total: wrong };
  }, [result, width, fromLogits]);
  const names = (i: number) => result.classes[i] ?? String(i);
  if (total === 0) {
    return (
      <p className="hint" data-testid="no-mistakes">
        No mistakes: the model got every one of these samples right.
      </p>
    );
  }
  const images = result.inputs && kind === 'image';
  return (
    <>
      <p className="hint">
        {total.toLocaleString()} sample{total === 1 ? ' was' : 's were'} misclassified{total > list.length ? `; here are the ${list.length} the model was surest about` : ''}.
      </p>
      {images ? <ImageMistakes list={list} result={result} names={names} /> : <RowMistakes list={list} result={result} names={names} {...(features ? { features } : {})} />}
    </>
  );
}
