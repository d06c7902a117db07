/** The headline numbers for the evaluated split: accuracy, loss, or the regression errors. */
import type { EvaluationResult } from '../../../shared/ipc/services';
import { formatLoss, formatPercent } from '../training/series';

export function EvaluationSummary({ result }: { result: EvaluationResult }) {
  const count = Math.round(result.outputs.length / Math.max(1, result.outputShape.reduce((a, d) => a * d, 1)));
  return (
    <dl className="eval-summary" data-testid="evaluation-summary">
      {result.accuracy !== undefined && (
        <div>
          <dt>Accuracy</dt>
          <dd data-testid="evaluation-accuracy">{formatPercent(result.accuracy)}</dd>
        </div>
      )}
      {result.mae !== undefined && (
        <div>
          <dt>Mean absolute error</dt>
          <dd>{formatLoss(result.mae)}</dd>
        </div>
      )}
      {result.rmse !== undefined && (
        <div>
          <dt>Root mean squared error</dt>
          <dd>{formatLoss(result.rmse)}</dd>
        </div>
      )}
      <div>
        <dt>Loss</dt>
        <dd>{formatLoss(result.loss)}</dd>
      </div>
      <div>
        <dt>Samples</dt>
        <dd>{count.toLocaleString()}</dd>
      </div>
    </dl>
  );
}
