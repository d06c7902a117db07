/**
 * The inspector for one layer: what it is, what is wrong with it and how to
 * fix it, what it outputs and costs, what it outputs on a sample
 * (LayerPreview.tsx), a form for its parameters, and the learner's text
 * about its type.
 */
import type { Project, ProjectNode } from '../../../shared/graph';
import { getLayer } from '../../../shared/layers';
import { formatShape } from '../canvas/flow-graph';
import type { Compiled } from '../project/compiled';
import { useProjectStore } from '../project/store';
import { CATEGORY_TITLES } from '../palette/search';
import { LayerDoc } from '../ui/LayerDoc';
import { formatSi } from './format';
import { LayerPreview } from './LayerPreview';
import { ParamField } from './ParamField';

export function NodeInspector({ project, node, compiled }: { project: Project; node: ProjectNode; compiled: Compiled }) {
  const def = getLayer(node.type);
  const shapes = compiled.result.shapes.get(node.id);
  const cost = compiled.costs.layers.get(node.id);
  const issues = [...compiled.result.errors, ...compiled.result.warnings].filter((e) => e.node === node.id);
  const setParam = (name: string, value: unknown) => useProjectStore.getState().setParam(node.id, name, value);

  return (
    <div className="inspector__body" data-testid="node-inspector" data-node-id={node.id}>
      <header className="inspector__head">
        <div className="inspector__title">
          <h2>{node.type}</h2>
          {def && <span className={`chip category-${def.category}`}>{CATEGORY_TITLES[def.category]}</span>}
        </div>
        <div className="inspector__id" title="The layer's id: exported code uses it as the layer's name">
          {node.id}
        </div>
      </header>

      {issues.length > 0 && (
        <ul className="inspector__issues">
          {issues.map((issue, i) => (
            <li key={i} className={`issue issue--${issue.severity}`} data-testid="inspector-issue">
              <span className="issue__code">{issue.code}</span> {issue.message}
              <div className="issue__fix">Fix: {issue.fix}</div>
            </li>
          ))}
        </ul>
      )}

      <dl className="facts">
        <div>
          <dt>Output</dt>
          <dd className="mono" data-testid="inspector-shape">{shapes ? formatShape(shapes.outputShape) : '?'}</dd>
        </div>
        <div>
          <dt>Parameters</dt>
          <dd>{shapes ? (shapes.params.trainable + shapes.params.nonTrainable).toLocaleString('en-US') : '?'}</dd>
        </div>
        <div>
          <dt title="Floating-point operations for one sample, forward pass (2 per multiply-accumulate)">FLOPs</dt>
          <dd>{cost ? formatSi(cost.flops) : '?'}</dd>
        </div>
      </dl>

      <LayerPreview project={project} node={node} compiled={compiled} />

      {def && Object.keys(def.params).length > 0 && (
        <section className="inspector__section">
          <h3>Parameters</h3>
          <div className="fields">
            {Object.entries(def.params).map(([name, spec]) => (
              <ParamField key={`${node.id}.${name}`} name={name} spec={spec} value={node.params[name]} onChange={(v) => setParam(name, v)} />
            ))}
          </div>
        </section>
      )}

      {def && (
        <section className="inspector__section">
          <h3>About {def.type}</h3>
          <LayerDoc def={def} />
        </section>
      )}
    </div>
  );
}
