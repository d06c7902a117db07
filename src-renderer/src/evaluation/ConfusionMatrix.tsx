/**
 * The confusion matrix as a heatmap table: a row per true class, a column
 * per predicted class, the count in each cell, and the shade telling what
 * share of the row it holds (green on the diagonal, where the model is right).
 */
import { useMemo } from 'react';
import { cellStyle, confusionTable } from './confusion';

export function ConfusionMatrix({ matrix, classes }: { matrix: readonly (readonly number[])[]; classes: readonly string[] }) {
  const table = useMemo(() => confusionTable(matrix, classes), [matrix, classes]);
  return (
    <div className="confusion__wrap">
      <table className={`confusion${table.classes.length <= 4 ? ' confusion--large' : ''}`} data-testid="confusion-matrix" data-classes={table.classes.length}>
        <caption className="confusion__caption">
          Rows: the true class · columns: what the model said. The diagonal counts right answers.
        </caption>
        <thead>
          <tr>
            <th className="confusion__corner" scope="col">
              true ↓ / said →
            </th>
            {table.classes.map((c, i) => (
              <th key={`${i}:${c}`} scope="col" className="confusion__col" title={c}>
                {c}
              </th>
            ))}
            <th scope="col" className="confusion__total">
              total
            </th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, t) => (
            <tr key={`${t}:${row.label}`}>
              <th scope="row" className="confusion__row" title={row.label}>
                {row.label}
              </th>
              {row.cells.map((cell, p) => {
                const style = cellStyle(cell);
                return (
                  <td
                    key={p}
                    className={`confusion__cell${style.strong ? ' confusion__cell--strong' : ''}${cell.correct ? ' confusion__cell--diagonal' : ''}`}
                    style={{ background: style.background }}
                    title={`${cell.count} sample${cell.count === 1 ? '' : 's'} of “${row.label}” ${cell.correct ? 'were recognised correctly' : `were taken for “${table.classes[p]}”`}${row.total ? ` (${Math.round(cell.share * 100)}% of “${row.label}”)` : ''}`}
                    data-testid="confusion-cell"
                    data-true={t}
                    data-predicted={p}
                  >
                    {cell.count}
                  </td>
                );
              })}
              <td className="confusion__total">{row.total}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" className="confusion__row">
              total
            </th>
            {table.predictedTotals.map((n, i) => (
              <td key={i} className="confusion__total">
                {n}
              </td>
            ))}
            <td className="confusion__total">{table.total}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
