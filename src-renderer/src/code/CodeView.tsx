/**
 * The Code view: the open model as PyTorch and Keras code and as an ONNX
 * summary, in a read-only Monaco editor with a tab per file, kept in step
 * with the graph. Copy puts the file on the clipboard; the export buttons
 * write ONNX, a PyTorch or Keras folder (zipped) or the weights, carrying
 * the weights model-weights.ts picks: the newest trained (or imported) ones
 * that fit the graph, else fresh ones. The status line says which, and a
 * choice offers fresh weights instead when trained ones exist.
 */
import { lazy, Suspense, useEffect, useState } from 'react';
import { usePreferences } from '../editor/preferences';
import { useProjectStore } from '../project/store';
import { DownloadIcon } from '../ui/icons';
import { copyText } from './clipboard';
import { EXPORT_KINDS, type ExportKind } from './export-kinds';
import { CODE_GROUPS, type CodeGroup } from './generated-code';
import { originLabel, weightsPhrase, type WeightsOrigin, type WeightsPlan } from './model-weights';
import { exportCurrentModel } from './run-export';
import { recallEarlierRuns, useModelWeights, useWeightsPlan } from './use-model-weights';
import { useGeneratedCode } from './useGeneratedCode';
import './code.css';

const MonacoViewer = lazy(() => import('./MonacoViewer'));

interface Status {
  readonly kind: 'info' | 'error';
  readonly text: string;
}

const FIRST_FILE: Record<CodeGroup, string> = { pytorch: 'pytorch/model.py', keras: 'keras/model.py', onnx: 'onnx/summary' };

export function CodeView() {
  const project = useProjectStore((s) => s.project);
  const theme = usePreferences((s) => s.theme);
  const code = useGeneratedCode(project);
  const [group, setGroup] = useState<CodeGroup>('pytorch');
  const [chosen, setChosen] = useState<Record<CodeGroup, string>>(FIRST_FILE);
  const [status, setStatus] = useState<Status | null>(null);
  const [busy, setBusy] = useState<ExportKind | null>(null);

  const files = code?.files.filter((f) => f.group === group) ?? [];
  const file = files.find((f) => f.id === chosen[group]) ?? files[0];
  const problem = code?.problems.get(group);
  const plan = useWeightsPlan(project);
  const documentKey = useProjectStore((s) => s.documentKey);
  useEffect(() => {
    // Weights from an earlier session's run of this project, if one fits: the note and the exports then name them.
    if (project) void recallEarlierRuns(project, documentKey);
  }, [project, documentKey]);

  const copy = () => {
    if (!file) return;
    copyText(file.text).then(
      () => setStatus({ kind: 'info', text: `Copied ${file.name} (${file.text.split('\n').length} lines) to the clipboard.` }),
      (error: unknown) => setStatus({ kind: 'error', text: `Could not copy: ${error instanceof Error ? error.message : String(error)}` }),
    );
  };

  const exportAs = (kind: ExportKind) => {
    setBusy(kind);
    setStatus({ kind: 'info', text: 'Exporting…' });
    exportCurrentModel(kind)
      .then(
        (text) => setStatus({ kind: 'info', text }),
        (error: unknown) => setStatus({ kind: 'error', text: `Export failed: ${error instanceof Error ? error.message : String(error)}` }),
      )
      .finally(() => setBusy(null));
  };

  return (
    <section className="code-view" data-testid="codeview">
      <div className="code-view__toolbar">
        <div className="code-view__groups" role="tablist" aria-label="Format">
          {CODE_GROUPS.map((g) => (
            <button key={g.id} type="button" role="tab" aria-selected={group === g.id} className="code-view__group" data-testid={`code-group-${g.id}`} onClick={() => setGroup(g.id)}>
              {g.label}
            </button>
          ))}
        </div>
        <span className="code-view__spacer" />
        <button type="button" className="tool" data-testid="code-copy" disabled={!file || !!problem} title="Copy this file to the clipboard" onClick={copy}>
          <CopyIcon /> Copy
        </button>
        <span className="top-bar__divider" />
        <span className="code-view__label" id="code-export-label">
          <DownloadIcon /> Export
        </span>
        <div className="code-view__exports" role="group" aria-labelledby="code-export-label">
          {EXPORT_KINDS.map((k) => (
            <button key={k.kind} type="button" className="button" data-testid={`code-export-${k.kind}`} title={k.detail} disabled={busy !== null || !code || code.files.length === 0} aria-busy={busy === k.kind} onClick={() => exportAs(k.kind)}>
              {k.label}
            </button>
          ))}
        </div>
      </div>
      <div className="code-view__tabs" role="tablist" aria-label="Files">
        {files.map((f) => (
          <button key={f.id} type="button" role="tab" aria-selected={f.id === file?.id} className="code-view__tab" data-testid="code-tab" data-file-id={f.id} onClick={() => setChosen((c) => ({ ...c, [group]: f.id }))}>
            {f.name}
          </button>
        ))}
      </div>
      <div className="code-view__body">
        {problem ? (
          <div className="code-view__problem" role="alert" data-testid="code-problem">
            <pre>{problem}</pre>
          </div>
        ) : file ? (
          <Suspense fallback={<p className="code-view__loading">Loading the editor…</p>}>
            <MonacoViewer fileId={file.id} text={file.text} language={file.language} theme={theme} />
          </Suspense>
        ) : (
          <p className="code-view__loading">{project ? 'Generating the code…' : 'The project could not be opened, so there is no code to show.'}</p>
        )}
      </div>
      <footer className="code-view__footer">
        <p className={`code-view__status${status?.kind === 'error' ? ' code-view__status--error' : ''}`} role="status" data-testid="code-status">
          {status?.text ?? `Generated from the graph and updated as you edit; read-only. Exports carry ${plan ? weightsPhrase(plan) : 'no weights: there is no model'}.`}
        </p>
        {plan?.fitting && <WeightsChoice plan={plan} fitting={plan.fitting.origin} onChange={() => setStatus(null)} />}
      </footer>
    </section>
  );
}

/** Trained (or imported) weights, or fresh ones: what the exports carry. */
function WeightsChoice({ plan, fitting, onChange }: { plan: WeightsPlan; fitting: WeightsOrigin; onChange: () => void }) {
  return (
    <label className="code-view__weights">
      Export with
      <select
        data-testid="code-weights-choice"
        value={plan.carry ? 'known' : 'fresh'}
        onChange={(e) => {
          useModelWeights.getState().setPreferFresh(e.target.value === 'fresh');
          onChange();
        }}
      >
        <option value="known">{originLabel(fitting)}</option>
        <option value="fresh">fresh weights (seed {plan.seed})</option>
      </select>
    </label>
  );
}

const CopyIcon = () => (
  <svg className="icon" width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
    <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
    <path d="M10.5 5.5v-2a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h2" />
  </svg>
);
