/**
 * How the run ended, in a sentence, and its final scores on the data it was
 * judged on (the test split, or the training data when there is none).
 */
import { formatLoss, formatPercent } from './series';
import type { DoneEvent } from './store';

const REASON: Record<DoneEvent['reason'], string> = {
  completed: 'Training finished.',
  early_stopping: 'Training stopped early: the model had stopped improving, so the best weights were kept.',
  stopped: 'Training was stopped.',
};

export function RunOutcome({ result }: { result: DoneEvent }) {
  const judged = result.test ? { on: 'the test data', e: result.test } : result.train ? { on: 'the training data', e: result.train } : result.validation ? { on: 'the validation data', e: result.validation } : null;
  return (
    <div className="run-outcome" data-testid="run-outcome" data-reason={result.reason}>
      <p>{REASON[result.reason]}</p>
      {judged && (
        <p>
          On {judged.on}:{' '}
          {judged.e.accuracy !== undefined && (
            <>
              accuracy <strong data-testid="final-accuracy">{formatPercent(judged.e.accuracy)}</strong>,{' '}
            </>
          )}
          {judged.e.mae !== undefined && (
            <>
              mean absolute error <strong>{formatLoss(judged.e.mae)}</strong>,{' '}
            </>
          )}
          loss <strong>{formatLoss(judged.e.loss)}</strong>.{result.reason !== 'stopped' && ' The Evaluate view shows the details.'}
        </p>
      )}
    </div>
  );
}
