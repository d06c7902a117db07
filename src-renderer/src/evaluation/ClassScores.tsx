/**
 * Per-class precision, recall and F1 with their macro averages, and ROC AUC
 * for yes/no tasks, each explained in a sentence.
 */
import type { ClassificationReport } from '../../../shared/metrics/classification';
import { formatPercent } from '../training/series';

const pct = (v: number) => formatPercent(v);

export function ClassScores({ report, classes }: { report: ClassificationReport; classes: readonly string[] }) {
  return (
    <div className="scores">
      <table className="scores__table" data-testid="class-scores">
        <thead>
          <tr>
            <th scope="col">class</th>
            <th scope="col" className="num" title="Of the samples the model put in this class, the share that belong there.">
              precision
            </th>
            <th scope="col" className="num" title="Of the samples that belong to this class, the share the model found.">
              recall
            </th>
            <th scope="col" className="num" title="The balance of precision and recall (their harmonic mean).">
              F1
            </th>
            <th scope="col" className="num" title="How many samples of this class there are.">
              samples
            </th>
          </tr>
        </thead>
        <tbody>
          {report.perClass.map((r, i) => (
            <tr key={i} data-testid="class-score-row">
              <th scope="row">{classes[i] ?? String(i)}</th>
              <td className="num">{pct(r.precision)}</td>
              <td className="num">{pct(r.recall)}</td>
              <td className="num">{pct(r.f1)}</td>
              <td className="num">{r.support.toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="macro-average">
            <th scope="row">average</th>
            <td className="num">{pct(report.macro.precision)}</td>
            <td className="num">{pct(report.macro.recall)}</td>
            <td className="num">{pct(report.macro.f1)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
      <p className="hint">
        <strong>Precision</strong>: of the samples the model put in a class, how many belong there. <strong>Recall</strong>: of the samples of a class, how many the model found. <strong>F1</strong> balances the two. The average weighs every class equally.
      </p>
      {report.rocAuc !== undefined && Number.isFinite(report.rocAuc) && (
        <p className="scores__auc" data-testid="roc-auc">
          ROC AUC <strong>{report.rocAuc.toFixed(3)}</strong>
          <span className="hint"> — the chance that the model scores a random “1” above a random “0”. 1 is perfect; 0.5 is a coin toss.</span>
        </p>
      )}
    </div>
  );
}
