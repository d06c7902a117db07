/**
 * Train, Stop and Resume. Train starts a fresh run with the project as it is
 * now; Stop ends the run after the current chunk of steps, keeping a
 * checkpoint; Resume carries on from that checkpoint.
 */
import { useCompiled } from '../project/compiled';
import { useProjectStore } from '../project/store';
import { useTrainingStore } from './use-training';
import { trainingOf } from './use-training-config';

export function TrainControls() {
  const status = useTrainingStore((s) => s.status);
  const project = useProjectStore((s) => s.project);
  const problems = useCompiled()?.result.errors.length ?? 0;
  const busy = status === 'starting' || status === 'running' || status === 'stopping';
  const blocked = !project ? 'Open a project first.' : problems > 0 ? `The model has ${problems} problem${problems === 1 ? '' : 's'}: fix ${problems === 1 ? 'it' : 'them'} in the Design view first.` : !project.dataset ? 'Choose a dataset first.' : null;
  const first = status === 'idle';
  const planned = project ? trainingOf(project).epochs : 0;
  const trained = useTrainingStore((s) => s.result?.epochs ?? 0);
  // A finished run can go on when the settings now ask for more epochs than it trained.
  const canResume = status === 'stopped' || (status === 'done' && planned > trained);
  return (
    <div className="train-controls">
      <button
        type="button"
        className="button button--primary"
        disabled={busy || !!blocked}
        title={blocked ?? undefined}
        data-testid="train-start"
        // A project without settings of its own trains with the defaults the form shows.
        onClick={() => project && void useTrainingStore.getState().start({ ...project, training: trainingOf(project) })}
      >
        {first ? 'Train' : 'Train again'}
      </button>
      <button type="button" className="button" disabled={status !== 'running' && status !== 'starting'} data-testid="train-stop" onClick={() => void useTrainingStore.getState().stop()}>
        Stop
      </button>
      <button
        type="button"
        className="button"
        disabled={!canResume}
        title={status === 'done' ? `Train on from epoch ${trained} to ${planned}` : 'Carry on from the last checkpoint'}
        data-testid="train-resume"
        onClick={() => void useTrainingStore.getState().resume(status === 'done' ? planned : undefined)}
      >
        {status === 'done' && canResume ? `Train on to ${planned}` : 'Resume'}
      </button>
      <span className="train-controls__status" data-testid="train-status" data-status={status}>
        {blocked && !busy ? blocked : STATUS_TEXT[status]}
      </span>
    </div>
  );
}

const STATUS_TEXT: Record<ReturnType<typeof useTrainingStore.getState>['status'], string> = {
  idle: 'Not trained yet.',
  starting: 'Preparing the data and the model…',
  running: 'Training…',
  stopping: 'Stopping after this chunk of steps…',
  stopped: 'Stopped. Resume carries on from the last checkpoint.',
  done: 'Finished. To train longer, raise the epochs and press “Train on”.',
  failed: 'Training failed.',
};
