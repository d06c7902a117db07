/** The window: a top bar over the canvas, titled after the open project. */
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useMemo } from 'react';
import { compile } from '../../shared/compiler';
import { Canvas, IssueList } from './canvas/Canvas';
import { useProjectStore } from './project/store';
import { TopBar } from './TopBar';

export function App() {
  const template = useProjectStore((s) => s.template);
  const project = useProjectStore((s) => s.project);
  const loadErrors = useProjectStore((s) => s.loadErrors);
  // The editor's live check: shapes and errors only, cheap enough for every edit.
  const result = useMemo(() => (project ? compile(project, { shapesOnly: true }) : null), [project]);

  useEffect(() => {
    document.title = `Netwright — ${project ? project.name : template.label}`;
  }, [project, template]);

  return (
    <div className="app">
      <TopBar summary={project && result ? { layers: project.nodes.length, params: result.totals.total, errors: result.errors.length } : null} />
      <main className="app__main">
        {project && result ? (
          <ReactFlowProvider key={template.id}>
            <Canvas project={project} result={result} />
          </ReactFlowProvider>
        ) : (
          <div className="load-failed">
            <IssueList issues={loadErrors} title={`${template.label} could not be opened`} />
          </div>
        )}
      </main>
    </div>
  );
}
