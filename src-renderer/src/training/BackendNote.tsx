/** Where this run trains (from the session's start event), with a clear note for the CPU fallback. */
import { backendText } from './backend-text';
import type { StartEvent } from './store';

export function BackendNote({ info }: { info: StartEvent }) {
  const text = backendText(info.backend, info.adapter, info.note);
  return (
    <div className="backend" data-testid="backend" data-backend={info.backend}>
      <span className="backend__label">Training on</span> <strong data-testid="backend-adapter">{text.title}</strong>
      <span className="backend__facts">
        {' · '}
        {info.params.toLocaleString()} parameters · batches of {info.batchSize} · {info.stepsPerEpoch.toLocaleString()} step{info.stepsPerEpoch === 1 ? '' : 's'} per epoch
      </span>
      {text.note && (
        <p className={`callout ${text.fallback ? 'callout--warning' : 'callout--info'}`} data-testid={text.fallback ? 'cpu-fallback' : 'software-gpu'}>
          {text.note}
        </p>
      )}
    </div>
  );
}
