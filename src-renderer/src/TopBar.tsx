/**
 * The bar above the canvas: the open template (click for the gallery), the
 * editing tools, Export, the model's size and whether it checks out, and the
 * theme and help buttons. Every button runs an action from actions/, the same
 * object its keyboard shortcut runs.
 *
 * It fits the window rather than scrolling: as the window narrows, app.css
 * turns the tools into icons (their names stay in tooltips and aria-labels),
 * stacks the summary, and then moves the less used tools into a More menu.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { actionFitView, actionLayout, actionRedo, actionShortcuts, actionTemplates, actionToggleTheme, actionUndo, type Action } from './actions';
import { runAction, tooltipFor } from './actions/run';
import { formatCount } from './canvas/flow-graph';
import { usePreferences } from './editor/preferences';
import { ExportMenu } from './ExportMenu';
import { MoreMenu } from './MoreMenu';
import { FileButtons } from './files/FileButtons';
import { host } from './host';
import { useProjectStore } from './project/store';
import { ViewTabs } from './views/ViewTabs';
import { FitIcon, GridIcon, LayoutIcon, MoonIcon, RedoIcon, SunIcon, UndoIcon } from './ui/icons';

export interface ModelSummary {
  readonly layers: number;
  readonly params: number;
  readonly errors: number;
}

function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

function useVersion(): string | null {
  const [version, setVersion] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    host.version().then((v) => live && setVersion(v), () => live && setVersion(null));
    return () => {
      live = false;
    };
  }, []);
  return version;
}

function Tool({ action, children, className, disabled, label, testId }: { action: Action; children: ReactNode; className?: string; disabled?: boolean; label?: string; testId?: string }) {
  return (
    <button type="button" className={className ? `tool ${className}` : 'tool'} title={tooltipFor(action, label)} aria-label={label ?? action.label} disabled={disabled} data-testid={testId ?? `tool-${action.name}`} onClick={() => runAction(action)}>
      {children}
    </button>
  );
}

export function TopBar({ summary }: { summary: ModelSummary | null }) {
  const template = useProjectStore((s) => s.template);
  const past = useProjectStore((s) => s.past);
  const future = useProjectStore((s) => s.future);
  const theme = usePreferences((s) => s.theme);
  const version = useVersion();
  const undoLabel = past.at(-1)?.label;
  const redoLabel = future.at(-1)?.label;
  return (
    <header className="top-bar">
      <span className="top-bar__brand" title={`Netwright${version ? ` ${version}` : ''} · ${host.kind === 'desktop' ? `desktop (${host.platform})` : 'web'}`}>
        Netwright
      </span>
      <button type="button" className="top-bar__template" data-testid="template" data-template-id={template.id} title="Open a template" onClick={() => runAction(actionTemplates)}>
        <GridIcon />
        <span className="top-bar__template-name">{template.label}</span>
      </button>
      <ViewTabs />
      <span className="top-bar__divider" />
      <FileButtons />
      <span className="top-bar__divider" />
      <div className="top-bar__tools" role="toolbar" aria-label="Editing">
        <Tool action={actionUndo} disabled={!undoLabel} label={undoLabel ? `Undo ${undoLabel}` : 'Undo'}>
          <UndoIcon />
        </Tool>
        <Tool action={actionRedo} disabled={!redoLabel} label={redoLabel ? `Redo ${redoLabel}` : 'Redo'}>
          <RedoIcon />
        </Tool>
        <span className="top-bar__divider" />
        <Tool action={actionLayout} className="top-bar__roomy">
          <LayoutIcon />
          <span className="tool__label">Tidy up</span>
        </Tool>
        <Tool action={actionFitView} className="top-bar__roomy">
          <FitIcon />
          <span className="tool__label">Fit</span>
        </Tool>
        <span className="top-bar__divider top-bar__roomy" />
        <ExportMenu className="top-bar__roomy" />
        <MoreMenu />
      </div>
      <span className="top-bar__spacer" />
      {summary && (
        <span className="top-bar__summary" data-testid="model-summary">
          <span>
            {plural(summary.layers, 'layer')} · {plural(summary.params, 'parameter')}
          </span>
          <span className="top-bar__summary-sep"> · </span>
          {summary.errors === 0 ? <span className="ok">shapes check out</span> : <span className="bad">{plural(summary.errors, 'problem')}</span>}
        </span>
      )}
      <Tool action={actionToggleTheme} className="top-bar__roomy" label={theme === 'dark' ? 'Switch to the light theme' : 'Switch to the dark theme'} testId="theme-toggle">
        {theme === 'dark' ? <SunIcon /> : <MoonIcon />}
      </Tool>
      <Tool action={actionShortcuts} className="top-bar__roomy" testId="help">
        ?
      </Tool>
    </header>
  );
}
