/**
 * The window: the top bar over the palette, the canvas and the inspector,
 * plus whichever dialog is open. The open project is compiled here, once per
 * edit (compiled.ts), and the result handed down.
 */
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { useKeyboardShortcuts } from './actions/run';
import { Canvas, IssueList } from './canvas/Canvas';
import { ShortcutsDialog } from './dialogs/ShortcutsDialog';
import { TemplateGallery } from './dialogs/TemplateGallery';
import { usePreferences } from './editor/preferences';
import { useEditorStore } from './editor/store';
import { Inspector } from './inspector/Inspector';
import { Palette } from './palette/Palette';
import { useCompiled } from './project/compiled';
import { useProjectStore } from './project/store';
import { TopBar } from './TopBar';
import { CodeView } from './code/CodeView';
import { useDesktopShell } from './files/useDesktopShell';
import { EvaluateView } from './evaluation/EvaluateView';
import { TrainView } from './training/TrainView';
import { useViewStore } from './views/store';

function useTheme(): void {
  const theme = usePreferences((s) => s.theme);
  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
  }, [theme]);
}

function NoticeBar() {
  const notice = useEditorStore((s) => s.notice);
  if (!notice) return null;
  return (
    <div className={`notice notice--${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      <span>{notice.text}</span>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => useEditorStore.getState().notify(null)}>
        ×
      </button>
    </div>
  );
}

export function App() {
  const template = useProjectStore((s) => s.template);
  const project = useProjectStore((s) => s.project);
  const documentKey = useProjectStore((s) => s.documentKey);
  const loadErrors = useProjectStore((s) => s.loadErrors);
  const dialog = useEditorStore((s) => s.dialog);
  const compiled = useCompiled();
  const view = useViewStore((s) => s.view);
  useKeyboardShortcuts();
  useDesktopShell();
  useTheme();

  useEffect(() => {
    document.title = `Netwright — ${project ? project.name : template.label}`;
  }, [project, template]);

  const result = compiled?.result;
  return (
    <div className="app">
      <TopBar summary={project && result ? { layers: project.nodes.length, params: result.totals.total, errors: result.errors.length } : null} />
      {view === 'design' ? (
      <div className="app__body">
        <Palette />
        <main className="app__main">
          {project && result ? (
            <ReactFlowProvider key={documentKey}>
              <Canvas project={project} result={result} />
            </ReactFlowProvider>
          ) : (
            <div className="load-failed">
              <IssueList issues={loadErrors} title={`${template.label} could not be opened`} />
            </div>
          )}
          <NoticeBar />
        </main>
        <Inspector />
      </div>
      ) : (
        <div className="app__view">{view === 'train' ? <TrainView /> : view === 'evaluate' ? <EvaluateView /> : <CodeView />}</div>
      )}
      {dialog === 'templates' && <TemplateGallery />}
      {dialog === 'shortcuts' && <ShortcutsDialog />}
    </div>
  );
}
