/** The progress bar over the whole run, with the epoch, the pace and the time left. */
import type { EpochRecord } from '../../../shared/ipc/services';
import { formatDuration, overallProgress } from './series';
import type { ProgressEvent, StartEvent } from './store';

export function RunProgress({ info, progress, epochs, running }: { info: StartEvent; progress: ProgressEvent | null; epochs: readonly EpochRecord[]; running: boolean }) {
  const p = overallProgress(info, progress, epochs);
  const percent = Math.round(p.fraction * 100);
  const pace = progress?.samplesPerSec ?? epochs.at(-1)?.samplesPerSec;
  return (
    <div className="run-progress" data-testid="run-progress">
      <div className="run-progress__bar" role="progressbar" aria-label="Training progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="run-progress__fill" style={{ width: `${p.fraction * 100}%` }} />
      </div>
      <div className="run-progress__text">
        <span data-testid="run-epoch">
          Epoch {running ? p.epoch : Math.min(p.epochs, epochs.at(-1)?.epoch ?? 0)} of {p.epochs}
        </span>
        {running && progress && progress.epoch === p.epoch && (
          <span className="muted">
            {' '}
            · step {progress.step.toLocaleString()} of {progress.stepsPerEpoch.toLocaleString()}
          </span>
        )}
        <span className="run-progress__spacer" />
        {pace !== undefined && <span className="muted run-progress__pace">{Math.round(pace).toLocaleString()} samples/s</span>}
        <span data-testid="run-eta">{running ? (p.etaSeconds === null ? 'measuring speed…' : `${formatDuration(p.etaSeconds)} left`) : `${percent}%`}</span>
      </div>
    </div>
  );
}
