/**
 * The template gallery: every example project as a card with its title,
 * level, summary and a thumbnail of its graph, after a blank project to
 * build from scratch (the web has no File › New). Opening one is recorded, so
 * Undo brings back the project that was open before.
 */
import { useMemo } from 'react';
import { compile } from '../../../shared/compiler';
import { toFlowGraph } from '../canvas/flow-graph';
import { diagramFromFlow } from '../diagram/collect';
import { openNewProject } from '../files/file-actions';
import { renderDiagramSvg } from '../diagram/diagram-svg';
import { useEditorStore } from '../editor/store';
import { useProjectStore } from '../project/store';
import { TEMPLATES, type Template } from '../project/templates';
import { Dialog } from '../ui/Dialog';

/** The template's graph as a small picture, from the same exporter as the diagrams. */
function thumbnail(template: Template): { url: string; layers: number } | null {
  const loaded = template.load();
  if (!loaded.ok) return null;
  const graph = toFlowGraph(loaded.project, compile(loaded.project, { shapesOnly: true }));
  const svg = renderDiagramSvg(diagramFromFlow(template.label, graph.nodes, graph.edges), { showShapes: false, thumbnail: true });
  return { url: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`, layers: loaded.project.nodes.length };
}

function TemplateCard({ template, current }: { template: Template; current: boolean }) {
  const thumb = useMemo(() => thumbnail(template), [template]);
  return (
    <li>
      <button
        type="button"
        className={`template-card${current ? ' template-card--current' : ''}`}
        data-testid="template-card"
        data-template-id={template.id}
        onClick={() => {
          useProjectStore.getState().openTemplate(template.id);
          const editor = useEditorStore.getState();
          editor.clearSelection();
          editor.closeDialog();
        }}
      >
        <div className="template-card__preview">{thumb ? <img src={thumb.url} alt="" /> : <span className="muted">Preview unavailable</span>}</div>
        <div className="template-card__text">
          <div className="template-card__meta">
            {template.level && <span className={`level level--${template.level}`}>{template.level}</span>}
            {thumb && <span className="muted">{thumb.layers} layers</span>}
          </div>
          <h3>{template.label}</h3>
          {template.summary && <p>{template.summary}</p>}
        </div>
      </button>
    </li>
  );
}

function BlankCard() {
  return (
    <li>
      <button
        type="button"
        className="template-card"
        data-testid="new-project"
        onClick={() => {
          openNewProject();
          useEditorStore.getState().closeDialog();
        }}
      >
        <div className="template-card__preview">
          <span className="template-card__blank" aria-hidden>
            +
          </span>
        </div>
        <div className="template-card__text">
          <div className="template-card__meta">
            <span className="muted">1 layer</span>
          </div>
          <h3>Blank project</h3>
          <p>Just an Input layer: drag layers from the palette to build your own model.</p>
        </div>
      </button>
    </li>
  );
}

export function TemplateGallery() {
  const currentId = useProjectStore((s) => s.template.id);
  const close = () => useEditorStore.getState().closeDialog();
  return (
    <Dialog title="Templates" onClose={close} className="dialog--wide" testId="template-gallery">
      <p className="dialog__lead">Start from a blank project or from an example, from a single perceptron to residual networks. Your current model stays one Undo away.</p>
      <ul className="template-grid">
        <BlankCard />
        {TEMPLATES.map((t) => (
          <TemplateCard key={t.id} template={t} current={t.id === currentId} />
        ))}
      </ul>
    </Dialog>
  );
}
