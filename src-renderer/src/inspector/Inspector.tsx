/**
 * The right-hand panel. With one layer selected, that layer's inspector;
 * with a connection, what it carries; with several, what can be done with
 * them; with nothing, the project's description and the model summary.
 */
import { useEditorStore } from '../editor/store';
import { useCompiled } from '../project/compiled';
import { useProjectStore } from '../project/store';
import { assignTargetHandles } from '../project/slots';
import { formatShape } from '../canvas/flow-graph';
import { runAction } from '../actions/run';
import { actionDelete, actionDuplicate } from '../actions';
import { ModelSummary } from './ModelSummary';
import { NodeInspector } from './NodeInspector';

export function Inspector() {
  const project = useProjectStore((s) => s.project);
  const compiled = useCompiled();
  const selectedNodes = useEditorStore((s) => s.selectedNodes);
  const selectedEdges = useEditorStore((s) => s.selectedEdges);
  if (!project || !compiled) return <aside className="inspector" />;

  const nodes = project.nodes.filter((n) => selectedNodes.has(n.id));
  const edges = project.edges.filter((e) => selectedEdges.has(e.id));

  let body;
  if (nodes.length === 1) {
    body = <NodeInspector project={project} node={nodes[0]!} compiled={compiled} />;
  } else if (nodes.length > 1) {
    const params = nodes.reduce((n, node) => {
      const s = compiled.result.shapes.get(node.id);
      return n + (s ? s.params.trainable + s.params.nonTrainable : 0);
    }, 0);
    body = (
      <div className="inspector__body" data-testid="multi-inspector">
        <header className="inspector__head">
          <h2>{nodes.length} layers selected</h2>
          <div className="inspector__id">{params.toLocaleString('en-US')} parameters among them</div>
        </header>
        <div className="button-row">
          <button type="button" className="button" onClick={() => runAction(actionDuplicate)}>
            Duplicate
          </button>
          <button type="button" className="button button--danger" onClick={() => runAction(actionDelete)}>
            Delete
          </button>
        </div>
        <p className="inspector__hint">Drag any of them to move them together. Copy with Ctrl+C, paste with Ctrl+V.</p>
      </div>
    );
  } else if (edges.length === 1) {
    const edge = edges[0]!;
    const shape = compiled.result.shapes.get(edge.source);
    body = (
      <div className="inspector__body" data-testid="edge-inspector">
        <header className="inspector__head">
          <h2>Connection</h2>
          <div className="inspector__id">
            {edge.source} → {edge.target}
          </div>
        </header>
        <dl className="facts">
          <div>
            <dt>Carries</dt>
            <dd className="mono">{shape ? formatShape(shape.outputShape) : '?'}</dd>
          </div>
          <div>
            <dt>Into slot</dt>
            <dd className="mono">{assignTargetHandles(project).get(edge.id)}</dd>
          </div>
        </dl>
        <p className="inspector__hint">Use the + on the connection, or drop a layer from the palette onto it, to put a layer in between.</p>
        <div className="button-row">
          <button type="button" className="button button--danger" onClick={() => runAction(actionDelete)}>
            Delete connection
          </button>
        </div>
      </div>
    );
  } else {
    body = (
      <div className="inspector__body" data-testid="project-inspector">
        <header className="inspector__head">
          <h2>{project.name}</h2>
          <div className="inspector__id">Select a layer to see and change its settings.</div>
        </header>
        {project.description && (
          <details className="inspector__description" open={project.description.length < 600}>
            <summary>About this model</summary>
            <p>{project.description}</p>
          </details>
        )}
        <section className="inspector__section">
          <h3>Model summary</h3>
          <ModelSummary project={project} compiled={compiled} />
        </section>
      </div>
    );
  }
  return (
    <aside className="inspector" aria-label="Inspector" data-testid="inspector">
      {body}
    </aside>
  );
}
